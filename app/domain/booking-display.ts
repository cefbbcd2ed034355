/**
 * How bookings read on the pages: status badges, an occurrence's date and hours, week grouping.
 * Pure: Paris wall-clock strings in, French text out (nothing depends on the process time zone).
 */
import { describeRRule } from "./recurrence";
import {
  addDaysLocal,
  formatLocalDate,
  formatLocalDateTime,
  instantToParis,
  isoWeekday,
  localDate,
  localTime,
  type LocalDate,
  type LocalDateTime,
} from "./time";

export type BookingStatus = "PENDING" | "CONFIRMED" | "REJECTED" | "CANCELLED";

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  PENDING: "En attente de validation",
  CONFIRMED: "Confirmée",
  REJECTED: "Refusée",
  CANCELLED: "Annulée",
};

export type Badge = { label: string; tone: "ok" | "warn" | "neutral" };

const STATUS_TONES: Record<BookingStatus, Badge["tone"]> = { PENDING: "warn", CONFIRMED: "ok", REJECTED: "warn", CANCELLED: "neutral" };

export function statusBadge(status: BookingStatus): Badge {
  return { label: BOOKING_STATUS_LABELS[status], tone: STATUS_TONES[status] };
}

/**
 * The badges of one occurrence: a date skipped when the series was booked reads "Non réservée"
 * (it was never held), otherwise its status, then "Annulation tardive" and "Déplacée" when they apply.
 */
export function occurrenceBadges(occurrence: {
  status: BookingStatus;
  modified: boolean;
  lateCancellation: boolean;
  skippedReason: string | null;
}): Badge[] {
  if (occurrence.skippedReason !== null) return [{ label: "Non réservée", tone: "warn" }];
  const badges = [statusBadge(occurrence.status)];
  if (occurrence.lateCancellation) badges.push({ label: "Annulation tardive", tone: "warn" });
  if (occurrence.modified) badges.push({ label: "Déplacée", tone: "neutral" });
  return badges;
}

/** "14:00 – 16:00"; "20:00 – 24:00" when it ends at midnight; "22:00 – mercredi 24 mars 2027 à 06:00" over several days. */
export function formatHours(localStart: LocalDateTime, localEnd: LocalDateTime): string {
  const startDate = localDate(localStart);
  const endDate = localDate(localEnd);
  if (endDate === startDate) return `${localTime(localStart)} – ${localTime(localEnd)}`;
  if (endDate === addDaysLocal(startDate, 1) && localTime(localEnd) === "00:00") return `${localTime(localStart)} – 24:00`;
  return `${localTime(localStart)} – ${formatLocalDateTime(localEnd)}`;
}

/** "mardi 23 mars 2027, 14:00 – 16:00". */
export function formatOccurrence(localStart: LocalDateTime, localEnd: LocalDateTime): string {
  return `${formatLocalDate(localDate(localStart))}, ${formatHours(localStart, localEnd)}`;
}

/** "Chaque semaine le mardi, 10 fois", or "Ne se répète pas" for a one-off booking. */
export function describeRepetition(rrule: string | null, localStart: LocalDateTime): string {
  if (rrule === null) return "Ne se répète pas";
  const description = describeRRule(rrule, localStart);
  return description.charAt(0).toUpperCase() + description.slice(1);
}

/** The Monday of the week of a date (weeks run Monday to Sunday in France). */
export function weekStart(date: LocalDate | LocalDateTime): LocalDate {
  const day = localDate(date);
  return addDaysLocal(day, 1 - isoWeekday(day));
}

export type WeekGroup<T> = { weekStart: LocalDate; label: string; items: T[] };

/** Items grouped by the week they start in, in the order given ("Semaine du lundi 1er mars 2027"). */
export function groupByWeek<T>(items: readonly T[], localStartOf: (item: T) => LocalDateTime): WeekGroup<T>[] {
  const groups = new Map<LocalDate, WeekGroup<T>>();
  for (const item of items) {
    const monday = weekStart(localStartOf(item));
    let group = groups.get(monday);
    if (!group) {
      group = { weekStart: monday, label: `Semaine du ${formatLocalDate(monday)}`, items: [] };
      groups.set(monday, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

export type BlockedDateView = { recurrenceId: LocalDateTime; label: string; reasons: string[] };

/**
 * A date that cannot be booked, for the conflict lists: its slot and every reason in French.
 * `endsAt` is null for a date skipped by the spring DST change (it has no instant: its start is shown).
 */
export function describeBlockedDate(blocked: {
  recurrenceId: LocalDateTime;
  endsAt: Date | null;
  problems: readonly { message: string }[];
}): BlockedDateView {
  return {
    recurrenceId: blocked.recurrenceId,
    label: blocked.endsAt ? formatOccurrence(blocked.recurrenceId, instantToParis(blocked.endsAt)) : formatLocalDateTime(blocked.recurrenceId),
    reasons: blocked.problems.map((problem) => problem.message),
  };
}
