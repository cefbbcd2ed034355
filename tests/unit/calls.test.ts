import {
  applicationSchema,
  callSchema,
  checkCallAgainstPremises,
  checkSubmission,
  decisionMessages,
  formatScore,
  formatSiret,
  frenchRank,
  missingDocuments,
  rankApplications,
  scoreApplication,
  siretSchema,
  type ApplicationInput,
  type CallInput,
  type Criterion,
  type Ranking,
  type ReviewScore,
} from "~/domain/calls";

const utc = (iso: string) => new Date(iso);

type Issue = { path: string; message: string };
function issuesOf(result: { success: boolean; error?: { issues: Array<{ path: (string | number)[]; message: string }> } }): Issue[] {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const CRITERIA: Criterion[] = [
  { id: "social", label: "Utilité sociale du projet", description: "", weight: 40 },
  { id: "viability", label: "Viabilité économique", description: "", weight: 35 },
  { id: "local", label: "Ancrage local", description: "", weight: 25 },
];

const validCall: CallInput = {
  deadline: "2027-05-31T12:00",
  criteria: CRITERIA.map(({ id, label, weight }) => ({ id, label, weight })),
  requiredDocuments: [
    { id: "statuts", label: "Statuts" },
    { id: "budget", label: "Budget prévisionnel", description: "Sur trois ans." },
  ],
};

// -----------------------------------------------------------------------------------------------
// The call
// -----------------------------------------------------------------------------------------------

describe("callSchema", () => {
  it("accepts a call whose weights sum to 100", () => {
    const result = callSchema.safeParse(validCall);
    expect(issuesOf(result)).toEqual([]);
    expect(result.data?.criteria[0]).toEqual({ id: "social", label: "Utilité sociale du projet", description: "", weight: 40 });
    expect(result.data?.requiredDocuments[1]).toEqual({ id: "budget", label: "Budget prévisionnel", description: "Sur trois ans." });
  });

  it("accepts a single criterion weighing 100 and no documents", () => {
    const result = callSchema.safeParse({ deadline: "2027-05-31T12:00", criteria: [{ id: "c", label: "Qualité du projet", weight: 100 }] });
    expect(issuesOf(result)).toEqual([]);
    expect(result.data?.requiredDocuments).toEqual([]);
  });

  const withCriteria = (weights: number[], labels = ["Utilité sociale du projet", "Viabilité économique", "Ancrage local"]) => ({
    ...validCall,
    criteria: weights.map((weight, index) => ({ id: `c${index}`, label: labels[index], weight })),
  });

  it.each<[string, unknown, Issue]>([
    [
      "weights summing to 95",
      withCriteria([40, 35, 20]),
      { path: "criteria", message: "La somme des pondérations doit être de 100 (actuellement 95)." },
    ],
    [
      "weights summing to 110",
      withCriteria([50, 35, 25]),
      { path: "criteria", message: "La somme des pondérations doit être de 100 (actuellement 110)." },
    ],
    ["a zero weight", withCriteria([0, 75, 25]), { path: "criteria.0.weight", message: "La pondération est comprise entre 1 et 100." }],
    ["a fractional weight", withCriteria([39.5, 35, 25]), { path: "criteria.0.weight", message: "La pondération est un nombre entier." }],
    ["no criterion", { ...validCall, criteria: [] }, { path: "criteria", message: "Ajoutez au moins un critère de sélection." }],
    [
      "eleven criteria",
      { ...validCall, criteria: Array.from({ length: 11 }, (_, index) => ({ id: `c${index}`, label: `Critère ${index}`, weight: 9 })) },
      { path: "criteria", message: "Ajoutez au plus 10 critères." },
    ],
    [
      "the same criterion twice",
      withCriteria([40, 35, 25], ["Ancrage local", "Viabilité économique", "ancrage local"]),
      { path: "criteria.2.label", message: "Ce critère figure deux fois." },
    ],
    [
      "the same criterion id twice",
      { ...validCall, criteria: [{ id: "a", label: "Utilité sociale", weight: 50 }, { id: "a", label: "Viabilité", weight: 50 }] },
      { path: "criteria.1.id", message: "Identifiant de critère en double." },
    ],
    [
      "a deadline without time",
      { ...validCall, deadline: "2027-05-31" },
      { path: "deadline", message: "Indiquez la date limite de candidature (AAAA-MM-JJTHH:mm)." },
    ],
    [
      "a deadline that does not exist in Paris",
      { ...validCall, deadline: "2027-03-28T02:30" },
      { path: "deadline", message: "Cette heure n'existe pas à Paris (passage à l'heure d'été) : choisissez une autre heure." },
    ],
    [
      "the same document twice",
      { ...validCall, requiredDocuments: [{ id: "a", label: "Statuts" }, { id: "b", label: "statuts" }] },
      { path: "requiredDocuments.1.label", message: "Ce document figure deux fois." },
    ],
    [
      "a two-letter document",
      { ...validCall, requiredDocuments: [{ id: "a", label: "CV" }] },
      { path: "requiredDocuments.0.label", message: "L'intitulé du document doit compter au moins 3 caractères." },
    ],
  ])("refuses %s", (_label, input, expected) => {
    expect(issuesOf(callSchema.safeParse(input))).toEqual([expected]);
  });
});

describe("checkCallAgainstPremises", () => {
  it("accepts visits before the deadline, within availability", () => {
    expect(
      checkCallAgainstPremises({ deadline: "2027-05-31T12:00" }, { visits: ["2027-04-06T10:00", "2027-05-31T11:59"], availableUntil: "2029-12-31" }),
    ).toEqual([]);
  });

  it("reports visits at or after the deadline", () => {
    expect(
      checkCallAgainstPremises(
        { deadline: "2027-05-31T12:00" },
        { visits: ["2027-04-06T10:00", "2027-05-31T12:00", "2027-06-02T09:00"], availableUntil: null },
      ),
    ).toEqual([
      "La visite du lundi 31 mai 2027 à 12:00 n'a pas lieu avant la date limite de candidature (lundi 31 mai 2027 à 12:00) : les candidats visitent avant de candidater.",
      "La visite du mercredi 2 juin 2027 à 09:00 n'a pas lieu avant la date limite de candidature (lundi 31 mai 2027 à 12:00) : les candidats visitent avant de candidater.",
    ]);
  });

  it("reports a deadline after the end of availability", () => {
    expect(checkCallAgainstPremises({ deadline: "2027-05-31T12:00" }, { visits: [], availableUntil: "2027-05-30" })).toEqual([
      "La date limite de candidature (lundi 31 mai 2027 à 12:00) tombe après la fin de disponibilité du bien (30 mai 2027).",
    ]);
    expect(checkCallAgainstPremises({ deadline: "2027-05-31T12:00" }, { visits: [], availableUntil: "2027-05-31" })).toEqual([]);
  });
});

// -----------------------------------------------------------------------------------------------
// SIRET and application
// -----------------------------------------------------------------------------------------------

describe("SIRET", () => {
  // 12345678900015: Luhn sum 50. 35600000000001 (La Poste): digit sum 15, Luhn sum 15.
  // 35600000000014: Luhn sum 20 but digit sum 19, so not a valid La Poste SIRET.
  it.each([
    ["12345678900015", "12345678900015"],
    ["123 456 789 00015", "12345678900015"],
    [" 123456789 00015 ", "12345678900015"],
    ["35600000000001", "35600000000001"],
  ])("accepts %j as %s", (input, expected) => {
    const result = siretSchema.safeParse(input);
    expect(issuesOf(result)).toEqual([]);
    expect(result.data).toBe(expected);
  });

  it.each([
    ["", "Indiquez le SIRET de la structure."],
    ["   ", "Indiquez le SIRET de la structure."],
    ["1234567890001", "Le SIRET compte 14 chiffres."],
    ["1234567890001A", "Le SIRET compte 14 chiffres."],
    ["12345678900016", "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."],
    ["35600000000014", "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."],
    ["35600000000002", "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."],
  ])("refuses %j", (input, message) => {
    expect(issuesOf(siretSchema.safeParse(input))).toEqual([{ path: "", message }]);
  });

  it.each([
    ["12345678900015", "123 456 789 00015"],
    ["1234", "1234"],
  ])("formatSiret(%s) = %s", (siret, expected) => {
    expect(formatSiret(siret)).toBe(expected);
  });
});

const PROJECT = "Atelier de réparation de vélos ouvert aux habitants, avec une vélo-école pour adultes.";
const STATEMENT =
  "L'association accompagne vers l'emploi des personnes éloignées du marché du travail en les formant à la mécanique cycle. " +
  "Elle propose des réparations à prix libre et des ateliers gratuits pour les habitants du quartier prioritaire voisin.";

const validApplication: ApplicationInput = {
  siret: "123 456 789 00015",
  project: PROJECT,
  activity: "Atelier vélo et vélo-école",
  peopleInvolved: 8,
  desiredStart: "2027-06-01",
  durationMonths: 24,
  maxRentCents: 20000,
  socialUtilityStatement: STATEMENT,
  attachments: [{ documentId: "statuts", fileName: "statuts.pdf" }],
};

describe("applicationSchema", () => {
  it("accepts a complete application and normalises the SIRET", () => {
    expect(STATEMENT.length).toBeGreaterThanOrEqual(200);
    const result = applicationSchema.safeParse(validApplication);
    expect(issuesOf(result)).toEqual([]);
    expect(result.data?.siret).toBe("12345678900015");
    expect(result.data?.attachments).toEqual([{ documentId: "statuts", fileName: "statuts.pdf" }]);
  });

  it("defaults to no attachment", () => {
    const { attachments: _attachments, ...rest } = validApplication;
    expect(applicationSchema.parse(rest).attachments).toEqual([]);
  });

  it("accepts a statement of exactly 200 characters", () => {
    expect(issuesOf(applicationSchema.safeParse({ ...validApplication, socialUtilityStatement: "u".repeat(200) }))).toEqual([]);
  });

  it.each<[string, Partial<ApplicationInput>, Issue]>([
    [
      "a project of 49 characters",
      { project: "p".repeat(49) },
      { path: "project", message: "La présentation du projet doit compter au moins 50 caractères." },
    ],
    [
      "a statement of 199 characters",
      { socialUtilityStatement: "u".repeat(199) },
      { path: "socialUtilityStatement", message: "La déclaration d'utilité sociale doit compter au moins 200 caractères." },
    ],
    ["no activity", { activity: " " }, { path: "activity", message: "Indiquez l'activité prévue dans le bien." }],
    ["no one involved", { peopleInvolved: 0 }, { path: "peopleInvolved", message: "Au moins une personne porte le projet." }],
    ["a zero duration", { durationMonths: 0 }, { path: "durationMonths", message: "La durée est d'au moins 1 mois." }],
    ["145 months", { durationMonths: 145 }, { path: "durationMonths", message: "La durée ne doit pas dépasser 144 mois." }],
    ["six and a half months", { durationMonths: 6.5 }, { path: "durationMonths", message: "La durée est un nombre entier de mois." }],
    [
      "an impossible start",
      { desiredStart: "2027-06-31" },
      { path: "desiredStart", message: "Indiquez la date de début souhaitée (AAAA-MM-JJ)." },
    ],
    ["a negative maximum", { maxRentCents: -1 }, { path: "maxRentCents", message: "La redevance maximale ne peut pas être négative." }],
    ["a bad SIRET", { siret: "12345678900016" }, { path: "siret", message: "Ce SIRET n'est pas valide (clé de contrôle incorrecte)." }],
    [
      "an attachment without name",
      { attachments: [{ documentId: null, fileName: "" }] },
      { path: "attachments.0.fileName", message: "Indiquez le nom du fichier." },
    ],
  ])("refuses %s", (_label, changes, expected) => {
    expect(issuesOf(applicationSchema.safeParse({ ...validApplication, ...changes }))).toEqual([expected]);
  });
});

describe("submission", () => {
  const call = callSchema.parse(validCall);
  const both = [
    { documentId: "statuts", fileName: "statuts.pdf" },
    { documentId: "budget", fileName: "budget-2027-2029.xlsx" },
  ];

  it("lists the required documents not attached, ignoring free attachments", () => {
    expect(
      missingDocuments(call, [
        { documentId: "statuts", fileName: "statuts.pdf" },
        { documentId: null, fileName: "photo-atelier.jpg" },
      ]),
    ).toEqual([{ id: "budget", label: "Budget prévisionnel", description: "Sur trois ans." }]);
    expect(missingDocuments(call, both)).toEqual([]);
  });

  it.each([
    ["an open call with every document", "PUBLISHED", both, "2027-05-31T09:59:00Z", []],
    ["a call at its deadline", "PUBLISHED", both, "2027-05-31T10:00:00Z", ["L'appel à candidatures est clos depuis le lundi 31 mai 2027 à 12:00."]],
    ["a draft", "DRAFT", both, "2027-04-01T08:00:00Z", ["Ce bien ne fait pas l'objet d'un appel à candidatures ouvert."]],
    [
      "a call under review, without the budget",
      "UNDER_REVIEW",
      both.slice(0, 1),
      "2027-04-01T08:00:00Z",
      ["Ce bien ne fait pas l'objet d'un appel à candidatures ouvert.", "Document manquant : « Budget prévisionnel »."],
    ],
    ["an open call without any document", "PUBLISHED", [], "2027-04-01T08:00:00Z", ["Document manquant : « Statuts ».", "Document manquant : « Budget prévisionnel »."]],
  ] as const)("checkSubmission: %s", (_label, state, attachments, at, expected) => {
    expect(checkSubmission({ state, call, attachments, at: utc(at) })).toEqual(expected);
  });
});

// -----------------------------------------------------------------------------------------------
// Scoring
// -----------------------------------------------------------------------------------------------

/** Scores of one application written compactly: reviewer → criterion → score. */
function scores(applicationId: string, byReviewer: Record<string, Record<string, number>>): ReviewScore[] {
  return Object.entries(byReviewer).flatMap(([reviewerId, byCriterion]) =>
    Object.entries(byCriterion).map(([criterionId, score]) => ({ applicationId, reviewerId, criterionId, score })),
  );
}

describe("scoreApplication", () => {
  it("averages reviewers per criterion: 40×4,5/5 + 35×2,5/5 + 25×5/5 = 78,5", () => {
    // The second reviewer did not score "local": its mean is the first reviewer's 5.
    const result = scoreApplication(CRITERIA, scores("a", { r1: { social: 4, viability: 3, local: 5 }, r2: { social: 5, viability: 2 } }));
    expect(result).toEqual({
      complete: true,
      score: 78.5,
      scoreHundredths: 7850,
      criteria: [
        { criterionId: "social", label: "Utilité sociale du projet", weight: 40, reviewerCount: 2, meanScore: 4.5, points: 36 },
        { criterionId: "viability", label: "Viabilité économique", weight: 35, reviewerCount: 2, meanScore: 2.5, points: 17.5 },
        { criterionId: "local", label: "Ancrage local", weight: 25, reviewerCount: 1, meanScore: 5, points: 25 },
      ],
    });
  });

  it.each([
    ["every score 0", 0, 0],
    ["every score 5", 5, 100],
    ["every score 3", 3, 60],
  ])("%s gives %d", (_label, value, expected) => {
    const result = scoreApplication(CRITERIA, scores("a", { r1: { social: value, viability: value, local: value } }));
    expect(result.complete && result.score).toBe(expected);
  });

  it("rounds thirds once, on the exact total: 34×13/15 + 33×3/5 + 33×13/15 = 77,8666… → 77,87", () => {
    const criteria: Criterion[] = [
      { id: "a", label: "Critère A", description: "", weight: 34 },
      { id: "b", label: "Critère B", description: "", weight: 33 },
      { id: "c", label: "Critère C", description: "", weight: 33 },
    ];
    const result = scoreApplication(
      criteria,
      scores("x", { r1: { a: 4, b: 3, c: 5 }, r2: { a: 4, b: 3, c: 4 }, r3: { a: 5, b: 3, c: 4 } }),
    );
    expect(result).toEqual({
      complete: true,
      score: 77.87,
      scoreHundredths: 7787,
      criteria: [
        { criterionId: "a", label: "Critère A", weight: 34, reviewerCount: 3, meanScore: 4.33, points: 29.47 },
        { criterionId: "b", label: "Critère B", weight: 33, reviewerCount: 3, meanScore: 3, points: 19.8 },
        { criterionId: "c", label: "Critère C", weight: 33, reviewerCount: 3, meanScore: 4.33, points: 28.6 },
      ],
    });
  });

  it("does not add rounded points: 2 × 34/15 = 4,5333… → 4,53, while the points show 2,27 + 2,27", () => {
    const criteria: Criterion[] = [
      { id: "a", label: "Critère A", description: "", weight: 34 },
      { id: "b", label: "Critère B", description: "", weight: 34 },
      { id: "c", label: "Critère C", description: "", weight: 32 },
    ];
    const result = scoreApplication(
      criteria,
      scores("x", { r1: { a: 1, b: 1, c: 0 }, r2: { a: 0, b: 0, c: 0 }, r3: { a: 0, b: 0, c: 0 } }),
    );
    expect(result.complete && result.scoreHundredths).toBe(453);
    expect(result.criteria.map((criterion) => criterion.points)).toEqual([2.27, 2.27, 0]);
  });

  it("rounds half up: 32 reviewers, 29 × 4 and 3 × 3, on one criterion of 100 → 78,125 → 78,13", () => {
    const criteria: Criterion[] = [{ id: "only", label: "Qualité du projet", description: "", weight: 100 }];
    const list: ReviewScore[] = Array.from({ length: 32 }, (_, index) => ({
      applicationId: "x",
      reviewerId: `r${index}`,
      criterionId: "only",
      score: index < 29 ? 4 : 3,
    }));
    const result = scoreApplication(criteria, list);
    expect(result).toMatchObject({ complete: true, score: 78.13, scoreHundredths: 7813 });
    expect(result.criteria[0]).toMatchObject({ reviewerCount: 32, meanScore: 3.91, points: 78.13 });
  });

  it("counts the last score of a reviewer who scored a criterion twice, and ignores unknown criteria", () => {
    const result = scoreApplication(CRITERIA, [
      { reviewerId: "r1", criterionId: "social", score: 1 },
      { reviewerId: "r1", criterionId: "social", score: 5 },
      { reviewerId: "r1", criterionId: "viability", score: 5 },
      { reviewerId: "r1", criterionId: "local", score: 5 },
      { reviewerId: "r1", criterionId: "removed", score: 0 },
    ]);
    expect(result).toMatchObject({ complete: true, score: 100 });
    expect(result.criteria[0]).toMatchObject({ reviewerCount: 1, meanScore: 5 });
  });

  it("is incomplete while a criterion has no score at all", () => {
    expect(scoreApplication(CRITERIA, scores("a", { r1: { social: 4, viability: 3 }, r2: { social: 5 } }))).toEqual({
      complete: false,
      missingCriteria: [{ id: "local", label: "Ancrage local" }],
      criteria: [
        { criterionId: "social", label: "Utilité sociale du projet", weight: 40, reviewerCount: 2, meanScore: 4.5, points: 36 },
        { criterionId: "viability", label: "Viabilité économique", weight: 35, reviewerCount: 1, meanScore: 3, points: 21 },
        { criterionId: "local", label: "Ancrage local", weight: 25, reviewerCount: 0, meanScore: null, points: null },
      ],
    });
  });
});

describe("rankApplications", () => {
  const call = { criteria: CRITERIA };
  const applications = [
    { id: "A", submittedAt: utc("2027-05-10T08:00:00Z") },
    { id: "B", submittedAt: utc("2027-05-02T08:00:00Z") },
    { id: "C", submittedAt: utc("2027-05-20T08:00:00Z") },
    { id: "D", submittedAt: utc("2027-05-05T08:00:00Z") },
    { id: "E", submittedAt: utc("2027-05-01T08:00:00Z") },
  ];
  const allScores = [
    // A: means 4,5 / 2,5 / 5 → 78,5
    ...scores("A", { r1: { social: 4, viability: 3, local: 5 }, r2: { social: 5, viability: 2 } }),
    // B: the same means from other scores → 78,5, submitted earlier than A
    ...scores("B", { r1: { social: 4, viability: 3, local: 5 }, r2: { social: 5, viability: 2, local: 5 } }),
    // C: means 5 / 4,5 / 4,5 → 40 + 31,5 + 22,5 = 94
    ...scores("C", { r1: { social: 5, viability: 4, local: 5 }, r2: { social: 5, viability: 5, local: 4 } }),
    // D: nobody scored "local"
    ...scores("D", { r1: { social: 5, viability: 5 } }),
    // E: not scored at all
  ];

  it("ranks by score, breaks the tie by earliest submission, and lists the incomplete apart", () => {
    const ranking = rankApplications(call, applications, allScores);
    expect(ranking.ranked.map(({ applicationId, rank, score }) => ({ applicationId, rank, score }))).toEqual([
      { applicationId: "C", rank: 1, score: 94 },
      { applicationId: "B", rank: 2, score: 78.5 },
      { applicationId: "A", rank: 3, score: 78.5 },
    ]);
    expect(ranking.unranked).toEqual([
      {
        applicationId: "E",
        submittedAt: utc("2027-05-01T08:00:00Z"),
        missingCriteria: [
          { id: "social", label: "Utilité sociale du projet" },
          { id: "viability", label: "Viabilité économique" },
          { id: "local", label: "Ancrage local" },
        ],
        message:
          "Candidature non classée : aucune note pour les critères « Utilité sociale du projet », « Viabilité économique » et « Ancrage local ».",
      },
      {
        applicationId: "D",
        submittedAt: utc("2027-05-05T08:00:00Z"),
        missingCriteria: [{ id: "local", label: "Ancrage local" }],
        message: "Candidature non classée : aucune note pour le critère « Ancrage local ».",
      },
    ]);
  });

  it("breaks a tie at the same submission instant by application id", () => {
    const same = utc("2027-05-02T08:00:00Z");
    const ranking = rankApplications(
      call,
      [
        { id: "z-app", submittedAt: same },
        { id: "a-app", submittedAt: same },
      ],
      [...scores("z-app", { r1: { social: 3, viability: 3, local: 3 } }), ...scores("a-app", { r1: { social: 3, viability: 3, local: 3 } })],
    );
    expect(ranking.ranked.map((entry) => [entry.applicationId, entry.rank, entry.score])).toEqual([
      ["a-app", 1, 60],
      ["z-app", 2, 60],
    ]);
  });

  it("ignores scores of applications that are not in the call", () => {
    const ranking = rankApplications(call, [{ id: "A", submittedAt: utc("2027-05-10T08:00:00Z") }], allScores);
    expect(ranking.ranked.map((entry) => entry.applicationId)).toEqual(["A"]);
    expect(ranking.unranked).toEqual([]);
  });

  it("ranks nothing without applications", () => {
    expect(rankApplications(call, [], allScores)).toEqual({ ranked: [], unranked: [] });
  });
});

// -----------------------------------------------------------------------------------------------
// Decision
// -----------------------------------------------------------------------------------------------

describe("decision messages", () => {
  it.each([
    [7850, "78,50"],
    [10000, "100,00"],
    [5, "0,05"],
    [0, "0,00"],
    [7813, "78,13"],
  ])("formatScore(%i) = %s", (hundredths, expected) => {
    expect(formatScore(hundredths)).toBe(expected);
  });

  it.each([
    [1, "1re"],
    [2, "2e"],
    [11, "11e"],
  ])("frenchRank(%i) = %s", (rank, expected) => {
    expect(frenchRank(rank)).toBe(expected);
  });

  const applications = [
    { id: "A", structureName: "Compagnie Les Lilas" },
    { id: "B", structureName: "Recyclerie du Bas-Montreuil" },
    { id: "C", structureName: "Atelier Vélo Solidaire" },
  ];
  const ranking: Ranking = rankApplications(
    { criteria: CRITERIA },
    [
      { id: "A", submittedAt: utc("2027-05-10T08:00:00Z") },
      { id: "B", submittedAt: utc("2027-05-02T08:00:00Z") },
      { id: "C", submittedAt: utc("2027-05-20T08:00:00Z") },
    ],
    [
      ...scores("A", { r1: { social: 4, viability: 3, local: 5 }, r2: { social: 5, viability: 2 } }),
      ...scores("B", { r1: { social: 4, viability: 3, local: 5 }, r2: { social: 5, viability: 2, local: 5 } }),
      ...scores("C", { r1: { social: 5, viability: 4, local: 5 }, r2: { social: 5, viability: 5, local: 4 } }),
    ],
  );
  const premises = { title: "Ancienne poste de la rue des Lilas", commune: "Montreuil" };

  it("tells every applicant, in ranking order, with score, rank and detail", () => {
    const result = decisionMessages({
      premises,
      collectiviteName: "Ville de Montreuil",
      applications,
      ranking,
      winnerId: "C",
      commonMessage: " Merci pour la qualité des projets. ",
      personalMessages: { A: "Nous vous invitons à candidater au prochain appel, sur le site Croix-de-Chavaux." },
    });
    expect(result).toEqual({
      ok: true,
      messages: [
        {
          applicationId: "C",
          structureName: "Atelier Vélo Solidaire",
          outcome: "ATTRIBUTED",
          subject: "Votre candidature pour « Ancienne poste de la rue des Lilas » est retenue",
          body: [
            "Bonjour,",
            "",
            "Ville de Montreuil a le plaisir de vous informer que le bien « Ancienne poste de la rue des Lilas » (Montreuil) est attribué à Atelier Vélo Solidaire.",
            "Votre candidature a obtenu 94,00 / 100 et est classée 1re sur 3.",
            "Détail par critère : Utilité sociale du projet 40 / 40 ; Viabilité économique 31,5 / 35 ; Ancrage local 22,5 / 25.",
            "La convention d'occupation vous sera adressée prochainement pour signature.",
            "",
            "Message de Ville de Montreuil : Merci pour la qualité des projets.",
            "",
            "Cordialement,",
            "Ville de Montreuil",
          ].join("\n"),
        },
        {
          applicationId: "B",
          structureName: "Recyclerie du Bas-Montreuil",
          outcome: "NOT_RETAINED",
          subject: "Votre candidature pour « Ancienne poste de la rue des Lilas » n'est pas retenue",
          body: [
            "Bonjour,",
            "",
            "Ville de Montreuil vous remercie pour la candidature de Recyclerie du Bas-Montreuil au bien « Ancienne poste de la rue des Lilas » (Montreuil). Elle n'a pas été retenue : le bien est attribué à une autre structure.",
            "Votre candidature a obtenu 78,50 / 100 et est classée 2e sur 3.",
            "Détail par critère : Utilité sociale du projet 36 / 40 ; Viabilité économique 17,5 / 35 ; Ancrage local 25 / 25.",
            "",
            "Message de Ville de Montreuil : Merci pour la qualité des projets.",
            "",
            "Cordialement,",
            "Ville de Montreuil",
          ].join("\n"),
        },
        {
          applicationId: "A",
          structureName: "Compagnie Les Lilas",
          outcome: "NOT_RETAINED",
          subject: "Votre candidature pour « Ancienne poste de la rue des Lilas » n'est pas retenue",
          body: [
            "Bonjour,",
            "",
            "Ville de Montreuil vous remercie pour la candidature de Compagnie Les Lilas au bien « Ancienne poste de la rue des Lilas » (Montreuil). Elle n'a pas été retenue : le bien est attribué à une autre structure.",
            "Votre candidature a obtenu 78,50 / 100 et est classée 3e sur 3.",
            "Détail par critère : Utilité sociale du projet 36 / 40 ; Viabilité économique 17,5 / 35 ; Ancrage local 25 / 25.",
            "",
            "Message de Ville de Montreuil : Merci pour la qualité des projets.",
            "",
            "Nous vous invitons à candidater au prochain appel, sur le site Croix-de-Chavaux.",
            "",
            "Cordialement,",
            "Ville de Montreuil",
          ].join("\n"),
        },
      ],
    });
  });

  it("lets the collectivité attribute to an application that is not first", () => {
    const result = decisionMessages({ premises, collectiviteName: "Ville de Montreuil", applications, ranking, winnerId: "B" });
    expect(result.ok && result.messages.map((message) => [message.applicationId, message.outcome])).toEqual([
      ["C", "NOT_RETAINED"],
      ["B", "ATTRIBUTED"],
      ["A", "NOT_RETAINED"],
    ]);
    expect(result.ok && result.messages[1].body.split("\n").slice(-3)).toEqual(["", "Cordialement,", "Ville de Montreuil"]);
  });

  it("refuses while an application is not fully scored", () => {
    expect(
      decisionMessages({
        premises,
        collectiviteName: "Ville de Montreuil",
        applications: [...applications, { id: "D", structureName: "Tiers-lieu Les Murs à pêches" }],
        ranking,
        winnerId: "C",
      }),
    ).toEqual({
      ok: false,
      message:
        "Toutes les candidatures doivent être notées sur chaque critère avant la décision : il manque des notes pour Tiers-lieu Les Murs à pêches.",
    });
  });

  it("refuses a winner that is not a ranked application", () => {
    expect(decisionMessages({ premises, collectiviteName: "Ville de Montreuil", applications, ranking, winnerId: "Z" })).toEqual({
      ok: false,
      message: "La candidature retenue doit faire partie des candidatures classées pour ce bien.",
    });
  });
});
