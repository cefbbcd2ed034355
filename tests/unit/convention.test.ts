import { buildConvention, termEndDate, type ConventionInput, type ConventionParty } from "~/domain/convention";
import { premisesSchema, type PremisesInput, type PremisesRecord } from "~/domain/premises";

const bienInput: PremisesInput = {
  title: "Ancienne poste de la rue des Lilas",
  description: "Rez-de-chaussée lumineux avec vitrine.",
  kind: "GROUND_FLOOR_SHOP",
  domain: "PUBLIC",
  address: { line: "12 rue des Lilas", postalCode: "93100", commune: "Montreuil", inseeCode: "93048", latitude: 48.8589, longitude: 2.4417 },
  surfaceM2: 120,
  levels: 1,
  condition: "TO_REFRESH",
  accessibility: "ACCESSIBLE",
  utilities: ["ELECTRICITY", "WATER"],
  availableFrom: "2027-05-01",
  availableUntil: "2029-12-31",
  occupationType: "TEMPORARY_OCCUPATION",
  rentCents: 30000,
  chargesCents: 5000,
  socialUtilityReductionPercent: 50,
  insuranceRequired: true,
  worksAllowed: "LIGHT",
  otherConditions: "Ouverture au public au moins trois jours par semaine.",
};

function premises(changes: Partial<PremisesInput> = {}, state: PremisesRecord["state"] = "ATTRIBUTED"): PremisesRecord {
  return { ...premisesSchema.parse({ ...bienInput, ...changes }), id: "bien-1", state };
}

const collectivite: ConventionParty = {
  name: "Ville de Montreuil",
  legalForm: "Commune",
  siret: "21930048000017",
  address: "Place Jean-Jaurès, 93100 Montreuil",
  representative: { name: "Claire Martin", role: "adjointe au maire déléguée à l'urbanisme" },
};
const structure: ConventionParty = {
  name: "Atelier Vélo Solidaire",
  legalForm: "Association loi 1901",
  siret: "12345678900015",
  address: "5 rue de Paris, 93100 Montreuil",
  representative: { name: "Karim Benali", role: "président" },
};
const application: ConventionInput["application"] = {
  activity: "Atelier de réparation de vélos et vélo-école",
  desiredStart: "2027-06-01",
  durationMonths: 24,
  maxRentCents: 20000,
};
const input = (changes: Partial<ConventionInput> = {}): ConventionInput => ({
  premises: premises(),
  application,
  collectivite,
  structure,
  ...changes,
});

function build(value: ConventionInput) {
  const result = buildConvention(value);
  if (!result.ok) throw new Error(result.message);
  return result.convention;
}
function paragraphs(value: ConventionInput, key: string): string[] {
  const article = build(value).articles.find((a) => a.key === key);
  return article?.paragraphs ?? [];
}

describe("termEndDate", () => {
  it.each([
    ["2027-05-01", 24, "2029-04-30"],
    ["2027-06-01", 24, "2029-05-31"],
    ["2027-01-15", 12, "2028-01-14"],
    ["2027-11-15", 3, "2028-02-14"],
    ["2027-12-01", 1, "2027-12-31"],
    ["2027-01-28", 1, "2027-02-27"],
    // No 31 February: the term ends on the last day of February.
    ["2027-01-31", 1, "2027-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2028-01-30", 1, "2028-02-29"],
    ["2027-03-31", 1, "2027-04-30"],
    ["2027-08-31", 6, "2028-02-29"],
  ])("%s + %i months ends on %s", (start, months, expected) => {
    expect(termEndDate(start, months)).toBe(expected);
  });
});

