// The PDF of an issued invoice or credit note, drawn with pdf-lib (docs/decisions/0009) from the
// stored document (buildInvoice/creditNoteFor output), so it shows exactly what was issued.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatVatRate, type Invoice } from "~/domain/invoicing";
import { formatEuros } from "~/domain/pricing";
import { formatDayMonthYear } from "~/domain/time";

const MARGIN = 50;
const PAGE: [number, number] = [595.28, 841.89]; // A4

/** The standard fonts speak WinAnsi: replace the narrow and non-breaking spaces our formats use. */
function winAnsi(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, " ").replace(/[—–]/g, "-").replace(/[«»]/g, '"').replace(/[^\x20-\x7e\u00a0-\u00ff€’]/g, "?");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of winAnsi(text).split("\n")) {
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
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
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
