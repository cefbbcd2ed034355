#!/usr/bin/python3
"""Independent expansion of an iCalendar feed, for tests/integration/ical-feeds.test.ts.

Reads the calendar on stdin and prints, as JSON, every event occurring between START and END
(wall times in ZONE), as expanded by python-recurring-ical-events (on python-dateutil and
icalendar, Debian packages python3-recurring-ical-events, python3-icalendar,
python3-dateutil): RRULE, EXDATE and RECURRENCE-ID overrides applied.

Usage: /usr/bin/python3 tests/scripts/expand_ics.py ZONE START END < feed.ics
       e.g. Europe/Paris 2027-01-01T00:00 2028-01-01T00:00
"""
import datetime
import json
import sys

import icalendar
import pytz
import recurring_ical_events


def utc(value):
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        raise ValueError("expected a date-time with a time zone, got %r" % (value,))
    return value.astimezone(pytz.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    zone = pytz.timezone(sys.argv[1])
    start, end = (zone.localize(datetime.datetime.strptime(arg, "%Y-%m-%dT%H:%M")) for arg in sys.argv[2:4])
    calendar = icalendar.Calendar.from_ical(sys.stdin.read())
    events = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        events.append({
            "uid": str(event["UID"]),
            "start": utc(event["DTSTART"].dt),
            "end": utc(event["DTEND"].dt),
            "status": str(event.get("STATUS", "")),
            "summary": str(event.get("SUMMARY", "")),
            "recurrenceId": utc(event["RECURRENCE-ID"].dt) if "RECURRENCE-ID" in event else None,
        })
    events.sort(key=lambda e: (e["start"], e["uid"]))
    json.dump(events, sys.stdout)


if __name__ == "__main__":
    main()