describe("buildConvention", () => {
  it("prefills the parties, the bien, the term and the fees", () => {
    const convention = build(input());
    expect(convention.title).toBe("Convention d'occupation temporaire du domaine public");
    expect(convention.occupationType).toBe("TEMPORARY_OCCUPATION");
    expect(convention.domain).toBe("PUBLIC");
    expect(convention.parties.collectivite.designation).toBe(
      "Ville de Montreuil, Commune, SIRET 219 300 480 00017, dont le siège est situé Place Jean-Jaurès, 93100 Montreuil, " +
        "représentée par Claire Martin, adjointe au maire déléguée à l'urbanisme, ci-après « la collectivité ».",
    );
    expect(convention.parties.occupant.designation).toBe(
      "Atelier Vélo Solidaire, Association loi 1901, SIRET 123 456 789 00015, dont le siège est situé 5 rue de Paris, 93100 Montreuil, " +
        "représentée par Karim Benali, président, ci-après « l'occupant ».",
    );
    expect(convention.parties.occupant.representative).toEqual({ name: "Karim Benali", role: "président" });
    expect(convention.premises).toEqual({
      id: "bien-1",
      title: "Ancienne poste de la rue des Lilas",
      kindLabel: "commerce en rez-de-chaussée",
      address: "12 rue des Lilas, 93100 Montreuil",
      surfaceM2: 120,
      levels: 1,
    });
    expect(convention.duration).toEqual({ startsOn: "2027-06-01", endsOn: "2029-05-31", months: 24 });
    expect(convention.fees).toEqual({
      baseRentCents: 30000,
      socialUtilityReductionPercent: 50,
      rentCents: 15000,
      chargesCents: 5000,
      monthlyTotalCents: 20000,
      totalCents: 480000,
    });
    expect(convention.obligations).toEqual({ insuranceRequired: true, worksAllowed: "LIGHT", noticeMonths: 3 });
    expect(convention.warnings).toEqual([]);
  });

  it("numbers the articles in order", () => {
    expect(build(input()).articles.map((article) => [article.number, article.key, article.heading])).toEqual([
      [1, "PURPOSE", "Objet"],
      [2, "PREMISES", "Désignation du bien"],
      [3, "USE", "Destination"],
      [4, "DURATION", "Durée"],
      [5, "FEES", "Redevance et charges"],
      [6, "INSURANCE", "Assurances"],
      [7, "WORKS", "Travaux et aménagements"],
      [8, "PERSONAL", "Caractère personnel"],
      [9, "PRECARIOUSNESS", "Précarité et fin anticipée"],
      [10, "RESTITUTION", "Restitution des lieux"],
      [11, "SPECIAL_CONDITIONS", "Conditions particulières"],
    ]);
  });

  it("writes the text of each article", () => {
    const value = input();
    expect(paragraphs(value, "PURPOSE")).toEqual([
      "La présente convention a pour objet la mise à disposition de l'occupant du bien désigné ci-après, dans le cadre d'un projet d'urbanisme transitoire, pour y exercer l'activité décrite à l'article « Destination ».",
      "Le bien relève du domaine public de la collectivité. La convention est conclue en application des articles L. 2122-1 et suivants du code général de la propriété des personnes publiques, à l'issue d'un appel à candidatures.",
    ]);
    expect(paragraphs(value, "PREMISES")).toEqual([
      "Ancienne poste de la rue des Lilas : commerce en rez-de-chaussée de 120 m² sur 1 niveau, situé 12 rue des Lilas, 93100 Montreuil.",
      "État : à rafraîchir. Accessibilité : accessible aux personnes à mobilité réduite. Équipements : électricité, eau.",
      "Un état des lieux contradictoire est établi à l'entrée dans les lieux.",
    ]);
    expect(paragraphs(value, "USE")).toEqual([
      "L'occupant utilise le bien pour l'activité suivante : Atelier de réparation de vélos et vélo-école.",
      "Toute autre utilisation est soumise à l'accord écrit préalable de la collectivité. Le projet présenté lors de l'appel à candidatures est annexé à la présente convention.",
    ]);
    expect(paragraphs(value, "DURATION")).toEqual([
      "La convention est conclue pour une durée de 24 mois, du 1er juin 2027 au 31 mai 2029 inclus.",
      "Elle n'est pas renouvelable tacitement ; à son terme, l'occupant ne bénéficie d'aucun droit au maintien dans les lieux.",
    ]);
    expect(paragraphs(value, "FEES")).toEqual([
      "La redevance de référence de 300 € par mois est réduite de 50 % au titre de l'utilité sociale du projet, soit une redevance de 150 € par mois.",
      "Les charges sont fixées forfaitairement à 50 € par mois.",
      "Soit 200 € par mois et 4 800 € pour la durée de la convention, payables mensuellement et d'avance, à réception du titre de recettes émis par la collectivité.",
    ]);
    expect(paragraphs(value, "INSURANCE")).toEqual([
      "L'occupant souscrit, pour toute la durée de la convention, une assurance de responsabilité civile et une assurance couvrant les risques locatifs (incendie, dégâts des eaux, explosion) ainsi que ses biens propres.",
      "Il en remet l'attestation à la collectivité à la signature, puis à chaque échéance annuelle.",
    ]);
    expect(paragraphs(value, "WORKS")).toEqual([
      "L'occupant peut réaliser, à ses frais, des aménagements légers et réversibles (mobilier, cloisons amovibles, peinture), sans toucher au gros œuvre, aux réseaux ni aux dispositifs de sécurité.",
      "Les aménagements réalisés restent acquis à la collectivité sans indemnité, sauf si elle demande la remise en état.",
    ]);
    expect(paragraphs(value, "PERSONAL")).toEqual([
      "La convention est consentie à titre personnel à l'occupant. Toute cession, sous-location ou mise à disposition à un tiers, même partielle ou gratuite, est interdite sans l'accord écrit préalable de la collectivité.",
    ]);
    expect(paragraphs(value, "PRECARIOUSNESS")).toEqual([
      "Conformément à l'article L. 2122-3 du code général de la propriété des personnes publiques, la présente autorisation d'occupation du domaine public est précaire et révocable. Elle ne confère à l'occupant aucun droit au maintien dans les lieux ni à la propriété commerciale, et n'est pas soumise au statut des baux commerciaux.",
      "La collectivité peut la résilier à tout moment pour un motif d'intérêt général, par lettre recommandée avec accusé de réception, moyennant un préavis de 3 mois, sans indemnité.",
      "L'occupant peut mettre fin à la convention à tout moment, moyennant le même préavis de 3 mois.",
    ]);
    expect(paragraphs(value, "RESTITUTION")).toEqual([
      "Au terme de la convention, quelle qu'en soit la cause, l'occupant libère les lieux et les restitue en bon état d'entretien, compte tenu de l'état des lieux d'entrée.",
      "Un état des lieux de sortie contradictoire est établi ; les remises en état nécessaires sont à la charge de l'occupant.",
    ]);
    expect(paragraphs(value, "SPECIAL_CONDITIONS")).toEqual(["Ouverture au public au moins trois jours par semaine."]);
  });

  it("keeps the activity's own final punctuation", () => {
    const value = input({ application: { ...application, activity: "Ressourcerie et café associatif !" } });
    expect(paragraphs(value, "USE")[0]).toBe("L'occupant utilise le bien pour l'activité suivante : Ressourcerie et café associatif !");
  });

  it.each<[string, Partial<PremisesInput>, string[], { rentCents: number; monthlyTotalCents: number; totalCents: number }]>([
    [
      "without reduction",
      { socialUtilityReductionPercent: 0 },
      [
        "La redevance est fixée à 300 € par mois.",
        "Les charges sont fixées forfaitairement à 50 € par mois.",
        "Soit 350 € par mois et 8 400 € pour la durée de la convention, payables mensuellement et d'avance, à réception du titre de recettes émis par la collectivité.",
      ],
      { rentCents: 30000, monthlyTotalCents: 35000, totalCents: 840000 },
    ],
    [
      "free for social utility",
      { socialUtilityReductionPercent: 100 },
      [
        "La redevance de référence de 300 € par mois n'est pas due : la mise à disposition est consentie à titre gratuit au titre de l'utilité sociale du projet.",
        "Les charges sont fixées forfaitairement à 50 € par mois.",
        "Soit 50 € par mois et 1 200 € pour la durée de la convention, payables mensuellement et d'avance, à réception du titre de recettes émis par la collectivité.",
      ],
      { rentCents: 0, monthlyTotalCents: 5000, totalCents: 120000 },
    ],
    [
      "without redevance nor charges",
      { rentCents: 0, chargesCents: 0, socialUtilityReductionPercent: 0 },
      [
        "La mise à disposition est consentie sans redevance.",
        "Aucune provision pour charges n'est demandée ; les abonnements souscrits par l'occupant restent à sa charge.",
      ],
      { rentCents: 0, monthlyTotalCents: 0, totalCents: 0 },
    ],
    [
      "with a reduction to the cent",
      { rentCents: 33300, chargesCents: 0, socialUtilityReductionPercent: 50 },
      [
        "La redevance de référence de 333 € par mois est réduite de 50 % au titre de l'utilité sociale du projet, soit une redevance de 166,50 € par mois.",
        "Aucune provision pour charges n'est demandée ; les abonnements souscrits par l'occupant restent à sa charge.",
        "Soit 166,50 € par mois et 3 996 € pour la durée de la convention, payables mensuellement et d'avance, à réception du titre de recettes émis par la collectivité.",
      ],
      { rentCents: 16650, monthlyTotalCents: 16650, totalCents: 399600 },
    ],
  ])("states the fees %s", (_label, changes, expectedParagraphs, expectedFees) => {
    const value = input({ premises: premises(changes) });
    expect(paragraphs(value, "FEES")).toEqual(expectedParagraphs);
    expect(build(value).fees).toMatchObject(expectedFees);
  });

  it("warns when the redevance exceeds the structure's maximum", () => {
    expect(build(input({ premises: premises({ socialUtilityReductionPercent: 0 }) })).warnings).toEqual([
      "La redevance (300 € par mois) dépasse la redevance maximale indiquée par la structure (200 € par mois).",
    ]);
  });

  it("applies agreed terms and warns that they differ from the application", () => {
    const convention = build(input({ terms: { startsOn: "2027-07-01", durationMonths: 12, noticeMonths: 6 } }));
    expect(convention.duration).toEqual({ startsOn: "2027-07-01", endsOn: "2028-06-30", months: 12 });
    expect(convention.fees.totalCents).toBe(240000);
    expect(convention.obligations.noticeMonths).toBe(6);
    expect(convention.warnings).toEqual([
      "La date de début (1er juillet 2027) diffère de celle demandée par la structure (1er juin 2027).",
      "La durée (12 mois) diffère de celle demandée par la structure (24 mois).",
    ]);
    const precariousness = convention.articles.find((article) => article.key === "PRECARIOUSNESS")?.paragraphs ?? [];
    expect(precariousness[1]).toBe(
      "La collectivité peut la résilier à tout moment pour un motif d'intérêt général, par lettre recommandée avec accusé de réception, moyennant un préavis de 6 mois, sans indemnité.",
    );
  });

  it("writes a convention d'occupation précaire on the domaine privé", () => {
    const value = input({ premises: premises({ domain: "PRIVATE", occupationType: "PRECARIOUS_OCCUPATION" }) });
    expect(build(value).title).toBe("Convention d'occupation précaire");
    expect(paragraphs(value, "PURPOSE")[1]).toBe(
      "Le bien relève du domaine privé de la collectivité. La convention est une convention d'occupation précaire au sens de l'article L. 145-5-1 du code de commerce, conclue à l'issue d'un appel à candidatures.",
    );
    expect(paragraphs(value, "PRECARIOUSNESS")).toEqual([
      "La présente convention, justifiée par le caractère transitoire de l'occupation dans l'attente du projet de la collectivité sur le bien, n'est pas soumise au statut des baux commerciaux (article L. 145-5-1 du code de commerce). Elle ne confère à l'occupant aucun droit au maintien dans les lieux.",
      "La collectivité peut y mettre fin avant son terme lorsque son projet sur le bien le requiert, par lettre recommandée avec accusé de réception, moyennant un préavis de 3 mois, sans indemnité.",
      "L'occupant peut mettre fin à la convention à tout moment, moyennant le même préavis de 3 mois.",
    ]);
  });

  it("writes a temporary convention on the domaine privé", () => {
    const value = input({ premises: premises({ domain: "PRIVATE" }) });
    expect(build(value).title).toBe("Convention d'occupation temporaire");
    expect(paragraphs(value, "PURPOSE")[1]).toBe(
      "Le bien relève du domaine privé de la collectivité. La convention est conclue à l'issue d'un appel à candidatures.",
    );
    expect(paragraphs(value, "PRECARIOUSNESS")[0]).toBe(
      "La présente convention, conclue pour une durée déterminée dans le cadre d'une occupation temporaire, n'est soumise ni au statut des baux commerciaux ni à celui des baux d'habitation. Elle ne confère à l'occupant aucun droit au maintien dans les lieux ni au renouvellement.",
    );
  });

  it("adapts the obligations: no insurance required, no works, no special conditions", () => {
    const value = input({ premises: premises({ insuranceRequired: false, worksAllowed: "NONE", otherConditions: "  " }) });
    expect(paragraphs(value, "INSURANCE")).toEqual([
      "L'occupant répond des dommages causés du fait de son activité. La collectivité n'exige pas d'assurance particulière ; l'occupant reste libre d'en souscrire.",
    ]);
    expect(paragraphs(value, "WORKS")).toEqual(["Aucuns travaux ni aménagements ne peuvent être réalisés par l'occupant."]);
    expect(build(value).articles.map((article) => article.key)).not.toContain("SPECIAL_CONDITIONS");
    expect(build(value).articles).toHaveLength(10);
    expect(build(value).obligations).toEqual({ insuranceRequired: false, worksAllowed: "NONE", noticeMonths: 3 });
  });

  it("describes works subject to approval", () => {
    expect(paragraphs(input({ premises: premises({ worksAllowed: "WITH_APPROVAL" }) }), "WORKS")).toEqual([
      "Tous travaux sont soumis à l'accord écrit préalable de la collectivité, sur la base d'un descriptif remis par l'occupant. Ils sont réalisés à ses frais, dans le respect des règles de sécurité et d'accessibilité.",
      "Les aménagements réalisés restent acquis à la collectivité sans indemnité, sauf si elle demande la remise en état.",
    ]);
  });

  it.each<[string, Partial<PremisesInput>, string]>([
    [
      "a building on three levels",
      { kind: "WHOLE_BUILDING", levels: 3 },
      "Ancienne poste de la rue des Lilas : bâtiment entier de 120 m² sur 3 niveaux, situé 12 rue des Lilas, 93100 Montreuil.",
    ],
    [
      "a terrain nu",
      { kind: "BARE_LAND", levels: 0, surfaceM2: 2000, domain: "PRIVATE", utilities: [] },
      "Ancienne poste de la rue des Lilas : terrain nu de 2 000 m², situé 12 rue des Lilas, 93100 Montreuil.",
    ],
  ])("designates %s", (_label, changes, expected) => {
    expect(paragraphs(input({ premises: premises(changes) }), "PREMISES")[0]).toBe(expected);
  });

  it("lists no equipment when there is none", () => {
    expect(paragraphs(input({ premises: premises({ utilities: [] }) }), "PREMISES")[1]).toBe(
      "État : à rafraîchir. Accessibilité : accessible aux personnes à mobilité réduite. Équipements : aucun.",
    );
  });

  it("designates a party without legal form nor SIRET", () => {
    const convention = build(input({ structure: { ...structure, legalForm: null, siret: null } }));
    expect(convention.parties.occupant.designation).toBe(
      "Atelier Vélo Solidaire, dont le siège est situé 5 rue de Paris, 93100 Montreuil, représentée par Karim Benali, président, ci-après « l'occupant ».",
    );
  });

  it("is still available once the bien is occupied", () => {
    expect(buildConvention(input({ premises: premises({}, "OCCUPIED") })).ok).toBe(true);
  });

  it.each<[string, ConventionInput, string]>([
    [
      "before attribution",
      input({ premises: premises({}, "PUBLISHED") }),
      "La convention se prépare une fois le bien attribué (état actuel : « Publié, appel à candidatures ouvert »).",
    ],
    [
      "for a bien offered under a bail",
      input({ premises: premises({ domain: "PRIVATE", occupationType: "LEASE" }) }),
      "Ce bien est proposé en bail : la convention d'occupation ne s'applique pas.",
    ],
    [
      "starting before the bien is available",
      input({ application: { ...application, desiredStart: "2027-04-15" } }),
      "La convention ne peut pas commencer le 15 avril 2027 : le bien n'est disponible qu'à partir du 1er mai 2027.",
    ],
    [
      "lasting beyond the availability",
      input({ application: { ...application, durationMonths: 36 } }),
      "Une convention de 36 mois à partir du 1er juin 2027 irait jusqu'au 31 mai 2030, après la fin de disponibilité du bien (31 décembre 2029) : réduisez la durée à 31 mois au plus.",
    ],
    [
      "when not even one month fits",
      input({ premises: premises({ availableUntil: "2027-06-20" }), application: { ...application, durationMonths: 1 } }),
      "Une convention de 1 mois à partir du 1er juin 2027 irait jusqu'au 30 juin 2027, après la fin de disponibilité du bien (20 juin 2027) : avancez la date de début.",
    ],
    ["with a zero duration", input({ terms: { durationMonths: 0 } }), "La durée est un nombre entier de mois, de 1 à 144."],
    ["with a notice of 13 months", input({ terms: { noticeMonths: 13 } }), "Le préavis est un nombre entier de mois, de 1 à 12."],
    [
      "with an impossible start",
      input({ terms: { startsOn: "2027-02-30" } }),
      "Date de début invalide : « 2027-02-30 » (format attendu : AAAA-MM-JJ).",
    ],
  ])("refuses %s", (_label, value, message) => {
    const result = buildConvention(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(message);
  });
});
