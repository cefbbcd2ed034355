// Deterministic territory-scale dataset for the benchmark (issue 7). Rows are generated in
// plain objects, column names as in the database, and handed to a loader in chunks so a
// million occurrences never sit in memory at once.
//
// Invariants hold by construction (so `npm run db:check` passes): every space has 25 weekly
// "lanes" (Monday–Friday × 5 two-hour slots, 30 min apart, more than any buffer); a lane holds
// at most one series over a span of weeks, and one-off bookings only take lane-weeks nobody
// else holds. Desk pools follow the same lanes, so seats never exceed the pool.
import { createHash } from "node:crypto";
import { addDaysLocal, addMinutesLocal, parisToInstant, type LocalDateTime } from "~/domain/time";

/** Small seeded PRNG (mulberry32): the same seed always gives the same dataset. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FULL_SIZE = { sites: 50, spaces: 1000, organizations: 2000, series: 20000, oneOffs: 50000 };
export type DatasetSize = typeof FULL_SIZE;

/** The full dataset times `fraction`, never below what the benchmark needs to run. */
export function sizeAt(fraction: number): DatasetSize {
  const scaled = (n: number, min: number) => Math.max(min, Math.round(n * fraction));
  return {
    sites: scaled(FULL_SIZE.sites, 2),
    spaces: scaled(FULL_SIZE.spaces, 10),
    organizations: scaled(FULL_SIZE.organizations, 30),
    series: scaled(FULL_SIZE.series, 40),
    oneOffs: scaled(FULL_SIZE.oneOffs, 50),
  };
}

/** Monday of the first week; the data spans WEEKS weeks (18 months). */
export const FIRST_MONDAY = "2027-01-04";
export const WEEKS = 78;
const LANE_STARTS = ["08:00", "10:30", "13:00", "15:30", "18:00"] as const;
const LANES = 25;
/** Organisations 0…SITE_OWNERS-1 run the sites (SCIC or collectivité), the others book. */
const SITE_OWNERS = 25;
/** The organisation whose iCal feed is measured gets the first FEED_SERIES series. */
export const FEED_SERIES = 200;
export const OPENING_HOURS = JSON.stringify(
  Object.fromEntries([1, 2, 3, 4, 5].map((day) => [String(day), [{ open: "08:00", close: "20:00" }]])),
);

export const BENCH_USER_EMAIL = "bench@tiers-lieux.test";
export const BENCH_PASSWORD = "demo-tiers-lieux";
export const BENCH_API_TOKEN = "bench-api-token-structure";
/** Feed tokens: the feed route allows a burst of 30 per token, so the benchmark rotates them. */
export const FEED_TOKENS = Array.from({ length: 40 }, (_, index) => `bench-calendar-feed-token-${String(index).padStart(4, "0")}`);

export const organizationId = (index: number) => `bench_org_${index}`;
export const siteId = (index: number) => `bench_site_${index}`;
export const spaceId = (index: number) => `bench_space_${index}`;
/** The structure that books most (API token, iCal feed, dashboard). */
export const BOOKER_ORGANIZATION = SITE_OWNERS;

export type Row = Record<string, string | number | boolean | null | Date>;
export type Sink = (table: string, rows: Row[]) => Promise<void>;

const CREATED = new Date("2026-11-01T09:00:00.000Z");
const instantCache = new Map<LocalDateTime, Date>();
function instant(local: LocalDateTime): Date {
  let cached = instantCache.get(local);
  if (!cached) {
    const result = parisToInstant(local);
    if (!result.ok) throw new Error(`No Paris instant for ${local}`);
    cached = result.instant;
    instantCache.set(local, cached);
  }
  return cached;
}

function laneStart(lane: number, week: number): LocalDateTime {
  const weekday = lane % 5;
  const date = addDaysLocal(FIRST_MONDAY, week * 7 + weekday);
  return `${date}T${LANE_STARTS[Math.floor(lane / 5)]}`;
}

export type SpaceShape = { index: number; site: number; desk: boolean; seats: number; bufferMinutes: number; capacity: number; requiresApproval: boolean };

