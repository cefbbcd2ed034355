// The PDF of an issued invoice or credit note, drawn with pdf-lib (docs/decisions/0009) from the
// stored document (buildInvoice/creditNoteFor output), so it shows exactly what was issued.
// The text is set in DejaVu Sans, embedded (subset): PDF/A, which the Factur-X of the same
// invoice declares (0011), requires every font to be embedded, and it covers the narrow spaces,
// dashes and guillemets of our French formats that the standard 14 fonts cannot show.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatVatRate, type Invoice } from "~/domain/invoicing";
import { formatEuros } from "~/domain/pricing";
import { formatDayMonthYear } from "~/domain/time";

const MARGIN = 50;
const PAGE: [number, number] = [595.28, 841.89]; // A4

let fontFiles: Promise<{ regular: Uint8Array; bold: Uint8Array }> | null = null;

/** DejaVu Sans regular and bold, read once from the dejavu-fonts-ttf package. */
function loadFonts() {
  fontFiles ??= (async () => {
    const require = createRequire(import.meta.url);
    const file = (name: string) => readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`));
    const [regular, bold] = await Promise.all([file("DejaVuSans.ttf"), file("DejaVuSans-Bold.ttf")]);
    return { regular, bold };
  })();
  return fontFiles;
}

const characterSets = new WeakMap<PDFFont, Set<number>>();

/** Characters the font cannot draw become "?" (a PDF must not silently drop text). */
function drawable(text: string, font: PDFFont): string {
  let supported = characterSets.get(font);
  if (!supported) {
    supported = new Set(font.getCharacterSet());
    characterSets.set(font, supported);
  }
  const known = supported;
  return [...text].map((c) => (c === "\n" || known.has(c.codePointAt(0) ?? 0) ? c : "?")).join("");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of drawable(text, font).split("\n")) {
    let current = "";
    for (const word of paragraph.split(" ")) {
      const candidate = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) > width && current) {
        lines.push(current);
        current = word;
      } else current = candidate;
    }
    lines.push(current);
  }
  return lines;
}

export async function invoicePdf(invoice: Invoice): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const title = `${invoice.kind === "INVOICE" ? "Facture" : "Avoir"} ${invoice.number ?? "brouillon"}`;
  pdf.setTitle(title);
  pdf.setAuthor(invoice.seller.name);
  pdf.setLanguage("fr-FR");
  pdf.registerFontkit(fontkit);
  const files = await loadFonts();
  const font = await pdf.embedFont(files.regular, { subset: true });
  const bold = await pdf.embedFont(files.bold, { subset: true });
  let page: PDFPage = pdf.addPage(PAGE);
  let y = PAGE[1] - MARGIN;
  const width = PAGE[0] - 2 * MARGIN;

  const write = (text: string, options: { size?: number; bold?: boolean; x?: number; maxWidth?: number } = {}) => {
    const size = options.size ?? 9;
    const f = options.bold ? bold : font;
    for (const line of wrap(text, f, size, options.maxWidth ?? width)) {
      if (y < MARGIN + size) {
        page = pdf.addPage(PAGE);
        y = PAGE[1] - MARGIN;
      }
      page.drawText(line, { x: options.x ?? MARGIN, y, size, font: f, color: rgb(0, 0, 0) });
      y -= size + 3;
    }
  };

  write(title, { size: 16, bold: true });
  y -= 6;
  const seller = invoice.seller;
  write(`${seller.name} — ${seller.legalForm}`, { bold: true });
  write(`${seller.address.line1}, ${seller.address.postalCode} ${seller.address.city}`);
  write(`SIREN ${seller.siren}${seller.siret ? ` — SIRET ${seller.siret}` : ""}${seller.rcs ? ` — ${seller.rcs}` : ""}${seller.vatNumber ? ` — TVA ${seller.vatNumber}` : ""}`);
  y -= 6;
  const buyer = invoice.buyer;
  write("Client", { bold: true });
  write(buyer.name);
  write(`${buyer.address.line1}, ${buyer.address.postalCode} ${buyer.address.city}`);
  if (buyer.siret || buyer.siren) write(`${buyer.siren ? `SIREN ${buyer.siren}` : ""}${buyer.siret ? ` — SIRET ${buyer.siret}` : ""}`);
  y -= 6;
  for (const mention of invoice.mentions.slice(0, 3)) write(mention);
  y -= 8;

  write("Désignation — quantité × prix unitaire HT — TVA — montant HT", { bold: true });
  for (const line of invoice.lines) {
    write(line.description);
    write(
      `${String(line.quantity).replace(".", ",")} × ${formatEuros(Math.round(line.unitPriceHtMillis / 10))} HT — TVA ${formatVatRate(line.vatRate)} — ${formatEuros(line.amountHtCents)} HT`,
      { x: MARGIN + 20, maxWidth: width - 20 },
    );
  }
  y -= 8;
  for (const row of invoice.totals.byRate) {
    write(`Base HT à ${formatVatRate(row.vatRate)} : ${formatEuros(row.baseHtCents)} — TVA : ${formatEuros(row.vatCents)}`);
  }
  write(`Total HT : ${formatEuros(invoice.totals.htCents)}`, { bold: true });
  write(`Total TVA : ${formatEuros(invoice.totals.vatCents)}`, { bold: true });
  write(`Total TTC : ${formatEuros(invoice.totals.ttcCents)}`, { bold: true, size: 11 });
  y -= 8;
  for (const mention of invoice.mentions.slice(3)) write(mention, { size: 8 });
  if (invoice.dueDate) write(`Échéance : ${formatDayMonthYear(invoice.dueDate)}`, { size: 8 });
  return pdf.save();
}
