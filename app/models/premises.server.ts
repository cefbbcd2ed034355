// Persistence of biens (vacant premises), their lifecycle history, photos and geocoding state.
// Rules come from app/domain/premises.ts; every manager query is scoped by the owning collectivité.
import type { Db } from "~/db.server";
import type { DbOrTx } from "~/models/space-planning.server";
import {
  filterPublicPremises,
  isPublicState,
  MAX_PHOTOS,
  PUBLIC_STATES,
  transition,
  type Actor,
  type HistoryEntry,
  type Premises,
  type PremisesEvent,
  type PremisesRecord,
  type PremisesState,
  type PublicPremisesFilters,
} from "~/domain/premises";
import type { OpenDataPremises } from "~/domain/open-data";
import { planSiteFromPremises } from "~/domain/premises-site";
import { DEFAULT_BOOKING_RULES } from "~/domain/space-rules";
import { serializeOpeningHours } from "~/models/space.server";
import { isUniqueViolation } from "~/utils/db-errors.server";
import type { GeocodingResult } from "~/services/address-geocoding.server";

/** After this many failed attempts (API down), geocoding stops being retried automatically. */
export const MAX_GEOCODING_ATTEMPTS = 5;

type PremisesRow = Awaited<ReturnType<Db["premises"]["findFirstOrThrow"]>>;

