/**
 * iCalendar export of bookings (RFC 5545): a series and its occurrence rows in, the exact VEVENT
 * data out. Pure: rendering with ical-generator, the VTIMEZONE and HTTP live in
 * app/models/calendar-feed.server.ts. See docs/decisions/0006-ical-feeds.md.
 *
 * The database is the truth: expanding what we export, in any client, must give exactly the
 * active (pending or confirmed) occurrence rows. So, for a recurring series:
 * - ONE master VEVENT (UID `<seriesId>@tiers-lieux`) with DTSTART/DTEND;TZID=Europe/Paris and the
 *   RRULE, UNTIL in UTC (`untilToUtc`), capped at the materialisation horizon: dates the database
 *   has not booked yet are not shown (the cap moves when `bookings:extend` books them);
 * - an EXDATE for every date of the rule without an active row (cancelled, rejected, skipped
 *   because it conflicted or fell in the spring DST gap) — a cancelled date is always an EXDATE,
 *   even if it had been moved before;
 * - one VEVENT with RECURRENCE-ID for every active row that differs from what the rule gives:
 *   moved, another status than the master, or another elapsed duration than the master. That last
 *   case is a booking that spans a DST change on some dates only (Friday 18:00 → Sunday 18:00 on
 *   the last weekend of March lasts 47 h): RFC 5545 repeats the master's exact duration, some
 *   clients repeat its wall-clock duration; an explicit DTEND makes them all agree with us.
 * A series without any active row is one VEVENT with STATUS:CANCELLED, so clients that had it
 * drop it; it leaves the feed with the feed's window.
 */
import { DateTime } from "luxon";
import { expandOccurrences, formatRRule, parseRRule, untilToUtc, type RecurrenceRule } from "./recurrence";
import { addMinutesLocal, localRangeToInstants, minutesBetweenLocal, PARIS_ZONE, type LocalDateTime } from "./time";

export type BookingStatus = "PENDING" | "CONFIRMED" | "REJECTED" | "CANCELLED";
export type IcalStatus = "TENTATIVE" | "CONFIRMED" | "CANCELLED";

/** Who reads the feed: the booking organisation, a manager of the space, or anyone else (RGPD). */
export type Audience = "MEMBER" | "MANAGER" | "PUBLIC";

/** Summary of every event in a feed seen by someone outside the managing organisation. */
export const ANONYMOUS_SUMMARY = "Réservé";

/** How far back a feed goes: its window starts at Paris midnight this many months ago. */
export const FEED_MONTHS_BACK = 3;

export interface ExportOccurrence {
  /** Start by the rule (RECURRENCE-ID), Paris wall clock. */
  recurrenceId: LocalDateTime;
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  modified: boolean;
  updatedAt: Date;
}

/** Texts shown in the events; `url` leads back to the booking (null: no link). */
export interface BookingLabels {
  title: string;
  organizationName: string;
  spaceName: string;
  siteName: string;
  siteAddress: string;
  url: string | null;
}

export interface ExportBooking {
  id: string;
  status: BookingStatus;
  localStart: LocalDateTime;
  localEnd: LocalDateTime;
  /** Stored RRULE (UNTIL as floating Paris time), null for a one-off booking. */
  rrule: string | null;
  sequence: number;
  /** Occurrence rows exist for every date of the rule starting before this instant. */
  materializedUntil: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Every row of the series, whatever its status. */
  occurrences: readonly ExportOccurrence[];
  labels: BookingLabels;
}

/** The RRULE as exported. */
export interface ExportedRule {
  /** RRULE value, UNTIL in UTC (`UNTIL=20270630T215959Z`), as RFC 5545 wants beside DTSTART;TZID. */
  value: string;
  /** Its parts, for renderers that take them one by one (`until` is ignored: use `untilUtc`). */
  parts: RecurrenceRule;
  untilUtc: Date | null;
}

export interface IcalEvent {
  uid: string;
  sequence: number;
  /** DTSTAMP: without METHOD, RFC 5545 makes it the last revision, like LAST-MODIFIED. */
  stamp: Date;
  lastModified: Date;
  created: Date;
  /** Paris wall clock, exported as DTSTART/DTEND;TZID=Europe/Paris. */
  start: LocalDateTime;
  end: LocalDateTime;
  /** Set on the VEVENT of a single changed date of a series. */
  recurrenceId: LocalDateTime | null;
  rrule: ExportedRule | null;
  exdates: LocalDateTime[];
  status: IcalStatus;
  summary: string;
  description: string;
  location: { title: string; address: string };
  url: string | null;
}

export function seriesUid(seriesId: string): string {
  return `${seriesId}@tiers-lieux`;
}

