// Reading our feeds back with implementations independent of ours: Mozilla's ical.js (used by
// Thunderbird) and python-recurring-ical-events (on python-dateutil), run through
// tests/scripts/expand_ics.py with Debian's /usr/bin/python3 (not a pyenv python without the modules).
import { execFileSync } from "node:child_process";
import path from "node:path";
import ICAL from "ical.js";

/** One occurrence, as `"<UID> <start> <end>"` with UTC instants to the second. */
export type OccurrenceKey = string;

export type ExpandedOccurrence = { uid: string; start: Date; end: Date; status: string; summary: string };

export function occurrenceKey(uid: string, start: Date, end: Date): OccurrenceKey {
  const utc = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;
  return `${uid} ${utc(start)} ${utc(end)}`;
}

/** Active occurrences only (not STATUS:CANCELLED), as sorted keys. */
export function activeKeys(occurrences: readonly ExpandedOccurrence[]): OccurrenceKey[] {
  return occurrences
    .filter((o) => o.status !== "CANCELLED")
    .map((o) => occurrenceKey(o.uid, o.start, o.end))
    .sort();
}

/** The parsed calendar (throws on a syntax error), with its VTIMEZONEs registered for ical.js. */
export function parseWithIcalJs(ics: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(vtimezone);
  return calendar;
}

/** Every occurrence overlapping [from, to), expanded by ical.js: RRULE, EXDATE and RECURRENCE-ID applied. */
export function expandWithIcalJs(ics: string, { from, to }: { from: Date; to: Date }): ExpandedOccurrence[] {
  const calendar = parseWithIcalJs(ics);
  const events = calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
  const masters = events.filter((event) => !event.isRecurrenceException());
  for (const exception of events.filter((event) => event.isRecurrenceException())) {
    const master = masters.find((event) => event.uid === exception.uid);
    if (!master) throw new Error(`RECURRENCE-ID without its series: ${exception.uid}`);
    master.relateException(exception);
  }
  const end = ICAL.Time.fromJSDate(to, true);
  const occurrences: ExpandedOccurrence[] = [];
  for (const master of masters) {
    const iterator = master.iterator();
    for (let next = iterator.next(); next && next.compare(end) < 0; next = iterator.next()) {
      const details = master.getOccurrenceDetails(next);
      const start = details.startDate.toJSDate();
      const stop = details.endDate.toJSDate();
      if (stop <= from || start >= to) continue;
      const item = details.item.component;
      occurrences.push({
        uid: master.uid,
        start,
        end: stop,
        status: String(item.getFirstPropertyValue("status") ?? ""),
        summary: String(item.getFirstPropertyValue("summary") ?? ""),
      });
    }
  }
  return occurrences;
}

const EXPAND_SCRIPT = path.resolve("tests/scripts/expand_ics.py");

/** The same with python-recurring-ical-events; window bounds are Paris wall times ("2027-01-01T00:00"). */
export function expandWithPython(ics: string, { from, to }: { from: string; to: string }): ExpandedOccurrence[] {
  const output = execFileSync("/usr/bin/python3", [EXPAND_SCRIPT, "Europe/Paris", from, to], { input: ics, encoding: "utf8" });
  const parsed = JSON.parse(output) as { uid: string; start: string; end: string; status: string; summary: string }[];
  return parsed.map((o) => ({ uid: o.uid, start: new Date(o.start), end: new Date(o.end), status: o.status, summary: o.summary }));
}
