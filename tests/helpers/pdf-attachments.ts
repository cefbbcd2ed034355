// Reads what a PDF carries besides its pages, with pdf-lib's low-level objects: the embedded
// files of the EmbeddedFiles name tree (with their /AFRelationship), the catalog's /AF array
// and the XMP metadata stream. Used to check Factur-X files (PDF/A-3 with factur-x.xml).
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from "pdf-lib";

export type PdfAttachment = { name: string; relationship: string | null; subtype: string | null; content: Buffer };

function text(value: unknown): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  if (value instanceof PDFName) return value.decodeText();
  return null;
}

function streamBytes(stream: unknown): Buffer {
  if (!(stream instanceof PDFRawStream)) throw new Error("PDF : flux attendu.");
  return Buffer.from(decodePDFRawStream(stream).decode());
}

/** Embedded files listed in the catalog's /Names /EmbeddedFiles tree (flat or with /Kids). */
export async function pdfAttachments(bytes: Uint8Array): Promise<PdfAttachment[]> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const names = pdf.catalog.lookupMaybe(PDFName.of("Names"), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of("EmbeddedFiles"), PDFDict);
  const attachments: PdfAttachment[] = [];
  const walk = (node: PDFDict) => {
    const kids = node.lookupMaybe(PDFName.of("Kids"), PDFArray);
    for (let i = 0; kids && i < kids.size(); i++) walk(kids.lookup(i, PDFDict));
    const pairs = node.lookupMaybe(PDFName.of("Names"), PDFArray);
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const spec = pairs.lookup(i + 1, PDFDict);
      const ef = spec.lookup(PDFName.of("EF"), PDFDict);
      const file = ef.lookup(PDFName.of("F"));
      attachments.push({
        name: text(pairs.lookup(i)) ?? "",
        relationship: text(spec.lookup(PDFName.of("AFRelationship"))),
        subtype: file instanceof PDFRawStream ? text(file.dict.lookup(PDFName.of("Subtype"))) : null,
        content: streamBytes(file),
      });
    }
  };
  if (tree) walk(tree);
  return attachments;
}

/** The catalog's /Metadata stream (XMP) as text, and how many file specs its /AF array lists. */
export async function pdfCatalogInfo(bytes: Uint8Array): Promise<{ xmp: string | null; associatedFiles: number; outputIntents: number }> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const metadata = pdf.catalog.lookup(PDFName.of("Metadata"));
  const af = pdf.catalog.lookupMaybe(PDFName.of("AF"), PDFArray);
  const intents = pdf.catalog.lookupMaybe(PDFName.of("OutputIntents"), PDFArray);
  return {
    xmp: metadata ? streamBytes(metadata).toString("utf8") : null,
    associatedFiles: af ? af.size() : 0,
    outputIntents: intents ? intents.size() : 0,
  };
}

/** Every font program of the PDF (simple fonts and CID fonts) and whether it is embedded. */
export async function pdfFonts(bytes: Uint8Array): Promise<Array<{ name: string; embedded: boolean }>> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const fonts: Array<{ name: string; embedded: boolean }> = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || text(object.get(PDFName.of("Type"))) !== "Font") continue;
    if (text(object.get(PDFName.of("Subtype"))) === "Type0") continue; // its descendant CID font is listed
    const descriptor = object.lookupMaybe(PDFName.of("FontDescriptor"), PDFDict);
    const embedded = ["FontFile", "FontFile2", "FontFile3"].some((key) => descriptor?.get(PDFName.of(key)) !== undefined);
    fonts.push({ name: text(object.get(PDFName.of("BaseFont"))) ?? "?", embedded });
  }
  return fonts;
}
