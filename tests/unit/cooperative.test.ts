import { describe, expect, it } from "vitest";
import {
  checkMovements,
  collegesSchema,
  collegeSummaryCsv,
  csvAmount,
  csvDate,
  csvField,
  csvText,
  formatWeightPercent,
  holdsPaidShares,
  parseWeightPercent,
  registerAt,
  registerCsv,
  registerRows,
  summaryByCollege,
  toCsv,
  validateColleges,
  validateMovement,
  type Associate,
  type College,
  type ShareMovement,
} from "~/domain/cooperative";

// -----------------------------------------------------------------------------------------------
// Collèges
// -----------------------------------------------------------------------------------------------

describe("formatWeightPercent / parseWeightPercent", () => {
  it.each([
    [5500, "55 %"],
    [3333, "33,33 %"],
    [1050, "10,5 %"],
    [10000, "100 %"],
    [5, "0,05 %"],
    [0, "0 %"],
  ])("formatWeightPercent(%i) = %s", (basisPoints, expected) => {
    expect(formatWeightPercent(basisPoints)).toBe(expected);
  });

  it.each<[unknown, number | null]>([
    ["33,33", 3333],
    ["33.33", 3333],
    ["25", 2500],
    [25, 2500],
    [33.33, 3333],
    ["10,5", 1050],
    [" 50 ", 5000],
    ["33,333", null],
    ["-10", null],
    ["abc", null],
    ["", null],
    [null, null],
  ])("parseWeightPercent(%j) = %j", (input, expected) => {
    expect(parseWeightPercent(input)).toBe(expected);
  });
});

describe("validateColleges", () => {
  const c = (name: string, weightBasisPoints: number) => ({ name, weightBasisPoints });

  it.each([
    ["30 / 40 / 30", [c("Salariés", 3000), c("Usagers", 4000), c("Bénévoles", 3000)]],
    ["the bounds 10 % and 50 % are allowed", [c("Salariés", 5000), c("Usagers", 4000), c("Bénévoles", 1000)]],
    ["33,33 / 33,33 / 33,34", [c("Salariés", 3333), c("Usagers", 3333), c("Collectivités", 3334)]],
    [
      "five collèges",
      [c("Salariés", 2000), c("Usagers", 2000), c("Bénévoles", 2000), c("Collectivités", 2000), c("Partenaires", 2000)],
    ],
  ])("accepts %s", (_label, colleges) => {
    expect(validateColleges(colleges)).toEqual([]);
  });

  it("requires at least 3 collèges", () => {
    expect(validateColleges([c("Salariés", 5000), c("Usagers", 5000)])).toEqual([
      { code: "TOO_FEW_COLLEGES", index: null, message: "Il faut au moins 3 collèges." },
    ]);
  });

  it("refuses a collège above 50 %", () => {
    expect(validateColleges([c("Salariés", 5500), c("Usagers", 2500), c("Bénévoles", 2000)])).toEqual([
      {
        code: "WEIGHT_OUT_OF_RANGE",
        index: 0,
        message: "Le collège « Salariés » pèse 55 % : chaque collège doit peser entre 10 % et 50 %.",
      },
    ]);
  });

  it("refuses a collège below 10 %, to the basis point", () => {
    expect(validateColleges([c("Salariés", 5000), c("Usagers", 4001), c(" Bénévoles ", 999)])).toEqual([
      {
        code: "WEIGHT_OUT_OF_RANGE",
        index: 2,
        message: "Le collège « Bénévoles » pèse 9,99 % : chaque collège doit peser entre 10 % et 50 %.",
      },
    ]);
  });

  it("refuses a total other than 100 %", () => {
    expect(validateColleges([c("Salariés", 3000), c("Usagers", 3500), c("Bénévoles", 3000)])).toEqual([
      { code: "TOTAL_NOT_100", index: null, message: "La somme des droits de vote est de 95 % : elle doit être de 100 %." },
    ]);
    expect(validateColleges([c("Salariés", 3333), c("Usagers", 3333), c("Bénévoles", 3333)]).map((i) => i.message)).toEqual([
      "La somme des droits de vote est de 99,99 % : elle doit être de 100 %.",
    ]);
  });

  it("refuses two collèges with the same name (case and spaces ignored)", () => {
    expect(validateColleges([c("Usagers", 4000), c("Salariés", 3000), c(" usagers ", 3000)])).toEqual([
      {
        code: "DUPLICATE_NAME",
        index: 2,
        message: "Deux collèges portent le nom « usagers » : chaque collège doit avoir un nom distinct.",
      },
    ]);
  });

  it("reports every issue, in a fixed order", () => {
    expect(validateColleges([c("Salariés", 6000), c("Usagers", 500)]).map((i) => i.code)).toEqual([
      "TOO_FEW_COLLEGES",
      "WEIGHT_OUT_OF_RANGE",
      "WEIGHT_OUT_OF_RANGE",
      "TOTAL_NOT_100",
    ]);
    expect(validateColleges([]).map((i) => i.message)).toEqual([
      "Il faut au moins 3 collèges.",
      "La somme des droits de vote est de 0 % : elle doit être de 100 %.",
    ]);
  });
});

