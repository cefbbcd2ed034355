/**
 * The convention d'occupation of the winning application, as structured data with its French text
 * (articles of paragraphs), prefilled from the bien, the winning application, the collectivité and
 * the structure. The page renders it and the managers adjust the terms (start, duration, notice)
 * before signature.
 *
 * Pure module: no Remix, no Prisma, no I/O.
 *
 * Decisions:
 *   - prepared once the bien is ATTRIBUTED (and still viewable once OCCUPIED);
 *   - a bien offered under a bail gets no convention (a lease is another contract);
 *   - the term starts on the application's desired start and lasts the desired number of months,
 *     unless `terms` overrides them; it must fit in the availability window, otherwise the message
 *     gives the longest duration that fits;
 *   - a term of n months starting on day d ends (inclusive) the day before day d, n months later;
 *     when that day does not exist, on the last day of that month
 *     (2027-05-01 + 24 months → 2029-04-30; 2027-01-31 + 1 month → 2027-02-28);
 *   - the social-utility reduction of the bien applies (the winner is an ESS structure);
 *   - the precariousness clause: on the domaine public, the occupation is precarious and revocable
 *     (art. L. 2122-3 CG3P) and may be ended for a reason of general interest; on the domaine
 *     privé, a convention d'occupation précaire (art. L. 145-5-1 du code de commerce) or a
 *     temporary convention gives no right to stay nor to a commercial lease; in every case with a
 *     notice (3 months unless set) and no compensation;
 *   - warnings (not errors): the redevance exceeds the structure's stated maximum; the terms differ
 *     from what the structure asked for.
 */
import { addDaysLocal, daysInMonth, formatDayMonthYear, isLocalDate, type LocalDate } from "~/domain/time";
import {
  ACCESSIBILITY_LABELS,
  PREMISES_CONDITION_LABELS,
  PREMISES_KIND_LABELS,
  PREMISES_STATE_LABELS,
  UTILITY_LABELS,
  formatEurosCompact,
  formatSurface,
  reducedRentCents,
  type OccupationType,
  type PremisesRecord,
  type PropertyDomain,
  type WorksAllowed,
} from "~/domain/premises";
import { MAX_DURATION_MONTHS, formatSiret, type Application } from "~/domain/calls";

export const DEFAULT_NOTICE_MONTHS = 3;

export type ConventionParty = {
  name: string;
  legalForm: string | null;
  siret: string | null;
  /** One line: "12 rue des Lilas, 93100 Montreuil". */
  address: string;
  representative: { name: string; role: string };
};

export type ConventionInput = {
  premises: PremisesRecord;
  application: Pick<Application, "activity" | "desiredStart" | "durationMonths" | "maxRentCents">;
  collectivite: ConventionParty;
  structure: ConventionParty;
  /** Terms agreed with the structure, when they differ from the application. */
  terms?: { startsOn?: LocalDate; durationMonths?: number; noticeMonths?: number };
};

export type ConventionArticleKey =
  | "PURPOSE"
  | "PREMISES"
  | "USE"
  | "DURATION"
  | "FEES"
  | "INSURANCE"
  | "WORKS"
  | "PERSONAL"
  | "PRECARIOUSNESS"
  | "RESTITUTION"
  | "SPECIAL_CONDITIONS";

export type ConventionArticle = { key: ConventionArticleKey; number: number; heading: string; paragraphs: string[] };

export type Convention = {
  title: string;
  occupationType: Exclude<OccupationType, "LEASE">;
  domain: PropertyDomain;
  parties: {
    collectivite: ConventionParty & { designation: string };
    occupant: ConventionParty & { designation: string };
  };
  premises: { id: string; title: string; kindLabel: string; address: string; surfaceM2: number; levels: number };
  duration: { startsOn: LocalDate; endsOn: LocalDate; months: number };
  fees: {
    baseRentCents: number;
    socialUtilityReductionPercent: number;
    rentCents: number;
    chargesCents: number;
    monthlyTotalCents: number;
    /** Monthly total × months. */
    totalCents: number;
  };
  obligations: { insuranceRequired: boolean; worksAllowed: WorksAllowed; noticeMonths: number };
  articles: ConventionArticle[];
  warnings: string[];
};

export type ConventionResult = { ok: true; convention: Convention } | { ok: false; message: string };

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/**
 * Last day (inclusive) of a term of `months` months starting on `start` (see the module comment).
 */
export function termEndDate(start: LocalDate, months: number): LocalDate {
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  const day = Number(start.slice(8, 10));
  const monthIndex = month - 1 + months;
  const endYear = year + Math.floor(monthIndex / 12);
  const endMonth = (monthIndex % 12) + 1;
  const lastDay = daysInMonth(endYear, endMonth);
  if (day > lastDay) return `${endYear}-${pad(endMonth)}-${pad(lastDay)}`;
  return addDaysLocal(`${endYear}-${pad(endMonth)}-${pad(day)}`, -1);
}

