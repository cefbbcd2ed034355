// The demand register: needs of ESS structures, matching with biens and bookable spaces, and
// the in-app notification of a new match (once per need and bien; once per need when a space
// is created). Rules: app/domain/matching.ts.
import type { Db } from "~/db.server";
import { withSpaceLock, type DbOrTx, type Tx } from "~/models/space-planning.server";
import { notify } from "~/models/notification.server";
import { toPremisesRecord } from "~/models/premises.server";
import { bookableSpacesWhere, mayBookSpace } from "~/models/bookable-space.server";
import { isUniqueViolation } from "~/utils/db-errors.server";
import { aggregateDemand, matchBienToNeeds, matchNeedToBiens, matchNeedToSpace, matchNeedToSpaces, type BookableSpace, type Need } from "~/domain/matching";

type NeedRow = Awaited<ReturnType<Db["premisesNeed"]["findFirstOrThrow"]>>;

function parseList<T>(json: string): T[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

export function toNeed(row: NeedRow): Need {
  return {
    kinds: parseList(row.kinds),
    surfaceMinM2: row.surfaceMinM2,
    surfaceMaxM2: row.surfaceMaxM2,
    communes: parseList(row.communes),
    budgetMaxCents: row.budgetMaxCents,
    availableFrom: row.availableFrom,
    sharedUseAcceptable: row.sharedUseAcceptable,
    peopleCount: row.peopleCount,
    accessibilityRequired: row.accessibilityRequired,
    description: row.description,
  };
}

function needData(need: Need) {
  return {
    kinds: JSON.stringify(need.kinds),
    surfaceMinM2: need.surfaceMinM2,
    surfaceMaxM2: need.surfaceMaxM2,
    communes: JSON.stringify(need.communes),
    budgetMaxCents: need.budgetMaxCents,
    availableFrom: need.availableFrom,
    sharedUseAcceptable: need.sharedUseAcceptable,
    peopleCount: need.peopleCount,
    accessibilityRequired: need.accessibilityRequired,
    description: need.description,
  };
}

export function createNeed(db: DbOrTx, organizationId: string, need: Need) {
  return db.premisesNeed.create({ data: { organizationId, status: "OPEN", ...needData(need) }, select: { id: true } });
}

/** Edits an open need of this structure; null when it is not theirs or is closed. */
export async function updateNeed(db: DbOrTx, organizationId: string, needId: string, need: Need) {
  const updated = await db.premisesNeed.updateMany({ where: { id: needId, organizationId, status: "OPEN" }, data: needData(need) });
  return updated.count === 1 ? { id: needId } : null;
}

export async function closeNeed(db: DbOrTx, organizationId: string, needId: string, at: Date) {
  const updated = await db.premisesNeed.updateMany({ where: { id: needId, organizationId, status: "OPEN" }, data: { status: "CLOSED", closedAt: at } });
  return updated.count === 1;
}

export function findStructureNeed(db: DbOrTx, organizationId: string, needId: string) {
  return db.premisesNeed.findFirst({ where: { id: needId, organizationId } });
}

export function listStructureNeeds(db: DbOrTx, organizationId: string) {
  return db.premisesNeed.findMany({ where: { organizationId }, orderBy: [{ status: "asc" }, { createdAt: "desc" }] });
}

/** Open needs of every structure, with the structure's name (public to collectivités). */
export async function listOpenNeeds(db: DbOrTx) {
  const rows = await db.premisesNeed.findMany({
    where: { status: "OPEN" },
    orderBy: { createdAt: "asc" },
    include: { organization: { select: { name: true, slug: true } } },
  });
  return rows.map((row) => ({ ...toNeed(row), id: row.id, organizationId: row.organizationId, structureName: row.organization.name, structureSlug: row.organization.slug }));
}

export async function demandByCommune(db: DbOrTx) {
  return aggregateDemand(await listOpenNeeds(db));
}

/** For a bien of this collectivité: the open needs it fits. */
export async function needsMatchingPremises(db: DbOrTx, organizationId: string, premisesId: string) {
  const bien = await db.premises.findFirst({ where: { id: premisesId, organizationId } });
  if (!bien) return null;
  return matchBienToNeeds(toPremisesRecord(bien), await listOpenNeeds(db));
}

/** For a need of this structure: the published biens it fits, each with its reasons. */
export async function premisesMatchingNeed(db: DbOrTx, organizationId: string, needId: string) {
  const need = await db.premisesNeed.findFirst({ where: { id: needId, organizationId } });
  if (!need) return null;
  const biens = await db.premises.findMany({ where: { state: "PUBLISHED" } });
  return matchNeedToBiens(toNeed(need), biens.map(toPremisesRecord)).map(({ bien, reasons }) => ({
    bien: { id: bien.id, title: bien.title, commune: bien.address.commune, surfaceM2: bien.surfaceM2 },
    reasons,
  }));
}

/**
 * For a need of this structure: the spaces it may book (bookableSpacesWhere) that fit, each with
 * its reasons (app/domain/matching.ts matchNeedToSpaces). Null when the need is not theirs.
 */
export async function spacesMatchingNeed(db: DbOrTx, organizationId: string, needId: string) {
  const need = await db.premisesNeed.findFirst({ where: { id: needId, organizationId } });
  if (!need) return null;
  const rows = await db.space.findMany({
    where: bookableSpacesWhere(organizationId),
    orderBy: [{ site: { name: "asc" } }, { name: "asc" }],
    select: matchableSpaceSelect,
  });
  return matchNeedToSpaces(toNeed(need), rows.map(toBookableSpace));
}

const matchableSpaceSelect = {
  id: true,
  name: true,
  kind: true,
  capacity: true,
  seats: true,
  accessible: true,
  organizationId: true,
  site: { select: { id: true, name: true, city: true, inseeCode: true } },
} as const;

type MatchableSpaceRow = NonNullable<Awaited<ReturnType<typeof findMatchableSpace>>>;
const findMatchableSpace = (db: DbOrTx, spaceId: string) => db.space.findUnique({ where: { id: spaceId }, select: matchableSpaceSelect });

function toBookableSpace(row: MatchableSpaceRow): BookableSpace {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    capacity: row.capacity,
    seats: row.seats,
    accessible: row.accessible,
    site: { id: row.site.id, name: row.site.name, commune: row.site.city, inseeCode: row.site.inseeCode },
  };
}