export function icalStatus(status: BookingStatus): IcalStatus {
  if (status === "PENDING") return "TENTATIVE";
  if (status === "CONFIRMED") return "CONFIRMED";
  return "CANCELLED";
}

export function isActive(status: BookingStatus): boolean {
  return status === "PENDING" || status === "CONFIRMED";
}

/**
 * A feed holds the bookings with a date ending after `from` (Paris midnight FEED_MONTHS_BACK
 * months ago), up to the materialisation horizon. The window moves only at Paris midnight, so
 * `movedAt` (today's Paris midnight) bounds the feed's Last-Modified from below.
 */
export function feedWindow(now: Date): { from: Date; movedAt: Date } {
  const today = DateTime.fromJSDate(now, { zone: PARIS_ZONE }).startOf("day");
  return { from: today.minus({ months: FEED_MONTHS_BACK }).toJSDate(), movedAt: today.toJSDate() };
}

// ---------------------------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------------------------

const STATUS_LABELS: Record<IcalStatus, string> = {
  TENTATIVE: "en attente de validation",
  CONFIRMED: "confirmée",
  CANCELLED: "annulée",
};

function eventTexts(labels: BookingLabels, audience: Audience, status: IcalStatus) {
  const location = { title: `${labels.spaceName} — ${labels.siteName}`, address: labels.siteAddress };
  if (audience === "PUBLIC") {
    // RGPD: neither the organisation nor the title (which often names people or a theme).
    return { summary: ANONYMOUS_SUMMARY, description: `Créneau réservé : ${location.title}.`, location, url: null };
  }
  const pending = status === "TENTATIVE" ? " (en attente de validation)" : "";
  const summary = audience === "MANAGER" ? `${labels.title} — ${labels.organizationName}${pending}` : `${labels.title}${pending}`;
  const description = [
    `Espace : ${location.title}`,
    `Réservé par : ${labels.organizationName}`,
    `Statut : ${STATUS_LABELS[status]}`,
    ...(labels.url ? [`Détails : ${labels.url}`] : []),
  ].join("\n");
  return { summary, description, location, url: labels.url };
}

// ---------------------------------------------------------------------------------------------
// Rule and dates
// ---------------------------------------------------------------------------------------------

function requireRule(rrule: string): RecurrenceRule {
  const parsed = parseRRule(rrule, { allowUnbounded: true });
  if (!parsed.ok) throw new RangeError(`Règle de récurrence invalide « ${rrule} » : ${parsed.message}`);
  return parsed.rule;
}