describe("collegesSchema", () => {
  type Issue = { path: string; message: string };
  const issuesOf = (input: unknown): Issue[] => {
    const result = collegesSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  };

  it("parses percents into basis points", () => {
    const result = collegesSchema.safeParse([
      { name: " Salariés ", weightPercent: "33,33" },
      { name: "Usagers", weightPercent: "33.33" },
      { name: "Bénévoles", weightPercent: 33.34 },
    ]);
    expect(result.success && result.data).toEqual([
      { name: "Salariés", weightBasisPoints: 3333 },
      { name: "Usagers", weightBasisPoints: 3333 },
      { name: "Bénévoles", weightBasisPoints: 3334 },
    ]);
  });

  it("puts the weight issue on the collège's field, the list issues on the list", () => {
    expect(
      issuesOf([
        { name: "Salariés", weightPercent: "55" },
        { name: "Usagers", weightPercent: "40" },
      ]),
    ).toEqual([
      { path: "", message: "Il faut au moins 3 collèges." },
      { path: "0.weightPercent", message: "Le collège « Salariés » pèse 55 % : chaque collège doit peser entre 10 % et 50 %." },
      { path: "", message: "La somme des droits de vote est de 95 % : elle doit être de 100 %." },
    ]);
  });

  it("puts a duplicate name on the name field", () => {
    expect(
      issuesOf([
        { name: "Usagers", weightPercent: "40" },
        { name: "Salariés", weightPercent: "30" },
        { name: "USAGERS", weightPercent: "30" },
      ]),
    ).toEqual([
      { path: "2.name", message: "Deux collèges portent le nom « USAGERS » : chaque collège doit avoir un nom distinct." },
    ]);
  });

  it("explains a malformed percent and a missing name", () => {
    expect(
      issuesOf([
        { name: "", weightPercent: "30" },
        { name: "Usagers", weightPercent: "quarante" },
        { name: "Bénévoles", weightPercent: "30" },
      ]),
    ).toEqual([
      { path: "0.name", message: "Indiquez le nom du collège." },
      { path: "1.weightPercent", message: "Le poids doit être un pourcentage avec au plus 2 décimales, par exemple 25 ou 33,33." },
    ]);
  });
});

// -----------------------------------------------------------------------------------------------
// Register
// -----------------------------------------------------------------------------------------------

const colleges: College[] = [
  { id: "sal", name: "Salariés", weightBasisPoints: 3000 },
  { id: "usa", name: "Usagers", weightBasisPoints: 4000 },
  { id: "col", name: "Collectivités", weightBasisPoints: 2000 },
  { id: "ben", name: "Bénévoles", weightBasisPoints: 1000 },
];

const associates: Associate[] = [
  { id: "a1", kind: "PERSON", name: "Jeanne Martin", collegeId: "sal" },
  { id: "a2", kind: "ORGANISATION", name: "Association Les Ateliers", collegeId: "usa" },
  { id: "a3", kind: "ORGANISATION", name: "Commune de Villeurbanne", collegeId: "col" },
  { id: "a4", kind: "PERSON", name: "Karim Benali", collegeId: "sal" },
];

// Parts at 50 € except the commune's (100 €). Written out of date order on purpose.
const ledger: ShareMovement[] = [
  { kind: "TRANSFER", id: "m5", fromAssociateId: "a1", toAssociateId: "a4", date: "2027-04-01", shares: 5 },
  { kind: "SUBSCRIPTION", id: "m1", associateId: "a1", date: "2027-01-10", shares: 4, nominalValueCents: 5000, paidOn: "2027-01-10" },
  { kind: "SUBSCRIPTION", id: "m2", associateId: "a2", date: "2027-01-15", shares: 10, nominalValueCents: 5000, paidOn: "2027-02-01" },
  { kind: "SUBSCRIPTION", id: "m3", associateId: "a3", date: "2027-02-01", shares: 20, nominalValueCents: 10000, paidOn: null },
  { kind: "SUBSCRIPTION", id: "m4", associateId: "a1", date: "2027-03-01", shares: 2, nominalValueCents: 5000, paidOn: null },
  { kind: "REFUND", id: "m6", associateId: "a2", date: "2027-06-30", shares: 10 },
];

