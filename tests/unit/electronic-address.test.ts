// The e-invoicing directory address (scheme 0225): its rule, and the form field that applies it
// beside the SIRET it must agree with.
import { ELECTRONIC_ADDRESS_MAX_LENGTH, electronicAddressProblem, normalizeElectronicAddress, routingAddress } from "~/domain/electronic-address";
import { organizationProfileSchema } from "~/forms/organization";

const SIREN = "552100554";
const SIRET = "55210055400013";

describe("electronicAddressProblem", () => {
  it.each([SIREN, `${SIREN}_${SIRET}`, `${SIREN}_${SIRET}_SERVICE-42`, `${SIREN}_FACTURES`, `${SIREN}_compta.nord`, `${SIREN}_A`])("accepts %s", (address) => {
    expect(electronicAddressProblem(address, SIREN)).toBeNull();
  });

  it.each([
    ["another SIREN", "812345678_FACTURES", "NOT_OWN_SIREN"],
    ["the SIREN and an empty complement", `${SIREN}_`, "NOT_OWN_SIREN"],
    ["the SIREN glued to a complement", `${SIREN}FACTURES`, "NOT_OWN_SIREN"],
    ["the SIREN's beginning", SIREN.slice(0, 8), "NOT_OWN_SIREN"],
    ["the SIRET alone", SIRET, "NOT_OWN_SIREN"],
    ["an accent", `${SIREN}_Comptabilité`, "CHARACTERS"],
    ["a space", `${SIREN}_mes factures`, "CHARACTERS"],
    ["the directory's scheme prefix left in", `0225:${SIREN}`, "CHARACTERS"],
    ["an e-mail address", "factures@exemple.fr", "CHARACTERS"],
    ["nothing", "", "CHARACTERS"],
    ["one character too many", `${SIREN}_${"X".repeat(ELECTRONIC_ADDRESS_MAX_LENGTH - SIREN.length)}`, "TOO_LONG"],
  ])("refuses %s", (_label, address, problem) => {
    expect(electronicAddressProblem(address, SIREN)).toBe(problem);
  });

  it("accepts the longest address allowed", () => {
    expect(electronicAddressProblem(`${SIREN}_${"X".repeat(ELECTRONIC_ADDRESS_MAX_LENGTH - SIREN.length - 1)}`, SIREN)).toBeNull();
  });

  it("cannot check an address without the company's SIREN", () => {
    expect(electronicAddressProblem(SIREN, null)).toBe("NO_SIREN");
  });
});

describe("normalizeElectronicAddress and routingAddress", () => {
  it("drops spaces around it and the directory's scheme prefix", () => {
    expect(normalizeElectronicAddress(`  0225:${SIREN}_FACTURES `)).toBe(`${SIREN}_FACTURES`);
    expect(normalizeElectronicAddress(`0225 : ${SIREN}`)).toBe(SIREN);
    expect(normalizeElectronicAddress(`${SIREN}_0225:x`)).toBe(`${SIREN}_0225:x`);
  });

  it("routes to the declared address, else the SIREN, else nowhere", () => {
    expect(routingAddress(`${SIREN}_FACTURES`, SIREN)).toBe(`${SIREN}_FACTURES`);
    expect(routingAddress(null, SIREN)).toBe(SIREN);
    expect(routingAddress("", SIREN)).toBe(SIREN);
    expect(routingAddress(null, null)).toBeNull();
  });
});

describe("the organisation form's electronic address", () => {
  const parse = (fields: Record<string, string>) => organizationProfileSchema.safeParse({ name: "Coopérative du Port", ...fields });
  const addressErrors = (fields: Record<string, string>) => {
    const result = parse(fields);
    return result.success ? [] : result.error.issues.filter((issue) => issue.path[0] === "electronicInvoicingAddress").map((issue) => issue.message);
  };

  it("keeps a declared address without the scheme, and null when left empty", () => {
    const declared = parse({ siret: "552 100 554 00013", electronicInvoicingAddress: ` 0225:${SIREN}_FACTURES ` });
    expect(declared.success && declared.data.electronicInvoicingAddress).toBe(`${SIREN}_FACTURES`);
    const empty = parse({ siret: SIRET, electronicInvoicingAddress: "  " });
    expect(empty.success && empty.data.electronicInvoicingAddress).toBeNull();
    const absent = parse({});
    expect(absent.success && absent.data.electronicInvoicingAddress).toBeNull();
  });

  it("explains each refusal in French beside the field", () => {
    expect(addressErrors({ siret: SIRET, electronicInvoicingAddress: "812345678" })).toEqual([
      `L'adresse de facturation électronique commence par le SIREN ${SIREN}, seul ou suivi de « _ » et d'un complément (par exemple ${SIREN}_FACTURES).`,
    ]);
    expect(addressErrors({ electronicInvoicingAddress: SIREN })).toEqual([
      "Indiquez le SIRET : l'adresse de facturation électronique commence par le SIREN (ses 9 premiers chiffres).",
    ]);
    expect(addressErrors({ siret: SIRET, electronicInvoicingAddress: `${SIREN}_à` })).toEqual([
      "L'adresse de facturation électronique ne peut contenir que des lettres sans accent, des chiffres et les signes « - », « _ » et « . ».",
    ]);
  });

  it("says nothing of the address while the SIRET itself is refused", () => {
    const result = parse({ siret: "55210055400014", electronicInvoicingAddress: SIREN });
    expect(result.success).toBe(false);
    expect(addressErrors({ siret: "55210055400014", electronicInvoicingAddress: SIREN })).toEqual([]);
  });
});
