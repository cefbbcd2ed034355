/**
 * Calls for applications on a published bien: the call (deadline, weighted selection criteria,
 * documents to provide), the application of an ESS structure, the reviewers' scores, the ranking
 * and the decision messages sent to every applicant.
 *
 * Pure module: no Remix, no Prisma, no I/O (the SIRET is checked here by its check digit only; the
 * company registry lookup — API Recherche d'entreprises — happens at the edge).
 *
 * Scoring (docs/decisions/0008-premises-lifecycle.md):
 *   - each reviewer scores an application from 0 to 5 on each criterion;
 *   - per criterion, the mean of the reviewers who scored it; a reviewer who skipped a
 *     criterion does not count as 0;
 *   - application score = Σ weight × mean / 5, on 0–100 since the weights sum to 100;
 *   - the sum is computed EXACTLY (rational arithmetic) and then rounded ONCE to two decimals,
 *     half up (78.125 → 78.13); the per-criterion points shown beside it are rounded the same
 *     way for display only, so their sum may differ from the total by a few hundredths;
 *   - an application is ranked only when every criterion has at least one score; the others are
 *     listed apart with the criteria they lack;
 *   - ranking: higher ROUNDED score first (what applicants see), then earlier submission, then
 *     application id (deterministic).
 */
import { z } from "zod";
import { isValidSiret } from "~/forms/organization";
import { formatDayMonthYear, formatLocalDateTime, localDate } from "~/domain/time";
import {
  formatNumberFr,
  isDeadlinePassed,
  joinFr,
  localDateField,
  localDateTimeField,
  optionalTextField,
  textField,
  type Premises,
  type PremisesState,
} from "~/domain/premises";

// ---------------------------------------------------------------------------------------------
// The call
// ---------------------------------------------------------------------------------------------

export const MAX_CRITERIA = 10;
export const MAX_REQUIRED_DOCUMENTS = 20;
/** The weights of a call's criteria sum to this. */
export const TOTAL_WEIGHT = 100;

export const criterionSchema = z.object({
  id: z.string().trim().min(1, "Identifiant de critère manquant."),
  label: textField("l'intitulé du critère", 3, 120),
  description: optionalTextField(1000),
  weight: z
    .number({ required_error: "Indiquez la pondération du critère.", invalid_type_error: "La pondération doit être un nombre." })
    .int("La pondération est un nombre entier.")
    .min(1, "La pondération est comprise entre 1 et 100.")
    .max(TOTAL_WEIGHT, "La pondération est comprise entre 1 et 100."),
});
export type Criterion = z.output<typeof criterionSchema>;

export const requiredDocumentSchema = z.object({
  id: z.string().trim().min(1, "Identifiant de document manquant."),
  label: textField("l'intitulé du document", 3, 120),
  description: optionalTextField(500),
});
export type RequiredDocument = z.output<typeof requiredDocumentSchema>;

function duplicates(values: readonly string[]): Set<number> {
  const seen = new Map<string, number>();
  const repeated = new Set<number>();
  values.forEach((value, index) => {
    if (seen.has(value)) repeated.add(index);
    else seen.set(value, index);
  });
  return repeated;
}

/**
 * The call of a bien. The deadline is a Paris wall time that exists; that it is in the future is
 * checked when the bien is published (premises.transition), since a schema has no clock.
 */
export const callSchema = z
  .object({
    deadline: localDateTimeField("Indiquez la date limite de candidature (AAAA-MM-JJTHH:mm)."),
    criteria: z
      .array(criterionSchema)
      .min(1, "Ajoutez au moins un critère de sélection.")
      .max(MAX_CRITERIA, `Ajoutez au plus ${MAX_CRITERIA} critères.`),
    requiredDocuments: z
      .array(requiredDocumentSchema)
      .max(MAX_REQUIRED_DOCUMENTS, `Demandez au plus ${MAX_REQUIRED_DOCUMENTS} documents.`)
      .default([]),
  })
  .superRefine((call, ctx) => {
    const total = call.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    // An empty or too long list, or a fractional weight, already has its own message.
    const comparable =
      call.criteria.length >= 1 &&
      call.criteria.length <= MAX_CRITERIA &&
      call.criteria.every((criterion) => Number.isInteger(criterion.weight));
    if (comparable && total !== TOTAL_WEIGHT) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["criteria"],
        message: `La somme des pondérations doit être de ${TOTAL_WEIGHT} (actuellement ${total}).`,
      });
    }
    for (const index of duplicates(call.criteria.map((c) => c.label.toLowerCase()))) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["criteria", index, "label"], message: "Ce critère figure deux fois." });
    }
    for (const index of duplicates(call.criteria.map((c) => c.id))) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["criteria", index, "id"], message: "Identifiant de critère en double." });
    }
    for (const index of duplicates(call.requiredDocuments.map((d) => d.label.toLowerCase()))) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["requiredDocuments", index, "label"],
        message: "Ce document figure deux fois.",
      });
    }
    for (const index of duplicates(call.requiredDocuments.map((d) => d.id))) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["requiredDocuments", index, "id"],
        message: "Identifiant de document en double.",
      });
    }
  });