const pos = (associateId: string, enteredOn: string, shares: number, capital: number, paid: number) => ({
  associateId,
  enteredOn,
  shares,
  capitalCents: capital,
  paidCapitalCents: paid,
  unpaidCapitalCents: capital - paid,
});

describe("registerAt", () => {
  it.each([
    ["2027-01-09", []],
    ["2027-01-10", [pos("a1", "2027-01-10", 4, 20000, 20000)]],
    ["2027-01-31", [pos("a1", "2027-01-10", 4, 20000, 20000), pos("a2", "2027-01-15", 10, 50000, 0)]],
    [
      "2027-02-01",
      [pos("a1", "2027-01-10", 4, 20000, 20000), pos("a2", "2027-01-15", 10, 50000, 50000), pos("a3", "2027-02-01", 20, 200000, 0)],
    ],
    [
      "2027-03-01",
      [pos("a1", "2027-01-10", 6, 30000, 20000), pos("a2", "2027-01-15", 10, 50000, 50000), pos("a3", "2027-02-01", 20, 200000, 0)],
    ],
    // a1 hands over its 4 paid parts (oldest lot) and 1 unpaid part of the March lot.
    [
      "2027-04-01",
      [
        pos("a1", "2027-01-10", 1, 5000, 0),
        pos("a2", "2027-01-15", 10, 50000, 50000),
        pos("a3", "2027-02-01", 20, 200000, 0),
        pos("a4", "2027-04-01", 5, 25000, 20000),
      ],
    ],
    // a2 left: it no longer appears.
    ["2027-06-30", [pos("a1", "2027-01-10", 1, 5000, 0), pos("a3", "2027-02-01", 20, 200000, 0), pos("a4", "2027-04-01", 5, 25000, 20000)]],
  ])("at %s", (date, expected) => {
    expect(registerAt(ledger, date)).toEqual(expected);
  });

  it("a transferred lot becomes paid when its subscription is paid", () => {
    const paidLater = ledger.map((m) => (m.id === "m4" ? { ...m, paidOn: "2027-05-15" } : m));
    expect(registerAt(paidLater, "2027-05-14").filter((p) => ["a1", "a4"].includes(p.associateId))).toEqual([
      pos("a1", "2027-01-10", 1, 5000, 0),
      pos("a4", "2027-04-01", 5, 25000, 20000),
    ]);
    expect(registerAt(paidLater, "2027-05-15").filter((p) => ["a1", "a4"].includes(p.associateId))).toEqual([
      pos("a1", "2027-01-10", 1, 5000, 5000),
      pos("a4", "2027-04-01", 5, 25000, 25000),
    ]);
  });

  it("a refund cancels the oldest lots first", () => {
    const movements: ShareMovement[] = [
      { kind: "SUBSCRIPTION", id: "s1", associateId: "a1", date: "2027-01-10", shares: 3, nominalValueCents: 5000, paidOn: "2027-01-10" },
      { kind: "SUBSCRIPTION", id: "s2", associateId: "a1", date: "2027-02-10", shares: 3, nominalValueCents: 8000, paidOn: null },
      { kind: "REFUND", id: "r1", associateId: "a1", date: "2027-03-10", shares: 4 },
    ];
    // Left: 2 parts of the February lot at 80 €, unpaid.
    expect(registerAt(movements, "2027-03-10")).toEqual([pos("a1", "2027-01-10", 2, 16000, 0)]);
  });

  it("gives back received parts to the same lot (no duplicated lot)", () => {
    const movements: ShareMovement[] = [
      { kind: "SUBSCRIPTION", id: "s1", associateId: "a1", date: "2027-01-10", shares: 4, nominalValueCents: 5000, paidOn: "2027-01-10" },
      { kind: "TRANSFER", id: "t1", fromAssociateId: "a1", toAssociateId: "a4", date: "2027-02-01", shares: 2 },
      { kind: "TRANSFER", id: "t2", fromAssociateId: "a1", toAssociateId: "a4", date: "2027-02-02", shares: 1 },
      { kind: "TRANSFER", id: "t3", fromAssociateId: "a4", toAssociateId: "a1", date: "2027-02-03", shares: 3 },
    ];
    expect(registerAt(movements, "2027-02-02")).toEqual([pos("a1", "2027-01-10", 1, 5000, 5000), pos("a4", "2027-02-01", 3, 15000, 15000)]);
    expect(registerAt(movements, "2027-02-03")).toEqual([pos("a1", "2027-01-10", 4, 20000, 20000)]);
  });

  it("applies same-date movements in the given order", () => {
    const subscribe: ShareMovement = {
      kind: "SUBSCRIPTION",
      id: "s1",
      associateId: "a1",
      date: "2027-01-10",
      shares: 2,
      nominalValueCents: 5000,
      paidOn: null,
    };
    const transfer: ShareMovement = { kind: "TRANSFER", id: "t1", fromAssociateId: "a1", toAssociateId: "a4", date: "2027-01-10", shares: 2 };
    expect(registerAt([subscribe, transfer], "2027-01-10")).toEqual([pos("a4", "2027-01-10", 2, 10000, 0)]);
    expect(() => registerAt([transfer, subscribe], "2027-01-10")).toThrow(
      new RangeError("Le 10 janvier 2027, a1 ne détient aucune part : impossible d'en céder 2."),
    );
  });

  it("refuses an invalid date", () => {
    expect(() => registerAt(ledger, "2027-02-30")).toThrow(new RangeError("registerAt : date invalide « 2027-02-30 »."));
  });

  it.each([
    ["a2", "2027-01-31", false],
    ["a2", "2027-02-01", true],
    ["a2", "2027-06-30", false],
    ["a3", "2027-06-30", false],
    ["a1", "2027-03-31", true],
    ["a1", "2027-04-01", false],
    ["a4", "2027-04-01", true],
    ["unknown", "2027-04-01", false],
  ])("holdsPaidShares(%s, %s) = %s", (associateId, date, expected) => {
    expect(holdsPaidShares(ledger, associateId, date)).toBe(expected);
  });
});