/** A space as the matching reads it, with the organisation that runs it (its own needs are never told). */
type MatchableSpace = { space: BookableSpace; organizationId: string };

async function matchableSpace(db: DbOrTx, spaceId: string): Promise<MatchableSpace | null> {
  const row = await findMatchableSpace(db, spaceId);
  return row ? { space: toBookableSpace(row), organizationId: row.organizationId } : null;
}

/**
 * After a space is created: each open need of another structure that may book it
 * (bookableSpacesWhere) and that it fits is told once, in one transaction, with a link to the
 * need's page, which lists the spaces that fit. Returns how many needs were told.
 */
export async function notifyNeedsMatchingNewSpace(db: Db, spaceId: string): Promise<number> {
  const created = await matchableSpace(db, spaceId);
  if (!created) return 0;
  return notifyNeedsFittingSpace(db, created, {
    isNews: () => true,
    title: (space) => `Un espace réservable correspond à votre besoin : « ${space.name} »`,
    body: (space) => `« ${space.name} » (${space.site.name}, ${space.site.commune}) peut désormais être réservé et correspond à l'un de vos besoins.`,
  });
}

/**
 * Edits a space (`edit`: false when refused) holding its booking lock, and reads it as the
 * matching does just before and just after, in the same transaction: each edit sees the state
 * the previous one left. Then the needs it fits after and did not fit before are told, as for a
 * new space (its kind, capacity, seats or accessibility changed); those it already fitted were
 * told when it started fitting them. False when the edit was refused.
 */
export async function editSpaceTellingNeeds(db: Db, spaceId: string, edit: (tx: Tx) => Promise<boolean>): Promise<boolean> {
  const change = await withSpaceLock(db, spaceId, async (tx) => {
    const before = await matchableSpace(tx, spaceId);
    if (!before || !(await edit(tx))) return null;
    const after = await matchableSpace(tx, spaceId);
    return after ? { before, after } : null;
  });
  if (!change) return false;
  await notifyNeedsFittingSpace(db, change.after, {
    isNews: (need) => !matchNeedToSpace(need, change.before.space).fits,
    title: (space) => `Un espace réservable correspond désormais à votre besoin : « ${space.name} »`,
    body: (space) => `« ${space.name} » (${space.site.name}, ${space.site.commune}) a été modifié et correspond désormais à l'un de vos besoins.`,
  });
  return true;
}