export type CallInput = z.input<typeof callSchema>;
export type Call = z.output<typeof callSchema>;

/**
 * Consistency of a call with its bien, as French messages (empty when consistent):
 * the visits must take place before the deadline (applicants visit, then apply), and the deadline
 * must fall before the end of availability.
 */
export function checkCallAgainstPremises(
  call: Pick<Call, "deadline">,
  bien: Pick<Premises, "visits" | "availableUntil">,
): string[] {
  const problems: string[] = [];
  for (const visit of bien.visits) {
    if (visit >= call.deadline) {
      problems.push(
        `La visite du ${formatLocalDateTime(visit)} n'a pas lieu avant la date limite de candidature (${formatLocalDateTime(call.deadline)}) : les candidats visitent avant de candidater.`,
      );
    }
  }
  if (bien.availableUntil !== null && localDate(call.deadline) > bien.availableUntil) {
    problems.push(
      `La date limite de candidature (${formatLocalDateTime(call.deadline)}) tombe après la fin de disponibilité du bien (${formatDayMonthYear(bien.availableUntil)}).`,
    );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// SIRET
// ---------------------------------------------------------------------------------------------

/** "123 456 789 00012" (SIREN in groups of three, then the NIC). */
export function formatSiret(siret: string): string {
  return /^\d{14}$/.test(siret) ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}` : siret;
}

/**
 * A SIRET as typed (spaces allowed), normalised to 14 digits; check digit by Luhn with
 * La Poste's exception (isValidSiret, app/forms/organization.ts).
 */
export const siretSchema = z
  .string({ required_error: "Indiquez le SIRET de la structure.", invalid_type_error: "Indiquez le SIRET de la structure." })
  .transform((value) => value.replace(/\s+/g, ""))
  .superRefine((value, ctx) => {
    if (value === "") {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Indiquez le SIRET de la structure." });
    } else if (!/^\d{14}$/.test(value)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Le SIRET compte 14 chiffres." });
    } else if (!isValidSiret(value)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Ce SIRET n'est pas valide (clé de contrôle incorrecte)." });
    }
  });

// ---------------------------------------------------------------------------------------------
// The application
// ---------------------------------------------------------------------------------------------

export const SOCIAL_UTILITY_MIN_LENGTH = 200;
export const PROJECT_MIN_LENGTH = 50;
export const MAX_DURATION_MONTHS = 144;
export const MAX_ATTACHMENTS = 30;

export const attachmentSchema = z.object({
  /** The required document this file answers, or null for a free attachment. */
  documentId: z.string().trim().min(1).nullable().default(null),
  fileName: textField("le nom du fichier", 1, 200),
});
export type Attachment = z.output<typeof attachmentSchema>;

export const applicationSchema = z.object({
  siret: siretSchema,
  project: textField("la présentation du projet", PROJECT_MIN_LENGTH, 5000),
  activity: textField("l'activité prévue dans le bien", 3, 500),
  peopleInvolved: z
    .number({ required_error: "Indiquez le nombre de personnes impliquées.", invalid_type_error: "Le nombre de personnes doit être un nombre." })
    .int("Le nombre de personnes est un nombre entier.")
    .min(1, "Au moins une personne porte le projet.")
    .max(10_000, "Le nombre de personnes ne doit pas dépasser 10 000."),
  desiredStart: localDateField("Indiquez la date de début souhaitée (AAAA-MM-JJ)."),
  durationMonths: z
    .number({ required_error: "Indiquez la durée souhaitée.", invalid_type_error: "La durée doit être un nombre de mois." })
    .int("La durée est un nombre entier de mois.")
    .min(1, "La durée est d'au moins 1 mois.")
    .max(MAX_DURATION_MONTHS, `La durée ne doit pas dépasser ${MAX_DURATION_MONTHS} mois.`),
  /** Highest monthly redevance the structure can pay (charges excluded), in cents. */
  maxRentCents: z
    .number({ required_error: "Indiquez la redevance maximale.", invalid_type_error: "La redevance maximale doit être un nombre." })
    .int("La redevance maximale s'exprime en centimes entiers.")
    .min(0, "La redevance maximale ne peut pas être négative."),
  socialUtilityStatement: textField("la déclaration d'utilité sociale", SOCIAL_UTILITY_MIN_LENGTH, 5000),
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS, `Joignez au plus ${MAX_ATTACHMENTS} fichiers.`).default([]),
});
export type ApplicationInput = z.input<typeof applicationSchema>;
export type Application = z.output<typeof applicationSchema>;

/** Required documents of the call that no attachment answers, in the call's order. */
export function missingDocuments(call: Pick<Call, "requiredDocuments">, attachments: readonly Attachment[]): RequiredDocument[] {
  const provided = new Set(attachments.map((a) => a.documentId));
  return call.requiredDocuments.filter((document) => !provided.has(document.id));
}

/**
 * Can this application be submitted now? French problems, empty when it can: the call must be
 * open (bien PUBLISHED, `at` before the deadline) and every required document attached.
 */
export function checkSubmission(input: {
  state: PremisesState;
  call: Pick<Call, "deadline" | "requiredDocuments">;
  attachments: readonly Attachment[];
  at: Date;
}): string[] {
  const problems: string[] = [];
  if (input.state !== "PUBLISHED") {
    problems.push("Ce bien ne fait pas l'objet d'un appel à candidatures ouvert.");
  } else if (isDeadlinePassed(input.call.deadline, input.at)) {
    problems.push(`L'appel à candidatures est clos depuis le ${formatLocalDateTime(input.call.deadline)}.`);
  }
  for (const document of missingDocuments(input.call, input.attachments)) {
    problems.push(`Document manquant : « ${document.label} ».`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

export const MAX_REVIEW_SCORE = 5;

export const reviewScoreSchema = z.object({
  applicationId: z.string().min(1),
  reviewerId: z.string().min(1),
  criterionId: z.string().min(1),
  score: z
    .number({ required_error: "Indiquez une note.", invalid_type_error: "La note doit être un nombre." })
    .int("La note est un nombre entier de 0 à 5.")
    .min(0, "La note est un nombre entier de 0 à 5.")
    .max(MAX_REVIEW_SCORE, "La note est un nombre entier de 0 à 5."),
});
export type ReviewScore = z.output<typeof reviewScoreSchema>;

/** One criterion of a scored application; `meanScore` and `points` are rounded for display. */
export type ScoredCriterion = {
  criterionId: string;
  label: string;
  weight: number;
  reviewerCount: number;
  /** Mean of the reviewers' scores (0–5), two decimals, half up; null when nobody scored it. */
  meanScore: number | null;
  /** weight × mean / 5, two decimals, half up; null when nobody scored it. */
  points: number | null;
};

export type ApplicationScore =
  | { complete: true; score: number; scoreHundredths: number; criteria: ScoredCriterion[] }
  | { complete: false; missingCriteria: Array<Pick<Criterion, "id" | "label">>; criteria: ScoredCriterion[] };

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Hundredths of num/den (≥ 0), rounded half up: 78.125 → 7813. */
function roundHalfUpHundredths(num: bigint, den: bigint): number {
  return Number((200n * num + den) / (2n * den));
}

/**
 * The score of one application from its reviewers' scores (those of other applications and of
 * criteria not in the call are ignored; when a reviewer scored a criterion twice the last one counts).
 */
export function scoreApplication(criteria: readonly Criterion[], scores: readonly Omit<ReviewScore, "applicationId">[]): ApplicationScore {
  const byCriterion = new Map<string, Map<string, number>>();
  for (const criterion of criteria) byCriterion.set(criterion.id, new Map());
  for (const entry of scores) byCriterion.get(entry.criterionId)?.set(entry.reviewerId, entry.score);

  let totalNum = 0n;
  let totalDen = 1n;
  const scored: ScoredCriterion[] = [];
  const missing: Array<Pick<Criterion, "id" | "label">> = [];
  for (const criterion of criteria) {
    const values = [...(byCriterion.get(criterion.id)?.values() ?? [])];
    if (values.length === 0) {
      missing.push({ id: criterion.id, label: criterion.label });
      scored.push({ criterionId: criterion.id, label: criterion.label, weight: criterion.weight, reviewerCount: 0, meanScore: null, points: null });
      continue;
    }
    const sum = BigInt(values.reduce((total, value) => total + value, 0));
    const count = BigInt(values.length);
    // points = weight × (sum / count) / 5
    const num = BigInt(criterion.weight) * sum;
    const den = BigInt(MAX_REVIEW_SCORE) * count;
    totalNum = totalNum * den + num * totalDen;
    totalDen = totalDen * den;
    const divisor = gcd(totalNum, totalDen) || 1n;
    totalNum /= divisor;
    totalDen /= divisor;
    scored.push({
      criterionId: criterion.id,
      label: criterion.label,
      weight: criterion.weight,
      reviewerCount: values.length,
      meanScore: roundHalfUpHundredths(sum, count) / 100,
      points: roundHalfUpHundredths(num, den) / 100,
    });
  }
  if (missing.length > 0) return { complete: false, missingCriteria: missing, criteria: scored };
  const scoreHundredths = roundHalfUpHundredths(totalNum, totalDen);
  return { complete: true, score: scoreHundredths / 100, scoreHundredths, criteria: scored };
}

// ---------------------------------------------------------------------------------------------
// Ranking
// ---------------------------------------------------------------------------------------------

export type ApplicationForRanking = { id: string; submittedAt: Date };

export type RankedApplication = {
  applicationId: string;
  /** 1 for the first; ranks are distinct since ties are broken. */
  rank: number;
  score: number;
  scoreHundredths: number;
  submittedAt: Date;
  criteria: ScoredCriterion[];
};

export type UnrankedApplication = {
  applicationId: string;
  submittedAt: Date;
  missingCriteria: Array<Pick<Criterion, "id" | "label">>;
  message: string;
};

export type Ranking = { ranked: RankedApplication[]; unranked: UnrankedApplication[] };

/**
 * Ranks the applications of a call: complete ones by rounded score (highest first), ties broken
 * by earliest submission, then by id; incomplete ones apart, in submission order, with a French
 * message naming the criteria that lack a score.
 */
export function rankApplications(
  call: Pick<Call, "criteria">,
  applications: readonly ApplicationForRanking[],
  scores: readonly ReviewScore[],
): Ranking {
  const scoresByApplication = new Map<string, ReviewScore[]>();
  for (const entry of scores) {
    const list = scoresByApplication.get(entry.applicationId) ?? [];
    list.push(entry);
    scoresByApplication.set(entry.applicationId, list);
  }
  const bySubmission = (a: { submittedAt: Date; applicationId: string }, b: { submittedAt: Date; applicationId: string }) =>
    a.submittedAt.getTime() - b.submittedAt.getTime() || (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0);

  const complete: Omit<RankedApplication, "rank">[] = [];
  const unranked: UnrankedApplication[] = [];
  for (const application of applications) {
    const result = scoreApplication(call.criteria, scoresByApplication.get(application.id) ?? []);
    if (result.complete) {
      complete.push({
        applicationId: application.id,
        score: result.score,
        scoreHundredths: result.scoreHundredths,
        submittedAt: application.submittedAt,
        criteria: result.criteria,
      });
    } else {
      const labels = result.missingCriteria.map((criterion) => `« ${criterion.label} »`);
      unranked.push({
        applicationId: application.id,
        submittedAt: application.submittedAt,
        missingCriteria: result.missingCriteria,
        message:
          labels.length === 1
            ? `Candidature non classée : aucune note pour le critère ${labels[0]}.`
            : `Candidature non classée : aucune note pour les critères ${joinFr(labels)}.`,
      });
    }
  }
  complete.sort((a, b) => b.scoreHundredths - a.scoreHundredths || bySubmission(a, b));
  unranked.sort(bySubmission);
  return { ranked: complete.map((entry, index) => ({ ...entry, rank: index + 1 })), unranked };
}

// ---------------------------------------------------------------------------------------------
// Decision messages
// ---------------------------------------------------------------------------------------------

/** "78,50" — a score out of 100 with exactly two decimals. */
export function formatScore(scoreHundredths: number): string {
  return `${Math.floor(scoreHundredths / 100)},${String(scoreHundredths % 100).padStart(2, "0")}`;
}

/** Rank of an application (feminine, "la candidature"): 1re, 2e, 3e… */
export function frenchRank(rank: number): string {
  return rank === 1 ? "1re" : `${rank}e`;
}

export type DecisionOutcome = "ATTRIBUTED" | "NOT_RETAINED";

export type DecisionMessage = {
  applicationId: string;
  structureName: string;
  outcome: DecisionOutcome;
  subject: string;
  body: string;
};

export type DecisionInput = {
  premises: { title: string; commune: string };
  collectiviteName: string;
  applications: ReadonlyArray<{ id: string; structureName: string }>;
  ranking: Ranking;
  winnerId: string;
  /** Message of the collectivité to every applicant. */
  commonMessage?: string | null;
  /** Message to one applicant, by application id. */
  personalMessages?: Readonly<Record<string, string>>;
};

function criteriaDetail(criteria: readonly ScoredCriterion[]): string {
  return criteria
    .map((criterion) => `${criterion.label} ${formatNumberFr(criterion.points ?? 0)} / ${criterion.weight}`)
    .join(" ; ");
}

/**
 * The decision as one message per applicant, in ranking order: the winner is told the bien is
 * attributed, the others that their application is not retained; everyone gets their score,
 * rank and points per criterion, the common message and their personal message if any.
 * Refused while an application is not fully scored, or when the winner is not ranked.
 */
export function decisionMessages(input: DecisionInput): { ok: true; messages: DecisionMessage[] } | { ok: false; message: string } {
  const names = new Map(input.applications.map((application) => [application.id, application.structureName]));
  const rankedIds = new Set(input.ranking.ranked.map((entry) => entry.applicationId));
  const notScored = input.applications.filter((application) => !rankedIds.has(application.id));
  if (notScored.length > 0) {
    return {
      ok: false,
      message: `Toutes les candidatures doivent être notées sur chaque critère avant la décision : il manque des notes pour ${joinFr(notScored.map((a) => a.structureName))}.`,
    };
  }
  if (!rankedIds.has(input.winnerId) || !names.has(input.winnerId)) {
    return { ok: false, message: "La candidature retenue doit faire partie des candidatures classées pour ce bien." };
  }

  const { title, commune } = input.premises;
  // Ranks among the applications of this decision (a ranking entry of another call is ignored).
  const ranked = input.ranking.ranked.filter((entry) => names.has(entry.applicationId));
  const total = ranked.length;
  const common = input.commonMessage?.trim();
  const messages = ranked.map((entry, index): DecisionMessage => {
    const structureName = names.get(entry.applicationId) ?? "";
    const won = entry.applicationId === input.winnerId;
    const personal = input.personalMessages?.[entry.applicationId]?.trim();
    const lines = [
      "Bonjour,",
      "",
      won
        ? `${input.collectiviteName} a le plaisir de vous informer que le bien « ${title} » (${commune}) est attribué à ${structureName}.`
        : `${input.collectiviteName} vous remercie pour la candidature de ${structureName} au bien « ${title} » (${commune}). Elle n'a pas été retenue : le bien est attribué à une autre structure.`,
      `Votre candidature a obtenu ${formatScore(entry.scoreHundredths)} / 100 et est classée ${frenchRank(index + 1)} sur ${total}.`,
      `Détail par critère : ${criteriaDetail(entry.criteria)}.`,
    ];
    if (won) lines.push("La convention d'occupation vous sera adressée prochainement pour signature.");
    if (common) lines.push("", `Message de ${input.collectiviteName} : ${common}`);
    if (personal) lines.push("", personal);
    lines.push("", "Cordialement,", input.collectiviteName);
    return {
      applicationId: entry.applicationId,
      structureName,
      outcome: won ? "ATTRIBUTED" : "NOT_RETAINED",
      subject: won
        ? `Votre candidature pour « ${title} » est retenue`
        : `Votre candidature pour « ${title} » n'est pas retenue`,
      body: lines.join("\n"),
    };
  });
  return { ok: true, messages };
}