describe("checkMovements / validateMovement", () => {
  it("finds nothing wrong in a valid ledger", () => {
    expect(checkMovements(ledger, associates)).toEqual([]);
  });

  it("refuses to transfer more parts than held", () => {
    const candidate: ShareMovement = { kind: "TRANSFER", id: "x", fromAssociateId: "a4", toAssociateId: "a1", date: "2027-04-02", shares: 6 };
    expect(validateMovement(ledger, candidate, associates)).toEqual([
      "Le 2 avril 2027, Karim Benali ne détient que 5 parts : impossible d'en céder 6.",
    ]);
  });

  it("refuses a refund to someone holding no part, and says « qu'une part » for one", () => {
    const none: ShareMovement = { kind: "REFUND", id: "x", associateId: "a4", date: "2027-03-15", shares: 1 };
    expect(validateMovement(ledger, none, associates)).toEqual([
      "Le 15 mars 2027, Karim Benali ne détient aucune part : impossible d'en faire rembourser 1.",
    ]);
    const one: ShareMovement = { kind: "REFUND", id: "y", associateId: "a1", date: "2027-04-01", shares: 2 };
    expect(validateMovement(ledger, one, associates)).toEqual([
      "Le 1er avril 2027, Jeanne Martin ne détient qu'une part : impossible d'en faire rembourser 2.",
    ]);
  });

  it("refuses a back-dated movement that makes a later one impossible", () => {
    const candidate: ShareMovement = { kind: "REFUND", id: "x", associateId: "a1", date: "2027-03-15", shares: 4 };
    expect(validateMovement(ledger, candidate, associates)).toEqual([
      "Le 1er avril 2027, Jeanne Martin ne détient que 2 parts : impossible d'en céder 5.",
    ]);
  });

  it("accepts a valid movement", () => {
    const candidate: ShareMovement = { kind: "TRANSFER", id: "x", fromAssociateId: "a4", toAssociateId: "a1", date: "2027-04-02", shares: 5 };
    expect(validateMovement(ledger, candidate, associates)).toEqual([]);
  });

  it.each<[string, ShareMovement, string[]]>([
    [
      "zero parts",
      { kind: "SUBSCRIPTION", id: "x", associateId: "a1", date: "2027-05-01", shares: 0, nominalValueCents: 5000, paidOn: null },
      ["Le nombre de parts doit être un entier supérieur à zéro."],
    ],
    [
      "a fraction of a part",
      { kind: "TRANSFER", id: "x", fromAssociateId: "a3", toAssociateId: "a1", date: "2027-05-01", shares: 1.5 },
      ["Le nombre de parts doit être un entier supérieur à zéro."],
    ],
    [
      "a nominal value of zero",
      { kind: "SUBSCRIPTION", id: "x", associateId: "a1", date: "2027-05-01", shares: 1, nominalValueCents: 0, paidOn: null },
      ["La valeur nominale d'une part doit être un montant supérieur à zéro, en centimes."],
    ],
    [
      "a payment before the subscription",
      { kind: "SUBSCRIPTION", id: "x", associateId: "a1", date: "2027-03-12", shares: 1, nominalValueCents: 5000, paidOn: "2027-03-01" },
      ["La libération (le 1er mars 2027) ne peut pas précéder la souscription (le 12 mars 2027)."],
    ],
    [
      "an impossible date",
      { kind: "REFUND", id: "x", associateId: "a3", date: "2027-02-30", shares: 1 },
      ["Date invalide : « 2027-02-30 » (format attendu : AAAA-MM-JJ)."],
    ],
    [
      "an impossible payment date",
      { kind: "SUBSCRIPTION", id: "x", associateId: "a1", date: "2027-03-12", shares: 1, nominalValueCents: 5000, paidOn: "12/03/2027" },
      ["Date de libération invalide : « 12/03/2027 » (format attendu : AAAA-MM-JJ)."],
    ],
    [
      "a transfer to oneself",
      { kind: "TRANSFER", id: "x", fromAssociateId: "a3", toAssociateId: "a3", date: "2027-05-01", shares: 1 },
      ["Une cession se fait entre deux associés différents."],
    ],
    [
      "an unknown associate",
      { kind: "TRANSFER", id: "x", fromAssociateId: "a3", toAssociateId: "zz", date: "2027-05-01", shares: 1 },
      ["Associé inconnu : « zz »."],
    ],
  ])("refuses %s", (_label, candidate, expected) => {
    expect(validateMovement(ledger, candidate, associates)).toEqual(expected);
  });

  it("reports every problem of a ledger with the movement concerned", () => {
    const bad: ShareMovement[] = [
      { kind: "REFUND", id: "r1", associateId: "a1", date: "2027-01-01", shares: 1 },
      { kind: "SUBSCRIPTION", id: "s1", associateId: "a1", date: "2027-01-02", shares: 1, nominalValueCents: -5, paidOn: null },
    ];
    expect(checkMovements(bad)).toEqual([
      { movementId: "r1", message: "Le 1er janvier 2027, a1 ne détient aucune part : impossible d'en faire rembourser 1." },
      { movementId: "s1", message: "La valeur nominale d'une part doit être un montant supérieur à zéro, en centimes." },
    ]);
    expect(() => registerAt(bad, "2027-12-31")).toThrow(
      new RangeError("Le 1er janvier 2027, a1 ne détient aucune part : impossible d'en faire rembourser 1."),
    );
  });
});