async function notifyNeedsFittingSpace(
  db: Db,
  { space, organizationId }: MatchableSpace,
  told: { isNews: (need: Need) => boolean; title: (space: BookableSpace) => string; body: (space: BookableSpace) => string },
): Promise<number> {
  const fitting = (await listOpenNeeds(db)).filter(
    (need) => need.organizationId !== organizationId && matchNeedToSpace(need, space).fits && told.isNews(need),
  );
  if (fitting.length === 0) return 0;
  return db.$transaction(async (tx) => {
    let count = 0;
    for (const need of fitting) {
      if (!(await mayBookSpace(tx, { organizationId: need.organizationId, spaceId: space.id }))) continue;
      await notify(tx, {
        userId: null,
        organizationId: need.organizationId,
        title: told.title(space),
        body: told.body(space),
        link: `/organisations/${need.structureSlug}/besoins/${need.id}`,
      });
      count += 1;
    }
    return count;
  });
}

/** Records a need ↔ bien match and notifies its structure, once: false when it was already told. */
async function recordMatchOnce(db: Db, match: { needId: string; premisesId: string; at: Date }, notification: Parameters<typeof notify>[1]) {
  try {
    return await db.$transaction(async (tx) => {
      const already = await tx.premisesNeedMatch.findUnique({
        where: { needId_premisesId: { needId: match.needId, premisesId: match.premisesId } },
        select: { id: true },
      });
      if (already) return false;
      await tx.premisesNeedMatch.create({ data: { needId: match.needId, premisesId: match.premisesId, notifiedAt: match.at } });
      await notify(tx, notification);
      return true;
    });
  } catch (error) {
    // Two requests matched the same pair at once: the other one notified.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/**
 * After a bien is published, or a published bien is edited: every open need it fits and that
 * was not told yet gets a match row and an in-app notification for its structure (never twice
 * for one need and bien). Returns the number of new matches.
 */
export async function notifyNewMatchesForPremises(db: Db, premisesId: string, at: Date): Promise<number> {
  const bien = await db.premises.findUnique({ where: { id: premisesId } });
  if (!bien || bien.state !== "PUBLISHED") return 0;
  const matches = matchBienToNeeds(toPremisesRecord(bien), await listOpenNeeds(db));
  let created = 0;
  for (const { need } of matches) {
    const told = await recordMatchOnce(db, { needId: need.id, premisesId, at }, {
      userId: null,
      organizationId: need.organizationId,
      title: `Un bien correspond à votre besoin : « ${bien.title} »`,
      body: `« ${bien.title} » (${bien.commune}) est publié et correspond à l'un de vos besoins. Consultez-le et candidatez avant la date limite.`,
      link: `/biens/${premisesId}`,
    });
    if (told) created += 1;
  }
  return created;
}

/** After a need is published or edited: the published biens it fits, notified once each. */
export async function notifyNewMatchesForNeed(db: Db, needId: string, at: Date): Promise<number> {
  const need = await db.premisesNeed.findUnique({ where: { id: needId } });
  if (!need || need.status !== "OPEN") return 0;
  const biens = await db.premises.findMany({ where: { state: "PUBLISHED" } });
  const matches = matchNeedToBiens(toNeed(need), biens.map(toPremisesRecord));
  let created = 0;
  for (const { bien } of matches) {
    const told = await recordMatchOnce(db, { needId, premisesId: bien.id, at }, {
      userId: null,
      organizationId: need.organizationId,
      title: `Un bien correspond à votre besoin : « ${bien.title} »`,
      body: `« ${bien.title} » (${bien.address.commune}) correspond à votre besoin. Consultez-le et candidatez avant la date limite.`,
      link: `/biens/${bien.id}`,
    });
    if (told) created += 1;
  }
  return created;
}