/** `2027-06-30T21:59:59.000Z` → `20270630T215959Z`. */
function compactUtc(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** The instant of `UNTIL=…Z` in an exported rule value. */
function untilFromValue(value: string): Date | null {
  const match = /UNTIL=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/** The last whole second strictly before `instant`: a start (whole minutes) is ≤ it iff it is < `instant`. */
function lastSecondBefore(instant: Date): Date {
  return new Date(Math.floor((instant.getTime() - 1) / 1000) * 1000);
}

/**
 * The rule as exported and the dates (recurrence ids) a client will generate from it.
 * Dates from `materializedUntil` on are not booked yet: the rule then ends with UNTIL just before
 * it (COUNT dropped, since RFC 5545 forbids both). The dates include those in the spring DST gap,
 * which the database keeps as cancelled rows and the client must be told to leave out.
 */
export function exportedRule(series: Pick<ExportBooking, "localStart" | "localEnd" | "rrule" | "materializedUntil">): {
  rule: ExportedRule;
  dates: LocalDateTime[];
} {
  if (!series.rrule) throw new RangeError("exportedRule : réservation ponctuelle.");
  const parts = requireRule(series.rrule);
  const base = { localStart: series.localStart, localEnd: series.localEnd, rrule: series.rrule };
  const booked = expandOccurrences({ ...base, until: series.materializedUntil });
  const valid = booked.occurrences;

  // Dates from `materializedUntil` on exist only if the rule goes further: a COUNT not reached
  // yet, an UNTIL after it, or no end. (Capping a rule that has no date left there changes
  // nothing; it is avoided only to keep the stored rule readable.) One expansion per series:
  // feeds expand every series they show.
  const count = booked.occurrences.length + booked.invalid.length;
  const untilInstant = parts.until === undefined ? null : untilFromValue(untilToUtc(series.rrule));
  const continues =
    parts.count !== undefined ? count < parts.count : untilInstant === null || untilInstant >= series.materializedUntil;
  let capAt: Date | null = continues ? series.materializedUntil : null;
  // More dates than one expansion returns (an unbounded rule): stop at the last one returned.
  if (booked.truncated && valid.length > 0) capAt = new Date(valid[valid.length - 1].startsAt.getTime() + 1);
  // DST-gap dates have no instant; an EXDATE for a date a client would not generate is harmless.
  const dates = [...new Set([...valid.map((o) => o.recurrenceId), ...booked.invalid.map((o) => o.recurrenceId)])].sort();

  if (capAt === null) return { rule: { value: untilToUtc(series.rrule), parts, untilUtc: untilInstant }, dates };
  const untilUtc = lastSecondBefore(capAt);
  // Canonical order puts UNTIL last: the rule without COUNT/UNTIL, then the UTC UNTIL.
  const value = `${formatRRule({ ...parts, count: undefined, until: undefined })};UNTIL=${compactUtc(untilUtc)}`;
  return { rule: { value, parts: { ...parts, count: undefined, until: undefined }, untilUtc }, dates };
}

function elapsedMs(localStart: LocalDateTime, localEnd: LocalDateTime): number {
  const range = localRangeToInstants(localStart, localEnd);
  if (!range.ok) throw new RangeError(`Créneau invalide ${localStart}–${localEnd} : ${range.message}`);
  return range.endsAt.getTime() - range.startsAt.getTime();
}

function latest(dates: Date[]): Date {
  return new Date(Math.max(...dates.map((date) => date.getTime())));
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** The VEVENTs of one booking, master first. */
export function bookingEvents(booking: ExportBooking, audience: Audience): IcalEvent[] {
  const uid = seriesUid(booking.id);
  const lastModified = latest([booking.updatedAt, ...booking.occurrences.map((o) => o.updatedAt)]);
  const common = { uid, sequence: booking.sequence, stamp: lastModified, lastModified, created: booking.createdAt };
  const event = (fields: Pick<IcalEvent, "start" | "end" | "recurrenceId" | "rrule" | "exdates" | "status">): IcalEvent => ({
    ...common,
    ...fields,
    ...eventTexts(booking.labels, audience, fields.status),
  });
  const active = booking.occurrences.filter((o) => isActive(o.status));

  if (!booking.rrule) {
    // A one-off booking is its single row (which may have been moved).
    const row = active[0] ?? booking.occurrences[0];
    if (!row) return [];
    const status = active.length > 0 ? icalStatus(row.status) : "CANCELLED";
    return [event({ start: row.localStart, end: row.localEnd, recurrenceId: null, rrule: null, exdates: [], status })];
  }

  const { rule, dates } = exportedRule(booking);
  const master = { start: booking.localStart, end: booking.localEnd, recurrenceId: null, rrule: rule };
  if (active.length === 0) return [event({ ...master, exdates: [], status: "CANCELLED" })];

  // A cancelled series may keep active rows (its past dates): they set the master's status.
  const masterStatus = icalStatus(isActive(booking.status) ? booking.status : active[0].status);
  const wallMinutes = minutesBetweenLocal(booking.localStart, booking.localEnd);
  const masterElapsed = elapsedMs(booking.localStart, booking.localEnd);
  const rowsByDate = new Map(booking.occurrences.map((o) => [o.recurrenceId, o]));
  const ruleDates = new Set(dates);

  const exdates: LocalDateTime[] = [];
  const overrides: IcalEvent[] = [];
  for (const date of dates) {
    const row = rowsByDate.get(date);
    if (!row || !isActive(row.status)) {
      exdates.push(date);
      continue;
    }
    const status = icalStatus(row.status);
    const asTheRuleSays =
      !row.modified &&
      row.localStart === date &&
      row.localEnd === addMinutesLocal(date, wallMinutes) &&
      row.endsAt.getTime() - row.startsAt.getTime() === masterElapsed &&
      status === masterStatus;
    if (!asTheRuleSays) {
      overrides.push(event({ start: row.localStart, end: row.localEnd, recurrenceId: date, rrule: null, exdates: [], status }));
    }
  }
  // Active rows the exported rule does not produce (never expected: the rule and the rows are
  // written together) still belong in the feed, as events of their own.
  const strays = active
    .filter((row) => !ruleDates.has(row.recurrenceId))
    .map((row) => ({
      ...event({ start: row.localStart, end: row.localEnd, recurrenceId: null, rrule: null, exdates: [], status: icalStatus(row.status) }),
      uid: seriesUid(`${booking.id}-${row.recurrenceId.replace(/[-:]/g, "")}`),
    }));
  return [event({ ...master, exdates, status: masterStatus }), ...overrides, ...strays];
}

/** Every VEVENT of a feed, in the order of the bookings. */
export function feedEvents(bookings: readonly ExportBooking[], audience: Audience): IcalEvent[] {
  return bookings.flatMap((booking) => bookingEvents(booking, audience));
}
