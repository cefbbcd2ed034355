import { formatThousandths, inKindCsv, invoiceLinesCsv } from "~/domain/invoice-export";

describe("invoice CSV export", () => {
  it.each([
    [1000, "1"],
    [1500, "1,5"],
    [2125, "2,125"],
    [-1000, "-1"],
    [0, "0"],
  ])("writes %i thousandths as %s", (value, text) => {
    expect(formatThousandths(value)).toBe(text);
  });

  it("writes one row per line with cents, a credit note's reference and formula-safe text", () => {
    const csv = invoiceLinesCsv([
      {
        kind: "CREDIT_NOTE",
        number: "2027-000003",
        issueDate: "2027-02-15",
        dueDate: null,
        correctsNumber: "2027-000001",
        buyerName: "=Association; test",
        buyerSiret: "81234567800013",
        position: 0,
        description: "Salle — réservation (2 h ; tarif ESS)",
        quantityMillis: -1000,
        unitPriceHtMillis: 15000,
        vatRate: 550,
        amountHtCents: -1500,
        vatCents: -83,
        amountTtcCents: -1583,
        invoiceHtCents: -1500,
        invoiceVatCents: -83,
        invoiceTtcCents: -1583,
      },
    ]);
    const [, row] = csv.replace(/^\ufeff/, "").split("\r\n");
    expect(row).toBe(
      'Avoir;2027-000003;15/02/2027;;2027-000001;"\'=Association; test";81234567800013;1;"Salle — réservation (2 h ; tarif ESS)";-1;15000;5,5;-1500;-83;-1583;-1500;-83;-1583',
    );
  });

  it("writes the in-kind support per organisation and year", () => {
    expect(inKindCsv([{ organizationName: "Vélo", year: 2027, publicValueCents: 15500, billedCents: 9500, inKindCents: 6000 }])).toBe(
      "\ufeffOrganisation;Année;Valeur au tarif public (centimes);Montant facturé HT (centimes);Avantages en nature (centimes)\r\nVélo;2027;15500;9500;6000\r\n",
    );
  });
});