export function spaceShapes(size: DatasetSize, random: () => number): SpaceShape[] {
  return Array.from({ length: size.spaces }, (_, index) => {
    const desk = index % 5 === 4; // 20 % desk pools
    return {
      index,
      site: index % size.sites,
      desk,
      seats: desk ? 10 + Math.floor(random() * 21) : 1,
      bufferMinutes: desk ? 0 : [0, 0, 10, 15][Math.floor(random() * 4)],
      capacity: desk ? 30 : 4 + Math.floor(random() * 40),
      requiresApproval: !desk && random() < 0.05,
    };
  });
}

/** Generates everything, table by table in foreign-key order, in chunks of `chunk` rows. */
export async function generateDataset(size: DatasetSize, sink: Sink, { seed = 7, chunk = 5000, passwordHash }: { seed?: number; chunk?: number; passwordHash: string }) {
  const random = prng(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const stamp = { createdAt: CREATED, updatedAt: CREATED };
  const buffers = new Map<string, Row[]>();
  async function push(table: string, row: Row) {
    const list = buffers.get(table) ?? [];
    list.push(row);
    buffers.set(table, list);
    if (list.length >= chunk) {
      // Occurrences reference their series: write the series buffered so far first.
      if (table === "Occurrence") await flush("BookingSeries");
      buffers.set(table, []);
      await sink(table, list);
    }
  }
  async function flush(table: string) {
    const list = buffers.get(table);
    buffers.set(table, []);
    if (list && list.length > 0) await sink(table, list);
  }

  for (let index = 0; index < size.organizations; index++) {
    const owner = index < SITE_OWNERS;
    await push("Organization", {
      id: organizationId(index),
      slug: `bench-organisation-${index}`,
      name: `${owner ? (index % 3 === 0 ? "Commune" : "SCIC") : "Association"} banc d'essai n° ${index}`,
      kind: owner ? (index % 3 === 0 ? "COLLECTIVITE" : "SCIC") : "STRUCTURE",
      // Invoices need the seller's and buyer's identity (billing run).
      legalForm: owner ? (index % 3 === 0 ? "Commune" : "SCIC SAS") : "Association loi 1901",
      siret: String(10_000_000_000_000 + index * 7919),
      address: `${index + 1} rue de l'Économie sociale`,
      postalCode: String(44000 + (index % 900)),
      city: `Commune ${index % 300}`,
      email: `contact-${index}@banc-essai.test`,
      essVerified: !owner && index % 2 === 0,
      ...stamp,
    });
  }
  await flush("Organization");

  for (let index = 0; index < size.organizations; index++) {
    await push("User", { id: `bench_user_${index}`, email: `membre-${index}@banc-essai.test`, name: `Membre ${index}`, passwordHash, ...stamp });
  }
  await push("User", { id: "bench_user_bench", email: BENCH_USER_EMAIL, name: "Utilisatrice du banc d'essai", passwordHash, ...stamp });
  await flush("User");
  for (let index = 0; index < size.organizations; index++) {
    await push("Membership", { id: `bench_membership_${index}`, userId: `bench_user_${index}`, organizationId: organizationId(index), role: "ADMIN", createdAt: CREATED });
  }
  // The dashboard user manages the first sites and books for the busiest structure.
  await push("Membership", { id: "bench_membership_bench_0", userId: "bench_user_bench", organizationId: organizationId(0), role: "MANAGER", createdAt: CREATED });
  await push("Membership", { id: "bench_membership_bench_1", userId: "bench_user_bench", organizationId: organizationId(BOOKER_ORGANIZATION), role: "ADMIN", createdAt: CREATED });
  await flush("Membership");

  for (let index = 0; index < size.sites; index++) {
    await push("Site", {
      id: siteId(index),
      organizationId: organizationId(index % SITE_OWNERS),
      name: `Tiers-lieu n° ${index}`,
      address: `${index + 1} rue de la Coopération`,
      postalCode: String(44000 + index).padStart(5, "0"),
      city: `Commune ${index}`,
      description: "",
      ...stamp,
    });
  }
  await flush("Site");

  const spaces = spaceShapes(size, random);
  for (const space of spaces) {
    await push("Space", {
      id: spaceId(space.index),
      siteId: siteId(space.site),
      organizationId: organizationId(space.site % SITE_OWNERS),
      name: space.desk ? `Open space ${space.index}` : `Salle ${space.index}`,
      description: "",
      kind: space.desk ? "DESK_POOL" : "ROOM",
      capacity: space.capacity,
      seats: space.seats,
      accessible: space.index % 3 !== 0,
      equipment: "",
      openingHours: OPENING_HOURS,
      slotMinutes: 30,
      minDurationMinutes: 30,
      maxDurationMinutes: 600,
      bufferMinutes: space.bufferMinutes,
      minNoticeMinutes: 60,
      horizonDays: 730,
      requiresApproval: space.requiresApproval,
      cancellationDeadlineHours: 48,
      ...stamp,
    });
  }
  await flush("Space");

  // Pricing for the monthly billing run: three tiers per site owner, a rate card per space and tier.
  const TIERS = [
    { role: "SOCIETAIRE", name: "Sociétaire", included: 240, hour: 800 },
    { role: "ESS", name: "Structure de l'ESS", included: 0, hour: 1200 },
    { role: "PUBLIC", name: "Tarif public", included: 0, hour: 2000 },
  ] as const;
  for (let owner = 0; owner < Math.min(SITE_OWNERS, size.organizations); owner++) {
    for (const [position, tier] of TIERS.entries()) {
      await push("PricingTier", { id: `bench_tier_${owner}_${position}`, scicId: organizationId(owner), name: tier.name, role: tier.role, includedMinutesPerMonth: tier.included, position, createdAt: CREATED });
    }
  }
  await flush("PricingTier");
  for (let owner = 0; owner < Math.min(SITE_OWNERS, size.organizations); owner++) {
    await push("BillingSettings", {
      scicId: organizationId(owner),
      vatFranchise: false,
      vatRate: 2000,
      vatNumber: `FR${String(10 + owner).padStart(2, "0")}${String(100_000_000 + owner)}`,
      rcs: "RCS Nantes",
      paymentTermDays: 30,
      paymentMethod: "virement bancaire",
      cancellationPolicy: '{"kind":"NONE"}',
      updatedAt: CREATED,
    });
  }
  await flush("BillingSettings");
  for (const space of spaces) {
    const owner = space.site % SITE_OWNERS;
    for (const [position, tier] of TIERS.entries()) {
      await push("RateCard", {
        id: `bench_rate_${space.index}_${position}`,
        scicId: organizationId(owner),
        spaceId: spaceId(space.index),
        tierId: `bench_tier_${owner}_${position}`,
        hourCents: tier.hour,
        halfDayCents: tier.hour * 3,
        dayCents: tier.hour * 5,
        updatedAt: CREATED,
      });
    }
  }
  await flush("RateCard");

  // Series: 20 per space on average, each in its own lane of its space.
  const laneWeeks = new Map<string, [number, number]>();
  type Pending = { series: Row; occurrences: Row[] };
  let occurrenceCount = 0;
  const emitOccurrence = (list: Row[], series: Row, space: SpaceShape, start: LocalDateTime, minutes: number, cancelled: boolean) => {
    const end = addMinutesLocal(start, minutes);
    const startsAt = instant(start);
    const endsAt = instant(end);
    list.push({
      id: `bench_occ_${(occurrenceCount++).toString(36)}`,
      seriesId: series.id as string,
      spaceId: spaceId(space.index),
      organizationId: series.organizationId as string,
      recurrenceId: start,
      localStart: start,
      localEnd: end,
      startsAt,
      endsAt,
      blockedUntil: new Date(endsAt.getTime() + space.bufferMinutes * 60_000),
      seats: series.seats as number,
      exclusive: !space.desk,
      status: cancelled ? "CANCELLED" : (series.status as string),
      modified: false,
      sequence: 0,
      cancelledAt: cancelled ? CREATED : null,
      lateCancellation: false,
      skippedReason: null,
      updatedAt: CREATED,
    });
  };
  const writePending = async ({ series, occurrences }: Pending) => {
    await push("BookingSeries", series);
    for (const occurrence of occurrences) await push("Occurrence", occurrence);
  };
  const seriesStatus = (space: SpaceShape) => (space.requiresApproval && random() < 0.3 ? "PENDING" : "CONFIRMED");
  const bookerFor = (index: number) => (index < Math.min(FEED_SERIES, size.series / 2) ? BOOKER_ORGANIZATION : SITE_OWNERS + pick(size.organizations - SITE_OWNERS));

  const pendingOccurrences: Pending[] = [];
  for (let index = 0; index < size.series; index++) {
    const space = spaces[index % spaces.length];
    const slot = Math.floor(index / spaces.length);
    if (slot >= LANES) break;
    const lane = (slot * 7 + space.index * 3) % LANES;
    const weeks = 12 + pick(WEEKS - 11);
    const firstWeek = pick(WEEKS - weeks + 1);
    laneWeeks.set(`${space.index}:${lane}`, [firstWeek, firstWeek + weeks]);
    const start = laneStart(lane, firstWeek);
    const series: Row = {
      id: `bench_series_${index}`,
      spaceId: spaceId(space.index),
      organizationId: organizationId(bookerFor(index)),
      createdById: null,
      title: `Atelier hebdomadaire ${index}`,
      seats: space.desk ? 1 + pick(3) : 1,
      status: seriesStatus(space),
      localStart: start,
      localEnd: addMinutesLocal(start, 120),
      rrule: `FREQ=WEEKLY;COUNT=${weeks}`,
      materializedUntil: new Date(instant(laneStart(lane, firstWeek + weeks - 1)).getTime() + 60_000),
      sequence: 0,
      ...stamp,
    };
    const occurrences: Row[] = [];
    for (let week = firstWeek; week < firstWeek + weeks; week++) emitOccurrence(occurrences, series, space, laneStart(lane, week), 120, random() < 0.03);
    pendingOccurrences.push({ series, occurrences });
    if (pendingOccurrences.length >= 50) for (const pending of pendingOccurrences.splice(0)) await writePending(pending);
  }
  for (const pending of pendingOccurrences.splice(0)) await writePending(pending);

  // One-off bookings in lane-weeks that no series and no other one-off holds.
  const taken = new Set<string>();
  for (let index = 0; index < size.oneOffs; index++) {
    const space = spaces[index % spaces.length];
    for (let attempt = 0; attempt < 20; attempt++) {
      const lane = pick(LANES);
      const week = pick(WEEKS);
      const held = laneWeeks.get(`${space.index}:${lane}`);
      const key = `${space.index}:${lane}:${week}`;
      if ((held && week >= held[0] && week < held[1]) || taken.has(key)) continue;
      taken.add(key);
      const start = laneStart(lane, week);
      const minutes = [60, 90, 120][pick(3)];
      const series: Row = {
        id: `bench_oneoff_${index}`,
        spaceId: spaceId(space.index),
        organizationId: organizationId(SITE_OWNERS + pick(size.organizations - SITE_OWNERS)),
        createdById: null,
        title: `Réunion ${index}`,
        seats: 1,
        status: seriesStatus(space),
        localStart: start,
        localEnd: addMinutesLocal(start, minutes),
        rrule: null,
        materializedUntil: new Date(instant(start).getTime() + 60_000),
        sequence: 0,
        ...stamp,
      };
      const occurrences: Row[] = [];
      emitOccurrence(occurrences, series, space, start, minutes, false);
      await writePending({ series, occurrences });
      break;
    }
  }
  await flush("BookingSeries");
  await flush("Occurrence");

  await push("ApiToken", {
    id: "bench_api_token",
    organizationId: organizationId(BOOKER_ORGANIZATION),
    name: "Banc d'essai",
    tokenHash: sha256(BENCH_API_TOKEN),
    createdAt: CREATED,
  });
  await flush("ApiToken");
  for (const [index, token] of FEED_TOKENS.entries()) {
    await push("CalendarFeed", {
      id: `bench_feed_${index}`,
      scope: "ORGANIZATION",
      organizationId: organizationId(BOOKER_ORGANIZATION),
      userId: "bench_user_bench",
      detailed: false,
      tokenHash: sha256(token),
      createdAt: CREATED,
    });
  }
  await flush("CalendarFeed");
  return { occurrences: occurrenceCount };
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
