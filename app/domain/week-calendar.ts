/**
 * Week calendars of spaces: the view model of one ISO week (Monday to Sunday, Paris dates).
 * Pure module: no Remix, no Prisma, no I/O.
 *
 * Decisions:
 *   - A week is an ISO 8601 week ("2027-W12": the week holding that year's 12th Thursday), the
 *     week French calendars use. Its instants run from Monday 00:00 to the next Monday 00:00
 *     on the Paris wall clock (`weekWindow`), so a DST week lasts 167 or 169 hours.
 *   - Bookings are placed by Paris WALL-CLOCK minutes (0–1440) on each day, never by elapsed
 *     time: a 14:00–16:00 booking shows at 14:00–16:00 on 2027-03-28 (23 hours) and on
 *     2027-10-31 (25 hours), as on any other day. An occurrence spanning midnight is clipped
 *     to each day it touches (half-open: ending at 00:00 does not touch the next day).
 *   - What a viewer may read is decided by the caller (`canSeeBookingDetails`): an occurrence
 *     comes with its label or with null, and a null label is shown as "Réservé" only.
 *   - PENDING occurrences hold their slot: they are shown, marked "en attente".
 *   - `openingHours: null` means "no restriction" (see space-rules.ts): shown open all day.
 */
import type { SpaceKind } from "./conflicts";
import {
  formatLocalDateRangeFr,
  formatMinutesOfDay,
  openingRangesOf,
  type Closure,
  type OpeningHours,
} from "./space-rules";
import {
  addDaysLocal,
  frenchDayOfMonth,
  frenchMonthName,
  frenchWeekdayName,
  instantToParis,
  isLocalDate,
  isoWeekday,
  localDateToEpochDay,
  minutesOfDay,
  parisToInstant,
  type LocalDate,
  type LocalDateTime,
} from "./time";

const MINUTES_PER_DAY = 1440;

// ---------------------------------------------------------------------------------------------
// ISO weeks
// ---------------------------------------------------------------------------------------------

export type IsoWeek = { year: number; week: number };

/** Years a week may belong to: one less than time.ts allows at each end, so every day of the week is valid. */
const MIN_WEEK_YEAR = 1971;
const MAX_WEEK_YEAR = 2998;

const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