function months(count: number): string {
  return `${count} mois`;
}

function designation(party: ConventionParty, role: string): string {
  const parts = [party.name];
  if (party.legalForm) parts.push(party.legalForm);
  if (party.siret) parts.push(`SIRET ${formatSiret(party.siret)}`);
  return `${parts.join(", ")}, dont le siège est situé ${party.address}, représentée par ${party.representative.name}, ${party.representative.role}, ci-après « ${role} ».`;
}

function titleOf(type: Exclude<OccupationType, "LEASE">, domain: PropertyDomain): string {
  if (type === "PRECARIOUS_OCCUPATION") return "Convention d'occupation précaire";
  return domain === "PUBLIC" ? "Convention d'occupation temporaire du domaine public" : "Convention d'occupation temporaire";
}

const WORKS_TEXT: Record<WorksAllowed, string[]> = {
  NONE: ["Aucuns travaux ni aménagements ne peuvent être réalisés par l'occupant."],
  LIGHT: [
    "L'occupant peut réaliser, à ses frais, des aménagements légers et réversibles (mobilier, cloisons amovibles, peinture), sans toucher au gros œuvre, aux réseaux ni aux dispositifs de sécurité.",
    "Les aménagements réalisés restent acquis à la collectivité sans indemnité, sauf si elle demande la remise en état.",
  ],
  WITH_APPROVAL: [
    "Tous travaux sont soumis à l'accord écrit préalable de la collectivité, sur la base d'un descriptif remis par l'occupant. Ils sont réalisés à ses frais, dans le respect des règles de sécurité et d'accessibilité.",
    "Les aménagements réalisés restent acquis à la collectivité sans indemnité, sauf si elle demande la remise en état.",
  ],
};

/**
 * Builds the convention of the winning application (see the module comment), or refuses with a
 * French message.
 */
