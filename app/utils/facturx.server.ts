// The Factur-X (EN 16931 profile) of an issued invoice or credit note: our PDF (invoice-pdf)
// made PDF/A-3 by `@e-invoice-eu/core`, with the CII XML attached as `factur-x.xml`
// (docs/decisions/0011). The library validates its input against the EN 16931 rules of the
// profile (cardinalities, code lists) and throws when it is not conformant.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { InvoiceService, type EInvoiceFormat, type FormatFactoryService, type Logger } from "@e-invoice-eu/core";
import { completeCiiTree, FACTURX_FORMAT, facturxInvoiceData, type CiiTree } from "~/domain/facturx";
import type { Invoice } from "~/domain/invoicing";
import { dataDir } from "./env.server";
import { invoicePdf } from "./invoice-pdf.server";
import { logger } from "./logger.server";

const libraryLogger: Logger = {
  log: (message: string) => logger.debug({ facturx: message }),
  warn: (message: string) => logger.warn({ facturx: message }),
  error: (message: string) => logger.error({ facturx: message }),
};

export function facturxFileName(invoice: Pick<Invoice, "kind" | "number">): string {
  return `${invoice.kind === "INVOICE" ? "facture" : "avoir"}-${invoice.number ?? "brouillon"}-factur-x.pdf`;
}

type CiiFormat = EInvoiceFormat & { postProcess?: (cii: CiiTree) => void };

/**
 * Runs `complete` on the CII tree after the library's own post-processing step, in the one
 * generation of `service`: what its mapping cannot write is added there (ADR 0011,
 * `completeCiiTree`). Throws if the library no longer has that step (the pinned version has it).
 */
function afterLibraryMapping(service: InvoiceService, complete: (cii: CiiTree) => void) {
  const factory = (service as unknown as { formatFactoryService: FormatFactoryService }).formatFactoryService;
  const create = factory.createFormatService.bind(factory);
  factory.createFormatService = (format: string, log: Logger) => {
    const formatter = create(format, log) as CiiFormat;
    const postProcess = formatter.postProcess?.bind(formatter);
    if (!postProcess) throw new Error("Factur-X : la bibliothèque n'a plus d'étape postProcess, revoir ADR 0011.");
    formatter.postProcess = (cii: CiiTree) => {
      postProcess(cii);
      complete(cii);
    };
    return formatter;
  };
}

export async function facturxPdf(invoice: Invoice): Promise<Uint8Array> {
  const pdf = await invoicePdf(invoice);
  const service = new InvoiceService(libraryLogger);
  afterLibraryMapping(service, (cii) => completeCiiTree(cii, invoice));
  const output = await service.generate(facturxInvoiceData(invoice), {
    format: FACTURX_FORMAT,
    lang: "fr-fr",
    pdf: { buffer: pdf, filename: facturxFileName(invoice).replace(/-factur-x\.pdf$/, ".pdf"), mimetype: "application/pdf" },
  });
  if (typeof output === "string") throw new Error("Factur-X : la bibliothèque a rendu du XML au lieu d'un PDF.");
  return output;
}

/** Bumped whenever the generated file changes (mapping, library, fonts): older copies are then left unread. */
export const FACTURX_CACHE_VERSION = 2;

/**
 * The Factur-X of an issued document, generated once and then read from
 * DATA_DIR/cache/facturx: an issued invoice or credit note never changes (corrections are credit
 * notes), and generating one costs seconds of CPU (font subsetting, PDF/A-3). Written to a
 * temporary name and renamed, so a concurrent download never reads half a file. Callers check
 * access first: the cache is by document id only.
 */
export async function storedFacturxPdf(invoiceId: string, invoice: Invoice): Promise<Uint8Array> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(invoiceId)) throw new Error("Factur-X : identifiant de document inattendu.");
  const directory = path.join(dataDir, "cache", "facturx");
  const file = path.join(directory, `${invoiceId}-v${FACTURX_CACHE_VERSION}.pdf`);
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const bytes = await facturxPdf(invoice);
  await fs.mkdir(directory, { recursive: true });
  const partial = `${file}.${randomUUID()}.tmp`;
  await fs.writeFile(partial, bytes);
  await fs.rename(partial, file);
  return bytes;
}