// -----------------------------------------------------------------------------------------------
// Summary and CSV
// -----------------------------------------------------------------------------------------------

describe("summaryByCollege", () => {
  it("sums associates, parts and capital per collège, empty collèges included", () => {
    expect(summaryByCollege(colleges, associates, registerAt(ledger, "2027-04-01"))).toEqual({
      colleges: [
        { collegeId: "sal", name: "Salariés", weightBasisPoints: 3000, associates: 2, shares: 6, capitalCents: 30000, paidCapitalCents: 20000, unpaidCapitalCents: 10000 },
        { collegeId: "usa", name: "Usagers", weightBasisPoints: 4000, associates: 1, shares: 10, capitalCents: 50000, paidCapitalCents: 50000, unpaidCapitalCents: 0 },
        { collegeId: "col", name: "Collectivités", weightBasisPoints: 2000, associates: 1, shares: 20, capitalCents: 200000, paidCapitalCents: 0, unpaidCapitalCents: 200000 },
        { collegeId: "ben", name: "Bénévoles", weightBasisPoints: 1000, associates: 0, shares: 0, capitalCents: 0, paidCapitalCents: 0, unpaidCapitalCents: 0 },
      ],
      totals: { associates: 4, shares: 36, capitalCents: 280000, paidCapitalCents: 70000, unpaidCapitalCents: 210000 },
    });
  });

  it("refuses an unknown associate or collège", () => {
    expect(() => summaryByCollege(colleges, associates, [pos("zz", "2027-01-01", 1, 5000, 0)])).toThrow(
      new RangeError("Associé inconnu : « zz »."),
    );
    const stray: Associate[] = [{ id: "a1", kind: "PERSON", name: "Jeanne Martin", collegeId: "old" }];
    expect(() => summaryByCollege(colleges, stray, [pos("a1", "2027-01-01", 1, 5000, 0)])).toThrow(
      new RangeError("Collège inconnu pour Jeanne Martin : « old »."),
    );
  });
});