export function buildConvention(input: ConventionInput): ConventionResult {
  const { premises: bien, application, collectivite, structure } = input;
  if (bien.state !== "ATTRIBUTED" && bien.state !== "OCCUPIED") {
    return {
      ok: false,
      message: `La convention se prépare une fois le bien attribué (état actuel : « ${PREMISES_STATE_LABELS[bien.state]} »).`,
    };
  }
  if (bien.occupationType === "LEASE") {
    return { ok: false, message: "Ce bien est proposé en bail : la convention d'occupation ne s'applique pas." };
  }
  const occupationType = bien.occupationType;

  const startsOn = input.terms?.startsOn ?? application.desiredStart;
  if (!isLocalDate(startsOn)) {
    return { ok: false, message: `Date de début invalide : « ${startsOn} » (format attendu : AAAA-MM-JJ).` };
  }
  const durationMonths = input.terms?.durationMonths ?? application.durationMonths;
  if (!Number.isInteger(durationMonths) || durationMonths < 1 || durationMonths > MAX_DURATION_MONTHS) {
    return { ok: false, message: `La durée est un nombre entier de mois, de 1 à ${MAX_DURATION_MONTHS}.` };
  }
  const noticeMonths = input.terms?.noticeMonths ?? DEFAULT_NOTICE_MONTHS;
  if (!Number.isInteger(noticeMonths) || noticeMonths < 1 || noticeMonths > 12) {
    return { ok: false, message: "Le préavis est un nombre entier de mois, de 1 à 12." };
  }
  if (startsOn < bien.availableFrom) {
    return {
      ok: false,
      message: `La convention ne peut pas commencer le ${formatDayMonthYear(startsOn)} : le bien n'est disponible qu'à partir du ${formatDayMonthYear(bien.availableFrom)}.`,
    };
  }
  const endsOn = termEndDate(startsOn, durationMonths);
  if (bien.availableUntil !== null && endsOn > bien.availableUntil) {
    let longest = durationMonths - 1;
    while (longest > 0 && termEndDate(startsOn, longest) > bien.availableUntil) longest -= 1;
    const until = formatDayMonthYear(bien.availableUntil);
    return {
      ok: false,
      message:
        `Une convention de ${months(durationMonths)} à partir du ${formatDayMonthYear(startsOn)} irait jusqu'au ${formatDayMonthYear(endsOn)}, ` +
        `après la fin de disponibilité du bien (${until}) : ` +
        (longest > 0 ? `réduisez la durée à ${months(longest)} au plus.` : "avancez la date de début."),
    };
  }

  const percent = bien.socialUtilityReductionPercent;
  const rentCents = reducedRentCents(bien.rentCents, percent);
  const monthlyTotalCents = rentCents + bien.chargesCents;
  const totalCents = monthlyTotalCents * durationMonths;

  const warnings: string[] = [];
  if (rentCents > application.maxRentCents) {
    warnings.push(
      `La redevance (${formatEurosCompact(rentCents)} par mois) dépasse la redevance maximale indiquée par la structure (${formatEurosCompact(application.maxRentCents)} par mois).`,
    );
  }
  if (startsOn !== application.desiredStart) {
    warnings.push(
      `La date de début (${formatDayMonthYear(startsOn)}) diffère de celle demandée par la structure (${formatDayMonthYear(application.desiredStart)}).`,
    );
  }
  if (durationMonths !== application.durationMonths) {
    warnings.push(
      `La durée (${months(durationMonths)}) diffère de celle demandée par la structure (${months(application.durationMonths)}).`,
    );
  }

  const address = `${bien.address.line}, ${bien.address.postalCode} ${bien.address.commune}`;
  const notice = months(noticeMonths);

  const legalBasis =
    bien.domain === "PUBLIC"
      ? "Le bien relève du domaine public de la collectivité. La convention est conclue en application des articles L. 2122-1 et suivants du code général de la propriété des personnes publiques, à l'issue d'un appel à candidatures."
      : occupationType === "PRECARIOUS_OCCUPATION"
        ? "Le bien relève du domaine privé de la collectivité. La convention est une convention d'occupation précaire au sens de l'article L. 145-5-1 du code de commerce, conclue à l'issue d'un appel à candidatures."
        : "Le bien relève du domaine privé de la collectivité. La convention est conclue à l'issue d'un appel à candidatures.";

  const description = [`${bien.title} : ${PREMISES_KIND_LABELS[bien.kind]} de ${formatSurface(bien.surfaceM2)}`];
  if (bien.levels === 1) description.push("sur 1 niveau");
  if (bien.levels > 1) description.push(`sur ${bien.levels} niveaux`);
  const premisesParagraphs = [
    `${description.join(" ")}, situé ${address}.`,
    `État : ${PREMISES_CONDITION_LABELS[bien.condition]}. Accessibilité : ${ACCESSIBILITY_LABELS[bien.accessibility]}. Équipements : ${
      bien.utilities.length > 0 ? bien.utilities.map((utility) => UTILITY_LABELS[utility]).join(", ") : "aucun"
    }.`,
    "Un état des lieux contradictoire est établi à l'entrée dans les lieux.",
  ];

  const feesParagraphs: string[] = [];
  if (bien.rentCents === 0) {
    feesParagraphs.push("La mise à disposition est consentie sans redevance.");
  } else if (percent === 100) {
    feesParagraphs.push(
      `La redevance de référence de ${formatEurosCompact(bien.rentCents)} par mois n'est pas due : la mise à disposition est consentie à titre gratuit au titre de l'utilité sociale du projet.`,
    );
  } else if (percent > 0) {
    feesParagraphs.push(
      `La redevance de référence de ${formatEurosCompact(bien.rentCents)} par mois est réduite de ${percent} % au titre de l'utilité sociale du projet, soit une redevance de ${formatEurosCompact(rentCents)} par mois.`,
    );
  } else {
    feesParagraphs.push(`La redevance est fixée à ${formatEurosCompact(rentCents)} par mois.`);
  }
  feesParagraphs.push(
    bien.chargesCents > 0
      ? `Les charges sont fixées forfaitairement à ${formatEurosCompact(bien.chargesCents)} par mois.`
      : "Aucune provision pour charges n'est demandée ; les abonnements souscrits par l'occupant restent à sa charge.",
  );
  if (monthlyTotalCents > 0) {
    feesParagraphs.push(
      `Soit ${formatEurosCompact(monthlyTotalCents)} par mois et ${formatEurosCompact(totalCents)} pour la durée de la convention, payables mensuellement et d'avance, à réception du titre de recettes émis par la collectivité.`,
    );
  }

  const precariousness =
    bien.domain === "PUBLIC"
      ? [
          "Conformément à l'article L. 2122-3 du code général de la propriété des personnes publiques, la présente autorisation d'occupation du domaine public est précaire et révocable. Elle ne confère à l'occupant aucun droit au maintien dans les lieux ni à la propriété commerciale, et n'est pas soumise au statut des baux commerciaux.",
          `La collectivité peut la résilier à tout moment pour un motif d'intérêt général, par lettre recommandée avec accusé de réception, moyennant un préavis de ${notice}, sans indemnité.`,
        ]
      : [
          occupationType === "PRECARIOUS_OCCUPATION"
            ? "La présente convention, justifiée par le caractère transitoire de l'occupation dans l'attente du projet de la collectivité sur le bien, n'est pas soumise au statut des baux commerciaux (article L. 145-5-1 du code de commerce). Elle ne confère à l'occupant aucun droit au maintien dans les lieux."
            : "La présente convention, conclue pour une durée déterminée dans le cadre d'une occupation temporaire, n'est soumise ni au statut des baux commerciaux ni à celui des baux d'habitation. Elle ne confère à l'occupant aucun droit au maintien dans les lieux ni au renouvellement.",
          `La collectivité peut y mettre fin avant son terme lorsque son projet sur le bien le requiert, par lettre recommandée avec accusé de réception, moyennant un préavis de ${notice}, sans indemnité.`,
        ];
  precariousness.push(`L'occupant peut mettre fin à la convention à tout moment, moyennant le même préavis de ${notice}.`);

  const sections: Array<Omit<ConventionArticle, "number">> = [
    {
      key: "PURPOSE",
      heading: "Objet",
      paragraphs: [
        "La présente convention a pour objet la mise à disposition de l'occupant du bien désigné ci-après, dans le cadre d'un projet d'urbanisme transitoire, pour y exercer l'activité décrite à l'article « Destination ».",
        legalBasis,
      ],
    },
    { key: "PREMISES", heading: "Désignation du bien", paragraphs: premisesParagraphs },
    {
      key: "USE",
      heading: "Destination",
      paragraphs: [
        `L'occupant utilise le bien pour l'activité suivante : ${application.activity}`.replace(/([^.!?])$/, "$1."),
        "Toute autre utilisation est soumise à l'accord écrit préalable de la collectivité. Le projet présenté lors de l'appel à candidatures est annexé à la présente convention.",
      ],
    },
    {
      key: "DURATION",
      heading: "Durée",
      paragraphs: [
        `La convention est conclue pour une durée de ${months(durationMonths)}, du ${formatDayMonthYear(startsOn)} au ${formatDayMonthYear(endsOn)} inclus.`,
        "Elle n'est pas renouvelable tacitement ; à son terme, l'occupant ne bénéficie d'aucun droit au maintien dans les lieux.",
      ],
    },
    { key: "FEES", heading: "Redevance et charges", paragraphs: feesParagraphs },
    {
      key: "INSURANCE",
      heading: "Assurances",
      paragraphs: bien.insuranceRequired
        ? [
            "L'occupant souscrit, pour toute la durée de la convention, une assurance de responsabilité civile et une assurance couvrant les risques locatifs (incendie, dégâts des eaux, explosion) ainsi que ses biens propres.",
            "Il en remet l'attestation à la collectivité à la signature, puis à chaque échéance annuelle.",
          ]
        : [
            "L'occupant répond des dommages causés du fait de son activité. La collectivité n'exige pas d'assurance particulière ; l'occupant reste libre d'en souscrire.",
          ],
    },
    { key: "WORKS", heading: "Travaux et aménagements", paragraphs: WORKS_TEXT[bien.worksAllowed] },
    {
      key: "PERSONAL",
      heading: "Caractère personnel",
      paragraphs: [
        "La convention est consentie à titre personnel à l'occupant. Toute cession, sous-location ou mise à disposition à un tiers, même partielle ou gratuite, est interdite sans l'accord écrit préalable de la collectivité.",
      ],
    },
    { key: "PRECARIOUSNESS", heading: "Précarité et fin anticipée", paragraphs: precariousness },
    {
      key: "RESTITUTION",
      heading: "Restitution des lieux",
      paragraphs: [
        "Au terme de la convention, quelle qu'en soit la cause, l'occupant libère les lieux et les restitue en bon état d'entretien, compte tenu de l'état des lieux d'entrée.",
        "Un état des lieux de sortie contradictoire est établi ; les remises en état nécessaires sont à la charge de l'occupant.",
      ],
    },
  ];
  if (bien.otherConditions.trim()) {
    sections.push({ key: "SPECIAL_CONDITIONS", heading: "Conditions particulières", paragraphs: [bien.otherConditions.trim()] });
  }

  return {
    ok: true,
    convention: {
      title: titleOf(occupationType, bien.domain),
      occupationType,
      domain: bien.domain,
      parties: {
        collectivite: { ...collectivite, designation: designation(collectivite, "la collectivité") },
        occupant: { ...structure, designation: designation(structure, "l'occupant") },
      },
      premises: {
        id: bien.id,
        title: bien.title,
        kindLabel: PREMISES_KIND_LABELS[bien.kind],
        address,
        surfaceM2: bien.surfaceM2,
        levels: bien.levels,
      },
      duration: { startsOn, endsOn, months: durationMonths },
      fees: {
        baseRentCents: bien.rentCents,
        socialUtilityReductionPercent: percent,
        rentCents,
        chargesCents: bien.chargesCents,
        monthlyTotalCents,
        totalCents,
      },
      obligations: { insuranceRequired: bien.insuranceRequired, worksAllowed: bien.worksAllowed, noticeMonths },
      articles: sections.map((section, index) => ({ ...section, number: index + 1 })),
      warnings,
    },
  };
}