function parseJsonArray<T>(json: string): T[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/** The stored row as the domain's bien (photos are separate rows, see listPhotos). */
export function toPremisesRecord(row: PremisesRow): PremisesRecord {
  return {
    id: row.id,
    state: row.state,
    title: row.title,
    description: row.description,
    kind: row.kind as PremisesRecord["kind"],
    domain: row.domain as PremisesRecord["domain"],
    address: {
      line: row.addressLine,
      postalCode: row.postalCode,
      commune: row.commune,
      inseeCode: row.inseeCode,
      latitude: row.latitude,
      longitude: row.longitude,
    },
    surfaceM2: row.surfaceM2,
    levels: row.levels,
    condition: row.condition as PremisesRecord["condition"],
    accessibility: row.accessibility as PremisesRecord["accessibility"],
    utilities: parseJsonArray(row.utilities),
    photos: [],
    availableFrom: row.availableFrom,
    availableUntil: row.availableUntil,
    occupationType: row.occupationType as PremisesRecord["occupationType"],
    rentCents: row.rentCents,
    chargesCents: row.chargesCents,
    socialUtilityReductionPercent: row.socialUtilityReductionPercent,
    insuranceRequired: row.insuranceRequired,
    worksAllowed: row.worksAllowed as PremisesRecord["worksAllowed"],
    otherConditions: row.otherConditions,
    visits: parseJsonArray(row.visits),
  };
}

function premisesData(bien: Premises) {
  return {
    title: bien.title,
    description: bien.description,
    kind: bien.kind,
    domain: bien.domain,
    addressLine: bien.address.line,
    postalCode: bien.address.postalCode,
    commune: bien.address.commune,
    surfaceM2: bien.surfaceM2,
    levels: bien.levels,
    condition: bien.condition,
    accessibility: bien.accessibility,
    utilities: JSON.stringify(bien.utilities),
    availableFrom: bien.availableFrom,
    availableUntil: bien.availableUntil,
    occupationType: bien.occupationType,
    rentCents: bien.rentCents,
    chargesCents: bien.chargesCents,
    socialUtilityReductionPercent: bien.socialUtilityReductionPercent,
    insuranceRequired: bien.insuranceRequired,
    worksAllowed: bien.worksAllowed,
    otherConditions: bien.otherConditions,
    visits: JSON.stringify(bien.visits),
  };
}

/** Coordinates typed by hand are kept; otherwise the bien waits for the BAN. */
function locationData(bien: Premises) {
  const { latitude, longitude, inseeCode } = bien.address;
  return latitude !== null && longitude !== null && inseeCode !== null
    ? { latitude, longitude, inseeCode, geocodingStatus: "OK" as const, geocodingAttempts: 0 }
    : { latitude: null, longitude: null, inseeCode: null, geocodingStatus: "PENDING" as const, geocodingAttempts: 0 };
}

export async function createPremises(db: DbOrTx, organizationId: string, bien: Premises) {
  return db.premises.create({
    data: { organizationId, state: "DRAFT", ...premisesData(bien), ...locationData(bien) },
    select: { id: true, geocodingStatus: true },
  });
}

/**
 * Updates a bien of this collectivité. A changed address is geocoded again. Returns null when
 * the bien is not this organisation's.
 */
export async function updatePremises(db: DbOrTx, organizationId: string, premisesId: string, bien: Premises) {
  const current = await db.premises.findFirst({ where: { id: premisesId, organizationId } });
  if (!current) return null;
  const addressChanged =
    current.addressLine !== bien.address.line || current.postalCode !== bien.address.postalCode || current.commune !== bien.address.commune;
  const typedLocation = bien.address.latitude !== null && bien.address.longitude !== null && bien.address.inseeCode !== null;
  return db.premises.update({
    where: { id: premisesId },
    data: { ...premisesData(bien), ...(addressChanged || typedLocation ? locationData(bien) : {}) },
    select: { id: true, geocodingStatus: true },
  });
}

export function findOrganizationPremises(db: DbOrTx, organizationId: string, premisesId: string) {
  return db.premises.findFirst({
    where: { id: premisesId, organizationId },
    include: { photos: { orderBy: { position: "asc" } }, call: true, history: { orderBy: { at: "asc" } } },
  });
}

export function listOrganizationPremises(db: DbOrTx, organizationId: string) {
  return db.premises.findMany({
    where: { organizationId },
    orderBy: { createdAt: "desc" },
    select: { id: true, title: true, commune: true, kind: true, state: true, geocodingStatus: true, surfaceM2: true },
  });
}

export function toHistoryEntries(rows: ReadonlyArray<{
  event: string; fromState: PremisesState; toState: PremisesState; actorUserId: string; actorName: string;
  at: Date; note: string | null; applicationId: string | null; conventionSignedOn: string | null;
}>): HistoryEntry[] {
  return rows.map((row) => ({
    event: row.event as HistoryEntry["event"],
    from: row.fromState,
    to: row.toState,
    actor: { id: row.actorUserId, name: row.actorName },
    at: row.at,
    note: row.note,
    applicationId: row.applicationId,
    conventionSignedOn: row.conventionSignedOn,
  }));
}

export type TransitionOutcome =
  | { ok: true; state: PremisesState }
  | { ok: false; status: 404 | 409 | 400; message: string };

/**
 * Applies a lifecycle event: loads the snapshot, asks the domain, then writes the new state
 * and the history entry in one transaction. The update is conditional on the previous state,
 * so two managers acting at once cannot both succeed. `rankedApplicationIds` is supplied by
 * the caller for an attribution (calls model).
 */
export async function applyPremisesEvent(
  db: Db,
  { organizationId, premisesId, event, actor, at, rankedApplicationIds = [] }: {
    organizationId: string; premisesId: string; event: PremisesEvent; actor: Actor; at: Date; rankedApplicationIds?: readonly string[];
  },
  inTransaction?: (tx: DbOrTx, state: PremisesState) => Promise<void>,
): Promise<TransitionOutcome> {
  return db.$transaction(async (tx) => {
    const bien = await tx.premises.findFirst({ where: { id: premisesId, organizationId }, include: { call: { select: { deadline: true } } } });
    if (!bien) return { ok: false, status: 404, message: "Bien introuvable." };
    const result = transition(
      {
        state: bien.state,
        addressLine: bien.addressLine,
        commune: bien.commune,
        availableUntil: bien.availableUntil,
        callDeadline: bien.call?.deadline ?? null,
        rankedApplicationIds,
      },
      event,
      { actor, at },
    );
    if (!result.ok) return { ok: false, status: 400, message: result.message };
    const updated = await tx.premises.updateMany({ where: { id: premisesId, state: bien.state }, data: { state: result.state } });
    if (updated.count !== 1) return { ok: false, status: 409, message: "Ce bien vient d'être modifié par quelqu'un d'autre : rechargez la page." };
    const entry = result.historyEntry;
    await tx.premisesStateChange.create({
      data: {
        premisesId,
        event: entry.event,
        fromState: entry.from,
        toState: entry.to,
        actorUserId: entry.actor.id,
        actorName: entry.actor.name,
        at: entry.at,
        note: entry.note,
        applicationId: entry.applicationId,
        conventionSignedOn: entry.conventionSignedOn,
      },
    });
    if (inTransaction) await inTransaction(tx, result.state);
    return { ok: true, state: result.state };
  });
}

// ---------------------------------------------------------------------------------------------
// Geocoding state
// ---------------------------------------------------------------------------------------------

/** Stores the BAN answer: found → OK; unknown address → FAILED; API down → PENDING until the last attempt. */
export async function recordGeocoding(db: DbOrTx, premisesId: string, result: GeocodingResult, at: Date) {
  const current = await db.premises.findUniqueOrThrow({ where: { id: premisesId }, select: { geocodingAttempts: true } });
  const attempts = current.geocodingAttempts + 1;
  if (result.status === "FOUND") {
    return db.premises.update({
      where: { id: premisesId },
      data: {
        latitude: result.address.latitude,
        longitude: result.address.longitude,
        inseeCode: result.address.inseeCode,
        geocodingStatus: "OK",
        geocodingAttempts: attempts,
        geocodingAttemptedAt: at,
      },
      select: { geocodingStatus: true },
    });
  }
  const status = result.status === "NOT_FOUND" || attempts >= MAX_GEOCODING_ATTEMPTS ? "FAILED" : "PENDING";
  return db.premises.update({
    where: { id: premisesId },
    data: { geocodingStatus: status, geocodingAttempts: attempts, geocodingAttemptedAt: at },
    select: { geocodingStatus: true },
  });
}

export function listPremisesAwaitingGeocoding(db: DbOrTx, limit = 100) {
  return db.premises.findMany({
    where: { geocodingStatus: "PENDING", geocodingAttempts: { lt: MAX_GEOCODING_ATTEMPTS } },
    orderBy: { updatedAt: "asc" },
    take: limit,
    select: { id: true, addressLine: true, postalCode: true, commune: true },
  });
}

export function geocodingQuery(bien: { addressLine: string; postalCode: string; commune: string }): string {
  return `${bien.addressLine} ${bien.postalCode} ${bien.commune}`;
}

// ---------------------------------------------------------------------------------------------
// Public pages and open data: no personal data (no names, no e-mails of anyone)
// ---------------------------------------------------------------------------------------------

const publicInclude = {
  organization: { select: { name: true } },
  call: { select: { deadline: true } },
  photos: { orderBy: { position: "asc" as const }, select: { id: true, alt: true } },
};

export type PublicPremises = PremisesRecord & {
  ownerName: string;
  callDeadline: string | null;
  photoIds: Array<{ id: string; alt: string }>;
};

function toPublic(row: PremisesRow & { organization: { name: string }; call: { deadline: string } | null; photos: Array<{ id: string; alt: string }> }): PublicPremises {
  return { ...toPremisesRecord(row), ownerName: row.organization.name, callDeadline: row.call?.deadline ?? null, photoIds: row.photos };
}

export async function listPublicPremises(db: DbOrTx, filters: PublicPremisesFilters = {}): Promise<PublicPremises[]> {
  const rows = await db.premises.findMany({
    where: { state: { in: [...PUBLIC_STATES] } },
    orderBy: [{ availableFrom: "asc" }, { id: "asc" }],
    include: publicInclude,
  });
  return filterPublicPremises(rows.map(toPublic), filters);
}

export async function getPublicPremises(db: DbOrTx, premisesId: string): Promise<PublicPremises | null> {
  const row = await db.premises.findUnique({ where: { id: premisesId }, include: publicInclude });
  return row && isPublicState(row.state) ? toPublic(row) : null;
}

export function findPublicPhoto(db: DbOrTx, photoId: string) {
  return db.premisesPhoto.findFirst({
    where: { id: photoId, premises: { state: { in: [...PUBLIC_STATES] } } },
    select: { path: true, mimeType: true, sizeBytes: true },
  });
}

export function findOrganizationPhoto(db: DbOrTx, organizationId: string, photoId: string) {
  return db.premisesPhoto.findFirst({
    where: { id: photoId, premises: { organizationId } },
    select: { path: true, mimeType: true, sizeBytes: true },
  });
}

export async function addPremisesPhoto(
  db: DbOrTx,
  organizationId: string,
  premisesId: string,
  photo: { path: string; mimeType: string; sizeBytes: number; alt: string },
) {
  const bien = await db.premises.findFirst({ where: { id: premisesId, organizationId }, select: { id: true, _count: { select: { photos: true } } } });
  if (!bien) return null;
  if (bien._count.photos >= MAX_PHOTOS) return "TOO_MANY_PHOTOS" as const;
  return db.premisesPhoto.create({ data: { premisesId, ...photo, position: bien._count.photos }, select: { id: true } });
}

/** The public biens as open data (owner is the collectivité; no personal data). */
export async function listOpenDataPremises(db: DbOrTx, origin: string): Promise<OpenDataPremises[]> {
  const biens = await listPublicPremises(db);
  return biens.map(({ photoIds: _photos, ...bien }) => ({ ...bien, pageUrl: `${origin}/biens/${bien.id}` }));
}

// ---------------------------------------------------------------------------------------------
// An occupied bien opened to booking: a site run by its occupant (rules: app/domain/premises-site.ts)
// ---------------------------------------------------------------------------------------------

export type OpenToBookingOutcome =
  | ({ ok: true; siteId: string; occupantSlug: string } & ({ created: true; spaceId: string } | { created: false }))
  | { ok: false; status: 400 | 404; message: string };

/** The occupant of an attributed bien: the structure whose application the decision retained. */
async function occupantOf(db: DbOrTx, premisesId: string) {
  const decision = await db.premisesDecision.findFirst({ where: { call: { premisesId } }, select: { winnerApplicationId: true } });
  if (!decision) return null;
  const application = await db.premisesApplication.findUnique({
    where: { id: decision.winnerApplicationId },
    select: { organization: { select: { id: true, slug: true, name: true } } },
  });
  return application?.organization ?? null;
}

/** The site opened from a bien, if any, and who runs it (for the bien's pages). */
export async function findPremisesSite(db: DbOrTx, premisesId: string) {
  return db.site.findUnique({
    where: { premisesId },
    select: { id: true, name: true, organization: { select: { slug: true, name: true } } },
  });
}

/**
 * "Ouvrir à la réservation": on an OCCUPIED bien, creates the site its occupant runs (address,
 * INSEE code and coordinates of the bien) with a first space, in one transaction. Allowed to
 * the collectivité that owns the bien and to the occupant structure (`organizationId`); anyone
 * else gets 404. Idempotent: a bien already opened returns its site (created: false), also when
 * two requests race (Site.premisesId is unique).
 */
export async function openPremisesToBooking(db: Db, input: { organizationId: string; premisesId: string }): Promise<OpenToBookingOutcome> {
  const attempt = () =>
    db.$transaction(async (tx): Promise<OpenToBookingOutcome> => {
      const bien = await tx.premises.findUnique({ where: { id: input.premisesId } });
      if (!bien) return { ok: false, status: 404, message: "Bien introuvable." };
      const occupant = await occupantOf(tx, bien.id);
      if (bien.organizationId !== input.organizationId && occupant?.id !== input.organizationId) {
        return { ok: false, status: 404, message: "Bien introuvable." };
      }
      const existing = await tx.site.findUnique({ where: { premisesId: bien.id }, select: { id: true, organization: { select: { slug: true } } } });
      if (existing) return { ok: true, siteId: existing.id, created: false, occupantSlug: existing.organization.slug };
      const planned = planSiteFromPremises({
        state: bien.state,
        title: bien.title,
        kind: bien.kind as PremisesRecord["kind"],
        surfaceM2: bien.surfaceM2,
        accessibility: bien.accessibility as PremisesRecord["accessibility"],
        addressLine: bien.addressLine,
        postalCode: bien.postalCode,
        commune: bien.commune,
        inseeCode: bien.inseeCode,
        latitude: bien.latitude,
        longitude: bien.longitude,
      });
      if (!planned.ok) return { ok: false, status: 400, message: planned.message };
      if (!occupant) return { ok: false, status: 400, message: "Ce bien n'a pas d'occupant désigné par une décision d'attribution." };
      const { site, space, openingHours } = planned.plan;
      const created = await tx.site.create({ data: { ...site, organizationId: occupant.id, premisesId: bien.id }, select: { id: true } });
      const firstSpace = await tx.space.create({
        data: {
          ...space,
          ...DEFAULT_BOOKING_RULES,
          openingHours: serializeOpeningHours(openingHours),
          siteId: created.id,
          organizationId: occupant.id,
        },
        select: { id: true },
      });
      return { ok: true, siteId: created.id, created: true, spaceId: firstSpace.id, occupantSlug: occupant.slug };
    });
  try {
    return await attempt();
  } catch (error) {
    // Another request opened the same bien in between: its site is the answer.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}