describe("CSV", () => {
  it.each([
    ["plain", "plain"],
    ["a;b", '"a;b"'],
    ['Atelier "Le Lien"', '"Atelier ""Le Lien"""'],
    ["ligne 1\nligne 2", '"ligne 1\nligne 2"'],
    ["ligne 1\r\nligne 2", '"ligne 1\r\nligne 2"'],
    ["a,b", "a,b"],
    ["", ""],
  ])("csvField(%j) = %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+33 6 12", "'+33 6 12"],
    ["-Martin", "'-Martin"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["Jean-Martin", "Jean-Martin"],
  ])("csvText(%j) = %j", (value, expected) => {
    expect(csvText(value)).toBe(expected);
  });

  it.each([
    [123450, "1234,50"],
    [0, "0,00"],
    [7, "0,07"],
    [-5, "-0,05"],
    [-123456, "-1234,56"],
  ])("csvAmount(%i) = %s", (cents, expected) => {
    expect(csvAmount(cents)).toBe(expected);
  });

  it("csvDate writes French dates", () => {
    expect(csvDate("2027-03-12")).toBe("12/03/2027");
  });

  it("toCsv starts with a BOM and ends every line with CRLF", () => {
    expect(toCsv(["A", "B"], [["1", "x;y"]])).toBe('\ufeffA;B\r\n1;"x;y"\r\n');
    expect(toCsv(["A"], [])).toBe("\ufeffA\r\n");
  });

  it("exports the register of associates", () => {
    const rows = registerRows(registerAt(ledger, "2027-04-01"), associates, colleges);
    expect(registerCsv(rows)).toBe(
      "\ufeffAssocié;Type;Collège;Date d'entrée;Parts;Capital souscrit (€);Capital libéré (€);Capital non libéré (€)\r\n" +
        "Jeanne Martin;Personne physique;Salariés;10/01/2027;1;50,00;0,00;50,00\r\n" +
        "Association Les Ateliers;Personne morale;Usagers;15/01/2027;10;500,00;500,00;0,00\r\n" +
        "Commune de Villeurbanne;Personne morale;Collectivités;01/02/2027;20;2000,00;0,00;2000,00\r\n" +
        "Karim Benali;Personne physique;Salariés;01/04/2027;5;250,00;200,00;50,00\r\n",
    );
  });

  it("quotes and neutralises associate names", () => {
    const csv = registerCsv([
      {
        name: 'Atelier "Le Lien"; Lyon',
        kind: "ORGANISATION",
        collegeName: "=Usagers",
        enteredOn: "2027-01-15",
        shares: 2,
        capitalCents: 10000,
        paidCapitalCents: 10000,
        unpaidCapitalCents: 0,
      },
    ]);
    expect(csv.split("\r\n")[1]).toBe('"Atelier ""Le Lien""; Lyon";Personne morale;\'=Usagers;15/01/2027;2;100,00;100,00;0,00');
  });

  it("exports the summary per collège with a total line", () => {
    const summary = summaryByCollege(colleges, associates, registerAt(ledger, "2027-04-01"));
    expect(collegeSummaryCsv(summary)).toBe(
      "\ufeffCollège;Droits de vote;Associés;Parts;Capital souscrit (€);Capital libéré (€);Capital non libéré (€)\r\n" +
        "Salariés;30 %;2;6;300,00;200,00;100,00\r\n" +
        "Usagers;40 %;1;10;500,00;500,00;0,00\r\n" +
        "Collectivités;20 %;1;20;2000,00;0,00;2000,00\r\n" +
        "Bénévoles;10 %;0;0;0,00;0,00;0,00\r\n" +
        "Total;100 %;4;36;2800,00;700,00;2100,00\r\n",
    );
  });
});