/** The ISO week holding a Paris date: the week of its Thursday. */
export function isoWeekOfDate(date: LocalDate): IsoWeek {
  const thursday = addDaysLocal(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = localDateToEpochDay(thursday) - localDateToEpochDay(`${year}-01-01`);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** The week `now` falls in on the Paris wall clock. */
export function isoWeekOfInstant(now: Date): IsoWeek {
  return isoWeekOfDate(instantToParis(now).slice(0, 10));
}

/** 52 or 53: 28 December is always in the last week of its year. */
export function weeksInIsoYear(year: number): number {
  return isoWeekOfDate(`${year}-12-28`).week;
}

/** "2027-W12". */
export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${year}-W${pad2(week)}`;
}

/** "2027-W12" → { year: 2027, week: 12 }; null for anything else, or a week the year does not have. */
export function parseIsoWeek(input: unknown): IsoWeek | null {
  const match = typeof input === "string" ? ISO_WEEK_PATTERN.exec(input.trim().toUpperCase()) : null;
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (year < MIN_WEEK_YEAR || year > MAX_WEEK_YEAR) return null;
  if (week < 1 || week > weeksInIsoYear(year)) return null;
  return { year, week };
}

/** A week given as "2027-W12" or as any date of it ("2027-03-23"); null when neither. */
export function parseWeekInput(input: unknown): IsoWeek | null {
  const week = parseIsoWeek(input);
  if (week) return week;
  if (typeof input !== "string" || !isLocalDate(input.trim())) return null;
  const ofDate = isoWeekOfDate(input.trim());
  return ofDate.year >= MIN_WEEK_YEAR && ofDate.year <= MAX_WEEK_YEAR ? ofDate : null;
}

/** Monday of the week. */
export function weekMonday({ year, week }: IsoWeek): LocalDate {
  const january4 = `${year}-01-04`;
  const mondayOfWeek1 = addDaysLocal(january4, 1 - isoWeekday(january4));
  return addDaysLocal(mondayOfWeek1, (week - 1) * 7);
}

/** Monday to Sunday. */
export function weekDates(week: IsoWeek): LocalDate[] {
  const monday = weekMonday(week);
  return [0, 1, 2, 3, 4, 5, 6].map((offset) => addDaysLocal(monday, offset));
}

export function addWeeks(week: IsoWeek, weeks: number): IsoWeek {
  return isoWeekOfDate(addDaysLocal(weekMonday(week), weeks * 7));
}

export function previousWeek(week: IsoWeek): IsoWeek {
  return addWeeks(week, -1);
}

export function nextWeek(week: IsoWeek): IsoWeek {
  return addWeeks(week, 1);
}

/** Paris midnight of a date; midnight always exists in Paris (the clocks change at 02:00/03:00). */
function parisMidnight(date: LocalDate): Date {
  const result = parisToInstant(`${date}T00:00`);
  if (!result.ok) throw new RangeError(`No Paris midnight on ${date}`);
  return result.instant;
}

/** [Monday 00:00, next Monday 00:00) in Paris, as instants: the range to load occurrences for. */
export function weekWindow(week: IsoWeek): { startsAt: Date; endsAt: Date } {
  const monday = weekMonday(week);
  return { startsAt: parisMidnight(monday), endsAt: parisMidnight(addDaysLocal(monday, 7)) };
}

/** "Semaine du 22 au 28 mars 2027", "Semaine du 29 mars au 4 avril 2027". */
export function weekCaption(week: IsoWeek): string {
  const dates = weekDates(week);
  return `Semaine ${formatLocalDateRangeFr(dates[0], dates[6])}`;
}

/** "lundi 22 mars". */
export function formatDayLabel(date: LocalDate): string {
  const day = Number(date.slice(8, 10));
  return `${frenchWeekdayName(isoWeekday(date))} ${frenchDayOfMonth(day)} ${frenchMonthName(Number(date.slice(5, 7)))}`;
}

/** 24, or 23 / 25 on the days the clocks change. */
export function hoursInParisDay(date: LocalDate): number {
  return (parisMidnight(addDaysLocal(date, 1)).getTime() - parisMidnight(date).getTime()) / 3_600_000;
}

// ---------------------------------------------------------------------------------------------
// Who may read a booking's details (RGPD)
// ---------------------------------------------------------------------------------------------

/**
 * Title and organisation of a booking are shown only to members (any role) of the organisation
 * that manages the space and of the organisation that booked it; everyone else sees "Réservé".
 */
export function canSeeBookingDetails(input: {
  viewerOrganizationIds: ReadonlySet<string>;
  managingOrganizationId: string;
  bookingOrganizationId: string;
}): boolean {
  return (
    input.viewerOrganizationIds.has(input.managingOrganizationId) ||
    input.viewerOrganizationIds.has(input.bookingOrganizationId)
  );
}

// ---------------------------------------------------------------------------------------------
// The week view model
// ---------------------------------------------------------------------------------------------

export type CalendarSpace = {
  id: string;
  kind: SpaceKind;
  openingHours: OpeningHours | null;
  closures: readonly Closure[];
};

export type CalendarOccurrence = {
  spaceId: string;
  startsAt: Date;
  endsAt: Date;
  status: "PENDING" | "CONFIRMED";
  seats: number;
  /** "Atelier numérique (Association Savoirs Partagés)", or null when the viewer may not see it. */
  label: string | null;
};

export type CalendarBlock = {
  /** Paris wall-clock minutes since the day's midnight, clipped to the day: 0 ≤ start ≤ end ≤ 1440. */
  startMinute: number;
  endMinute: number;
  /** "14:00", "24:00" for a block running to midnight. */
  startTime: string;
  endTime: string;
  /** The occurrence started on an earlier day / goes on after this day. */
  startsBeforeDay: boolean;
  endsAfterDay: boolean;
  status: "PENDING" | "CONFIRMED";
  seats: number;
  label: string | null;
  /** "14:00–16:00 · Réservé", "14:00–16:00 · Atelier numérique (Association Savoirs Partagés) · en attente". */
  text: string;
};

export type OpeningRangeView = { open: number; close: number; text: string };

export type SpaceDay = {
  spaceId: string;
  /** Opening ranges of the weekday, minutes since midnight (all day when the space has no hours). */
  openingRanges: OpeningRangeView[];
  /** "Ouvert 08:30–12:30 et 13:30–19:00", "Ouvert toute la journée", "Pas d'ouverture ce jour". */
  openingText: string;
  closures: Array<{ reason: string; text: string }>;
  /** Closed all day: a closure, or no opening range that weekday. */
  closed: boolean;
  /** Chronological. */
  blocks: CalendarBlock[];
};

export type CalendarDay = {
  date: LocalDate;
  /** "lundi 22 mars". */
  label: string;
  /** 24, or 23 / 25 when the clocks change that day. */
  hours: number;
  /** One per space, in the order the spaces were given. */
  spaces: SpaceDay[];
};

export type WeekCalendar = {
  /** "2027-W12". */
  week: string;
  caption: string;
  previousWeek: string;
  nextWeek: string;
  firstDate: LocalDate;
  lastDate: LocalDate;
  days: CalendarDay[];
};

/** "14:00–16:00 · Réservé · en attente"; desk pools also give the seats taken. */
export function describeBlock(block: {
  startTime: string;
  endTime: string;
  startsBeforeDay: boolean;
  endsAfterDay: boolean;
  status: "PENDING" | "CONFIRMED";
  seats: number;
  label: string | null;
  spaceKind: SpaceKind;
}): string {
  const parts = [`${block.startTime}–${block.endTime}`, block.label ?? "Réservé"];
  if (block.spaceKind === "DESK_POOL") parts.push(block.seats > 1 ? `${block.seats} postes` : "1 poste");
  if (block.status === "PENDING") parts.push("en attente");
  if (block.startsBeforeDay) parts.push("suite de la veille");
  if (block.endsAfterDay) parts.push("se poursuit le lendemain");
  return parts.join(" · ");
}

function joinFrench(parts: readonly string[]): string {
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} et ${parts.at(-1)}`;
}

function openingOfDay(space: CalendarSpace, date: LocalDate): Pick<SpaceDay, "openingRanges" | "openingText"> {
  if (space.openingHours === null) {
    return { openingRanges: [{ open: 0, close: MINUTES_PER_DAY, text: "00:00–24:00" }], openingText: "Ouvert toute la journée" };
  }
  const openingRanges = openingRangesOf(space.openingHours, isoWeekday(date)).map((range) => ({
    ...range,
    text: `${formatMinutesOfDay(range.open)}–${formatMinutesOfDay(range.close)}`,
  }));
  const openingText =
    openingRanges.length === 0 ? "Pas d'ouverture ce jour" : `Ouvert ${joinFrench(openingRanges.map((range) => range.text))}`;
  return { openingRanges, openingText };
}

type LocalOccurrence = CalendarOccurrence & { localStart: LocalDateTime; localEnd: LocalDateTime };

/** The part of an occurrence on `date`, or null when it does not touch that day. */
function blockOnDay(occurrence: LocalOccurrence, date: LocalDate, spaceKind: SpaceKind): CalendarBlock | null {
  const dayStart = `${date}T00:00`;
  const nextDayStart = `${addDaysLocal(date, 1)}T00:00`;
  if (!(occurrence.localStart < nextDayStart && occurrence.localEnd > dayStart)) return null;
  const startsBeforeDay = occurrence.localStart < dayStart;
  const endsAfterDay = occurrence.localEnd > nextDayStart;
  const startMinute = startsBeforeDay ? 0 : minutesOfDay(occurrence.localStart);
  // A wall-clock end before the start can only come from the autumn fold (02:45 summer time to
  // 02:15 winter time): keep the block in place rather than give it a negative height.
  const endMinute = Math.max(startMinute, occurrence.localEnd >= nextDayStart ? MINUTES_PER_DAY : minutesOfDay(occurrence.localEnd));
  const startTime = formatMinutesOfDay(startMinute);
  const endTime = occurrence.localEnd >= nextDayStart ? "24:00" : occurrence.localEnd.slice(11, 16);
  const { status, seats, label } = occurrence;
  return {
    startMinute,
    endMinute,
    startTime,
    endTime,
    startsBeforeDay,
    endsAfterDay,
    status,
    seats,
    label,
    text: describeBlock({ startTime, endTime, startsBeforeDay, endsAfterDay, status, seats, label, spaceKind }),
  };
}

/** The week of some spaces: per day and space, opening hours, closures and booking blocks. */
export function buildWeekCalendar(input: {
  week: IsoWeek;
  spaces: readonly CalendarSpace[];
  occurrences: readonly CalendarOccurrence[];
}): WeekCalendar {
  const { week, spaces } = input;
  const dates = weekDates(week);
  const bySpace = new Map<string, LocalOccurrence[]>(spaces.map((space) => [space.id, []]));
  for (const occurrence of input.occurrences) {
    bySpace.get(occurrence.spaceId)?.push({
      ...occurrence,
      localStart: instantToParis(occurrence.startsAt),
      localEnd: instantToParis(occurrence.endsAt),
    });
  }

  const days = dates.map((date): CalendarDay => ({
    date,
    label: formatDayLabel(date),
    hours: hoursInParisDay(date),
    spaces: spaces.map((space): SpaceDay => {
      const opening = openingOfDay(space, date);
      const closures = space.closures
        .filter((closure) => closure.startsOn <= date && date <= closure.endsOn)
        .map((closure) => ({ reason: closure.reason, text: `Fermé : ${closure.reason}` }));
      const blocks = (bySpace.get(space.id) ?? [])
        .map((occurrence) => blockOnDay(occurrence, date, space.kind))
        .filter((block): block is CalendarBlock => block !== null)
        .sort((a, b) => a.startMinute - b.startMinute || a.endMinute - b.endMinute);
      return {
        spaceId: space.id,
        ...opening,
        closures,
        closed: closures.length > 0 || opening.openingRanges.length === 0,
        blocks,
      };
    }),
  }));

  return {
    week: formatIsoWeek(week),
    caption: weekCaption(week),
    previousWeek: formatIsoWeek(previousWeek(week)),
    nextWeek: formatIsoWeek(nextWeek(week)),
    firstDate: dates[0],
    lastDate: dates[6],
    days,
  };
}

// ---------------------------------------------------------------------------------------------
// What a page sends the browser
// ---------------------------------------------------------------------------------------------

/**
 * What a week calendar is built from, in JSON: the loader sends this, and the page builds the
 * calendar from it on the server and again when the browser hydrates. A calendar repeats each
 * booking's times and texts in every cell it describes; its data is about a quarter of the size.
 */
export type WeekCalendarData = {
  /** "2027-W12". */
  week: string;
  spaces: CalendarSpace[];
  /** Instants as ISO 8601 strings; `label` already decided by the server (null = "Réservé"). */
  occurrences: Array<Omit<CalendarOccurrence, "startsAt" | "endsAt"> & { startsAt: string; endsAt: string }>;
};

export function weekCalendarData(input: { week: IsoWeek; spaces: CalendarSpace[]; occurrences: readonly CalendarOccurrence[] }): WeekCalendarData {
  return {
    week: formatIsoWeek(input.week),
    spaces: input.spaces,
    occurrences: input.occurrences.map((occurrence) => ({
      ...occurrence,
      startsAt: occurrence.startsAt.toISOString(),
      endsAt: occurrence.endsAt.toISOString(),
    })),
  };
}

export function weekCalendarFromData(data: WeekCalendarData): WeekCalendar {
  const week = parseIsoWeek(data.week);
  if (!week) throw new Error(`Not an ISO week: ${data.week}`);
  return buildWeekCalendar({
    week,
    spaces: data.spaces,
    occurrences: data.occurrences.map((occurrence) => ({
      ...occurrence,
      startsAt: new Date(occurrence.startsAt),
      endsAt: new Date(occurrence.endsAt),
    })),
  });
}
