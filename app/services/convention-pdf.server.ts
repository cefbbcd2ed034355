// The convention d'occupation as a PDF (pdf-lib, standard Helvetica: WinAnsi covers French).
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import type { Convention } from "~/domain/convention";

const PAGE = { width: 595.28, height: 841.89, margin: 56 };

/** Characters Helvetica (WinAnsi) cannot draw are replaced by their closest plain form. */
function winAnsi(text: string): string {
  return text
    .replace(/[\u202f\u00a0\u2009]/g, " ")
    .replace(/[‐‑–]/g, "-")
    .replace(/[^\x20-\x7e\u00a0-\u00ff€œŒ’‘“”…—•]/g, "?");
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of winAnsi(text).split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export async function conventionPdf(convention: Convention, lines: { parties: string[] }): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(convention.title));
  pdf.setLanguage("fr-FR");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const write = (text: string, font: PDFFont, size: number, gapAfter = 4) => {
    for (const line of wrap(text, font, size, width)) {
      if (y < PAGE.margin + size) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(line, { x: PAGE.margin, y: y - size, size, font });
      y -= size * 1.35;
    }
    y -= gapAfter;
  };
  write(convention.title, bold, 16, 12);
  for (const line of lines.parties) write(line, regular, 10, 2);
  y -= 8;
  for (const article of convention.articles) {
    write(`Article ${article.number} — ${article.heading}`, bold, 12, 4);
    for (const paragraph of article.paragraphs) write(paragraph, regular, 10, 6);
  }
  y -= 16;
  write("Fait en deux exemplaires. Signatures :", regular, 10, 30);
  write(`Pour ${convention.parties.collectivite.name}`, regular, 10, 30);
  write(`Pour ${convention.parties.occupant.name}`, regular, 10, 0);
  return pdf.save();
}

/** The parties, one line each, as printed above the articles. */
export function partyLines(convention: Convention): string[] {
  const { collectivite, occupant } = convention.parties;
  return [
    `Entre ${collectivite.designation}`,
    "et",
    `${occupant.designation}`,
  ];
}
