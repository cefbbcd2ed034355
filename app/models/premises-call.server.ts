// Persistence of calls for applications, applications, reviewers' scores and the decision.
// Scoring, ranking and messages come from app/domain/calls.ts.
import type { Db } from "~/db.server";
import type { DbOrTx } from "~/models/space-planning.server";
import { notify } from "~/models/notification.server";
import { applyPremisesEvent, type TransitionOutcome } from "~/models/premises.server";
import {
  checkSubmission,
  decisionMessages,
  rankApplications,
  type Application,
  type Call,
  type Criterion,
  type Ranking,
  type RequiredDocument,
  type ReviewScore,
} from "~/domain/calls";
import type { Actor } from "~/domain/premises";
import type { CompanyLookupResult, CompanyRecord } from "~/services/company-registry.server";

/** After this many attempts with the registry down, the SIRET check is no longer retried automatically. */
export const MAX_SIRET_CHECK_ATTEMPTS = 5;

function parseJson<T>(json: string | null, fallback: T): T {
  if (json === null) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

export function toCall(row: { deadline: string; criteria: string; requiredDocuments: string }): Call {
  return {
    deadline: row.deadline,
    criteria: parseJson<Criterion[]>(row.criteria, []),
    requiredDocuments: parseJson<RequiredDocument[]>(row.requiredDocuments, []),
  };
}

/** The call of a bien, or null when it has none. */
export async function findCall(db: DbOrTx, premisesId: string): Promise<Call | null> {
  const row = await db.premisesCall.findUnique({ where: { premisesId }, select: { deadline: true, criteria: true, requiredDocuments: true } });
  return row ? toCall(row) : null;
}

/** Defines or replaces the call of a bien of this collectivité (not once applications arrived). */
export async function saveCall(db: DbOrTx, organizationId: string, premisesId: string, call: Call) {
  const bien = await db.premises.findFirst({
    where: { id: premisesId, organizationId },
    select: { id: true, state: true, call: { select: { _count: { select: { applications: true } } } } },
  });
  if (!bien) return { ok: false as const, status: 404, message: "Bien introuvable." };
  if (bien.state !== "DRAFT" && bien.state !== "PUBLISHED") {
    return { ok: false as const, status: 400, message: "L'appel à candidatures ne peut plus être modifié à cette étape." };
  }
  if ((bien.call?._count.applications ?? 0) > 0) {
    return { ok: false as const, status: 400, message: "Des candidatures ont déjà été déposées : l'appel ne peut plus être modifié." };
  }
  const data = { deadline: call.deadline, criteria: JSON.stringify(call.criteria), requiredDocuments: JSON.stringify(call.requiredDocuments) };
  await db.premisesCall.upsert({ where: { premisesId }, create: { premisesId, ...data }, update: data });
  return { ok: true as const };
}

export type StoredAttachment = { documentId: string | null; fileName: string; path: string; mimeType: string; sizeBytes: number };

export type SubmitOutcome = { ok: true; applicationId: string } | { ok: false; status: 400 | 404 | 409; messages: string[] };

/**
 * An ESS structure applies to the open call of a published bien (one application per structure),
 * with the files it attached (already stored by the caller; removed by it when this refuses).
 */
export async function submitApplication(
  db: Db,
  input: { structureId: string; userId: string; premisesId: string; application: Application; attachments: StoredAttachment[]; at: Date },
): Promise<SubmitOutcome> {
  return db.$transaction(async (tx) => {
    const bien = await tx.premises.findUnique({ where: { id: input.premisesId }, select: { state: true, call: true } });
    if (!bien || !bien.call) return { ok: false, status: 404, messages: ["Bien introuvable."] };
    const call = toCall(bien.call);
    const attached = input.attachments.map((file) => ({ documentId: file.documentId, fileName: file.fileName }));
    const problems = checkSubmission({ state: bien.state, call, attachments: attached, at: input.at });
    if (problems.length > 0) return { ok: false, status: 400, messages: problems };
    const existing = await tx.premisesApplication.findUnique({
      where: { callId_organizationId: { callId: bien.call.id, organizationId: input.structureId } },
      select: { id: true },
    });
    if (existing) return { ok: false, status: 409, messages: ["Votre structure a déjà candidaté pour ce bien."] };
    const { application } = input;
    const created = await tx.premisesApplication.create({
      data: {
        callId: bien.call.id,
        organizationId: input.structureId,
        submittedByUserId: input.userId,
        siret: application.siret,
        project: application.project,
        activity: application.activity,
        peopleInvolved: application.peopleInvolved,
        desiredStart: application.desiredStart,
        durationMonths: application.durationMonths,
        maxRentCents: application.maxRentCents,
        socialUtilityStatement: application.socialUtilityStatement,
        attachments: {
          create: input.attachments.map((file) => ({
            documentId: file.documentId,
            fileName: file.fileName,
            path: file.path,
            mimeType: file.mimeType,
            sizeBytes: file.sizeBytes,
          })),
        },
        siretStatus: "UNVERIFIED",
        status: "SUBMITTED",
        submittedAt: input.at,
      },
      select: { id: true },
    });
    return { ok: true, applicationId: created.id };
  });
}

/**
 * Stores the registry's answer. VERIFIED when the registry knows this SIRET; a confirmed ESS
 * status also marks the structure `essVerified` (ESS pricing tier). Registry down → stays
 * UNVERIFIED, retried later up to MAX_SIRET_CHECK_ATTEMPTS.
 */
export async function recordSiretCheck(db: Db, applicationId: string, result: CompanyLookupResult, at: Date) {
  return db.$transaction(async (tx) => {
    const application = await tx.premisesApplication.update({
      where: { id: applicationId },
      data: {
        siretCheckAttempts: { increment: 1 },
        siretCheckedAt: at,
        ...(result.status === "FOUND"
          ? { siretStatus: "VERIFIED" as const, siretData: JSON.stringify(result.company) }
          : result.status === "NOT_FOUND"
            ? { siretStatus: "UNVERIFIED" as const, siretData: JSON.stringify({ notFound: true }) }
            : { siretStatus: "UNVERIFIED" as const }),
      },
      select: { organizationId: true, siretStatus: true },
    });
    if (result.status === "FOUND" && result.company.ess === true) {
      await tx.organization.update({ where: { id: application.organizationId }, data: { essVerified: true } });
    }
    return application;
  });
}

export function listApplicationsAwaitingSiretCheck(db: DbOrTx, limit = 100) {
  return db.premisesApplication.findMany({
    // siretData stays null while the registry never answered.
    where: { siretStatus: "UNVERIFIED", siretData: null, siretCheckAttempts: { lt: MAX_SIRET_CHECK_ATTEMPTS } },
    orderBy: { submittedAt: "asc" },
    take: limit,
    select: { id: true, siret: true },
  });
}

export function parseCompanyRecord(json: string | null): CompanyRecord | null {
  const value = parseJson<Partial<CompanyRecord> | null>(json, null);
  return value && typeof value.legalName === "string" ? (value as CompanyRecord) : null;
}

/**
 * One attachment, for a member of `organizationId`: served only when that organisation is the
 * applicant or the collectivité that owns the bien (the reviewers); null otherwise, as if it
 * did not exist.
 */
export function findAttachmentForOrganization(db: DbOrTx, organizationId: string, attachmentId: string) {
  return db.premisesApplicationAttachment.findFirst({
    where: {
      id: attachmentId,
      application: { OR: [{ organizationId }, { call: { premises: { organizationId } } }] },
    },
    select: { path: true, mimeType: true, fileName: true, sizeBytes: true },
  });
}

const attachmentListSelect = { id: true, documentId: true, fileName: true, mimeType: true, sizeBytes: true } as const;

/** Applications of one structure, with the bien and the outcome. */
export function listStructureApplications(db: DbOrTx, structureId: string) {
  return db.premisesApplication.findMany({
    where: { organizationId: structureId },
    orderBy: { submittedAt: "desc" },
    select: {
      id: true,
      status: true,
      siretStatus: true,
      submittedAt: true,
      attachments: { orderBy: { createdAt: "asc" }, select: attachmentListSelect },
      call: {
        select: {
          deadline: true,
          premises: { select: { id: true, title: true, commune: true, state: true, site: { select: { id: true, name: true } } } },
        },
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Review: scores and ranking (collectivité side, scoped by the owning organisation)
// ---------------------------------------------------------------------------------------------

export async function loadReview(db: DbOrTx, organizationId: string, premisesId: string) {
  const bien = await db.premises.findFirst({
    where: { id: premisesId, organizationId },
    select: {
      id: true,
      title: true,
      commune: true,
      state: true,
      call: {
        include: {
          applications: {
            orderBy: { submittedAt: "asc" },
            include: {
              organization: { select: { name: true } },
              scores: true,
              attachments: { orderBy: { createdAt: "asc" }, select: attachmentListSelect },
            },
          },
          decision: true,
        },
      },
    },
  });
  if (!bien || !bien.call) return null;
  const call = toCall(bien.call);
  const scores: ReviewScore[] = bien.call.applications.flatMap((application) =>
    application.scores.map((score) => ({
      applicationId: application.id,
      reviewerId: score.reviewerUserId,
      criterionId: score.criterionId,
      score: score.score,
    })),
  );
  const ranking: Ranking = rankApplications(
    call,
    bien.call.applications.map((application) => ({ id: application.id, submittedAt: application.submittedAt })),
    scores,
  );
  return { bien, call, applications: bien.call.applications, scores, ranking, decision: bien.call.decision };
}

/** Saves one reviewer's scores of one application (one per criterion of the call). */
export async function saveScores(
  db: Db,
  input: { organizationId: string; premisesId: string; applicationId: string; reviewerId: string; scores: Record<string, number> },
): Promise<{ ok: true } | { ok: false; status: 400 | 404; message: string }> {
  return db.$transaction(async (tx) => {
    const application = await tx.premisesApplication.findFirst({
      where: { id: input.applicationId, call: { premisesId: input.premisesId, premises: { organizationId: input.organizationId } } },
      select: { id: true, call: { select: { criteria: true, deadline: true, requiredDocuments: true, premises: { select: { state: true } } } } },
    });
    if (!application) return { ok: false, status: 404, message: "Candidature introuvable." };
    if (application.call.premises.state !== "UNDER_REVIEW") {
      return { ok: false, status: 400, message: "Les candidatures se notent une fois l'appel clos et avant la décision." };
    }
    const criteria = toCall(application.call).criteria;
    for (const criterion of criteria) {
      const score = input.scores[criterion.id];
      if (score === undefined) continue;
      await tx.premisesScore.upsert({
        where: {
          applicationId_reviewerUserId_criterionId: { applicationId: input.applicationId, reviewerUserId: input.reviewerId, criterionId: criterion.id },
        },
        create: { applicationId: input.applicationId, reviewerUserId: input.reviewerId, criterionId: criterion.id, score },
        update: { score },
      });
    }
    return { ok: true };
  });
}

/**
 * The decision: attributes the bien to the chosen ranked application (lifecycle ATTRIBUTE),
 * records it, sets every application's outcome and sends each applicant its message, all in
 * one transaction.
 */
export async function decide(
  db: Db,
  input: { organizationId: string; premisesId: string; winnerId: string; commonMessage: string | null; actor: Actor; at: Date },
): Promise<TransitionOutcome> {
  const review = await loadReview(db, input.organizationId, input.premisesId);
  if (!review) return { ok: false, status: 404, message: "Bien introuvable." };
  const collectivite = await db.organization.findUniqueOrThrow({ where: { id: input.organizationId }, select: { name: true } });
  const messages = decisionMessages({
    premises: { title: review.bien.title, commune: review.bien.commune },
    collectiviteName: collectivite.name,
    applications: review.applications.map((application) => ({ id: application.id, structureName: application.organization.name })),
    ranking: review.ranking,
    winnerId: input.winnerId,
    commonMessage: input.commonMessage,
  });
  if (!messages.ok) return { ok: false, status: 400, message: messages.message };
  const callId = review.bien.call?.id ?? "";
  const organizationByApplication = new Map(review.applications.map((application) => [application.id, application.organizationId]));
  return applyPremisesEvent(
    db,
    {
      organizationId: input.organizationId,
      premisesId: input.premisesId,
      event: { type: "ATTRIBUTE", applicationId: input.winnerId },
      actor: input.actor,
      at: input.at,
      rankedApplicationIds: review.ranking.ranked.map((entry) => entry.applicationId),
    },
    async (tx) => {
      await tx.premisesDecision.create({
        data: { callId, winnerApplicationId: input.winnerId, decidedByUserId: input.actor.id, commonMessage: input.commonMessage, decidedAt: input.at },
      });
      for (const message of messages.messages) {
        await tx.premisesApplication.update({ where: { id: message.applicationId }, data: { status: message.outcome } });
        await notify(tx, {
          userId: null,
          organizationId: organizationByApplication.get(message.applicationId) ?? "",
          title: message.subject,
          body: message.body,
          link: `/biens/${input.premisesId}`,
        });
      }
    },
  );
}

/** The organisations of one kind a user belongs to (to choose which structure applies). */
export async function listMembershipsOf(db: DbOrTx, userId: string, kind: "STRUCTURE" | "COLLECTIVITE") {
  const memberships = await db.membership.findMany({
    where: { userId, organization: { kind } },
    select: { organization: { select: { slug: true, name: true } } },
    orderBy: { organization: { name: "asc" } },
  });
  return memberships.map((membership) => membership.organization);
}

/** When a published bien is withdrawn, every applicant is told why (in the same transaction). */
export async function notifyApplicantsOfWithdrawal(tx: DbOrTx, premisesId: string, reason: string | null) {
  const bien = await tx.premises.findUniqueOrThrow({
    where: { id: premisesId },
    select: { title: true, commune: true, organization: { select: { name: true } }, call: { select: { applications: { select: { organizationId: true } } } } },
  });
  for (const application of bien.call?.applications ?? []) {
    await notify(tx, {
      userId: null,
      organizationId: application.organizationId,
      title: `Le bien « ${bien.title} » est retiré`,
      body: `${bien.organization.name} a retiré le bien « ${bien.title} » (${bien.commune}) : votre candidature ne sera pas examinée.${reason ? ` Motif : ${reason}` : ""}`,
      link: `/biens`,
    });
  }
}
