// The booking pages' schemas, parsed the way the actions parse them (conform's parseWithZod on
// FormData): French messages beside the right field, recurrence form → RRULE, slots, seats.
import { parseWithZod } from "@conform-to/zod";
import type { z } from "zod";
import {
  bookingSchema,
  cancelOccurrenceSchema,
  changeFollowingSchema,
  decisionSchema,
  hiddenFieldsOf,
  moveOccurrenceSchema,
} from "~/forms/booking";

type Fields = Record<string, string | string[]>;

function formDataOf(fields: Fields): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) formData.append(name, item);
  return formData;
}

function parse<Schema extends z.ZodTypeAny>(schema: Schema, fields: Fields) {
  return parseWithZod(formDataOf(fields), { schema });
}

/** The value of a valid form; fails the test with the errors otherwise. */
function valueOf<Schema extends z.ZodTypeAny>(schema: Schema, fields: Fields): z.output<Schema> {
  const submission = parse(schema, fields);
  if (submission.status !== "success") throw new Error(`invalid form: ${JSON.stringify(submission.reply().error)}`);
  return submission.value;
}

function errorsOf<Schema extends z.ZodTypeAny>(schema: Schema, fields: Fields): Record<string, string[] | null> {
  const submission = parse(schema, fields);
  expect(submission.status).toBe("error");
  return submission.reply().error ?? {};
}

const ONE_OFF: Fields = {
  intent: "apercu",
  spaceId: "space-1",
  title: "  Atelier numérique ",
  date: "2027-03-02",
  startTime: "14:00",
  endTime: "16:00",
  "recurrence.frequency": "NONE",
};

const weekly = (extra: Fields = {}): Fields => ({
  ...ONE_OFF,
  "recurrence.frequency": "WEEKLY",
  "recurrence.weekdays": ["TU", "TH"],
  "recurrence.interval": "1",
  "recurrence.end.kind": "count",
  "recurrence.end.count": "10",
  ...extra,
});

describe("bookingSchema: the slot", () => {
  it("turns a one-off form into the request the booking model takes", () => {
    expect(valueOf(bookingSchema, ONE_OFF)).toEqual({
      intent: "apercu",
      spaceId: "space-1",
      title: "Atelier numérique",
      request: { localStart: "2027-03-02T14:00", localEnd: "2027-03-02T16:00", rrule: null, seats: 1 },
      skip: [],
    });
  });

  it("names every missing field in French", () => {
    expect(errorsOf(bookingSchema, { intent: "apercu", "recurrence.frequency": "NONE" })).toEqual({
      spaceId: ["Choisissez l'espace à réserver."],
      title: ["Indiquez l'objet de la réservation (par exemple « Atelier numérique »)."],
      date: ["Indiquez la date de début."],
      startTime: ["Indiquez l'heure de début."],
      endTime: ["Indiquez l'heure de fin."],
    });
  });

  it("refuses an end that is not after the start, beside the end time", () => {
    expect(errorsOf(bookingSchema, { ...ONE_OFF, endTime: "14:00" })).toEqual({
      endTime: ["L'heure de fin doit être après l'heure de début (pour une réservation sur plusieurs jours, indiquez la date de fin)."],
    });
  });

  it("books over several days with an end date, and refuses an end date before the start", () => {
    expect(valueOf(bookingSchema, { ...ONE_OFF, endDate: "2027-03-04", endTime: "12:00" }).request).toMatchObject({
      localStart: "2027-03-02T14:00",
      localEnd: "2027-03-04T12:00",
    });
    expect(errorsOf(bookingSchema, { ...ONE_OFF, endDate: "2027-03-01" })).toEqual({
      endDate: ["La date de fin ne peut pas précéder la date de début."],
    });
  });

  it("puts the spring DST gap beside the start time, and beside the end time when the end falls in it", () => {
    expect(errorsOf(bookingSchema, { ...ONE_OFF, date: "2027-03-28", startTime: "02:30", endTime: "04:00" })).toEqual({
      startTime: ["L'heure de début n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été)."],
    });
    expect(errorsOf(bookingSchema, { ...ONE_OFF, date: "2027-03-28", startTime: "01:00", endTime: "02:30" })).toEqual({
      endTime: ["L'heure de fin n'existe pas à Paris : le 28 mars 2027, les horloges passent de 02:00 à 03:00 (passage à l'heure d'été)."],
    });
  });

  it("accepts times typed by hand and refuses what is not a time or a date", () => {
    expect(valueOf(bookingSchema, { ...ONE_OFF, startTime: "9h", endTime: "10h30" }).request).toMatchObject({
      localStart: "2027-03-02T09:00",
      localEnd: "2027-03-02T10:30",
    });
    expect(errorsOf(bookingSchema, { ...ONE_OFF, date: "2027-02-30", startTime: "midi" })).toEqual({
      date: ["Date invalide (format attendu : AAAA-MM-JJ, par exemple 2027-03-23)."],
      startTime: ["Heure invalide (format attendu : HH:mm, par exemple 14:00)."],
    });
  });
});

describe("bookingSchema: seats", () => {
  it("defaults to 1 seat and keeps the seats asked for a desk pool", () => {
    expect(valueOf(bookingSchema, ONE_OFF).request.seats).toBe(1);
    expect(valueOf(bookingSchema, { ...ONE_OFF, seats: "4" }).request.seats).toBe(4);
  });

  it.each([
    ["0", "Réservez au moins 1 poste."],
    ["2.5", "Le nombre de postes doit être un nombre entier."],
    ["beaucoup", "Le nombre de postes doit être un nombre."],
    ["1001", "Vous ne pouvez pas réserver plus de 1000 postes."],
  ])("refuses %s seats", (seats, message) => {
    expect(errorsOf(bookingSchema, { ...ONE_OFF, seats })).toEqual({ seats: [message] });
  });
});

describe("bookingSchema: recurrence form → RRULE", () => {
  it.each<[string, Fields, string]>([
    ["every other week on Tuesday and Thursday, 10 times", weekly({ "recurrence.interval": "2" }), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10"],
    [
      "the last Friday of every month until the end of the year",
      {
        ...ONE_OFF,
        date: "2027-03-26",
        "recurrence.frequency": "MONTHLY_BY_POSITION",
        "recurrence.position": "-1",
        "recurrence.weekday": "FR",
        "recurrence.interval": "1",
        "recurrence.end.kind": "until",
        "recurrence.end.until": "2027-12-31",
      },
      "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;UNTIL=20271231T235959",
    ],
    [
      "the 2nd of every month, 3 times",
      {
        ...ONE_OFF,
        "recurrence.frequency": "MONTHLY_BY_DAY",
        "recurrence.dayOfMonth": "2",
        "recurrence.interval": "1",
        "recurrence.end.kind": "count",
        "recurrence.end.count": "3",
      },
      "FREQ=MONTHLY;BYMONTHDAY=2;COUNT=3",
    ],
  ])("%s", (_name, fields, rrule) => {
    expect(valueOf(bookingSchema, fields).request.rrule).toBe(rrule);
  });

  it("ignores the recurrence fields of the options not chosen", () => {
    expect(valueOf(bookingSchema, { ...ONE_OFF, "recurrence.weekdays": "MO", "recurrence.end.count": "abc" }).request.rrule).toBeNull();
  });

  it("asks for at least one weekday, beside the weekday checkboxes", () => {
    expect(errorsOf(bookingSchema, weekly({ "recurrence.weekdays": [] }))).toEqual({
      "recurrence.weekdays": ["Choisissez au moins un jour de la semaine."],
    });
  });

  it("explains a start date that is not a date of the rule, beside the recurrence section", () => {
    expect(errorsOf(bookingSchema, weekly({ "recurrence.weekdays": "MO" }))).toEqual({
      recurrence: [
        "La date de début (mardi 2 mars 2027 à 14:00) ne correspond pas à la règle : sa première occurrence serait le lundi 8 mars 2027 à 14:00.",
      ],
    });
  });

  it("refuses an end of repetition before the first date, and too many occurrences", () => {
    expect(errorsOf(bookingSchema, weekly({ "recurrence.end.kind": "until", "recurrence.end.until": "2027-03-01" }))).toEqual({
      "recurrence.end.until": ["La date de fin de la répétition doit être le jour de la première réservation ou après."],
    });
    expect(errorsOf(bookingSchema, weekly({ "recurrence.end.count": "600" }))).toEqual({
      "recurrence.end.count": ["520 occurrences au plus."],
    });
  });

  it("asks how the repetition ends", () => {
    expect(errorsOf(bookingSchema, weekly({ "recurrence.end.kind": [] }))).toEqual({
      "recurrence.end.kind": ["Choisissez la fin de la récurrence : un nombre d'occurrences ou une date."],
    });
  });
});

describe("bookingSchema: the confirmation step", () => {
  it("keeps the blocked dates the user accepted to skip, and refuses anything else in their place", () => {
    expect(valueOf(bookingSchema, weekly({ intent: "confirmer", skip: ["2027-03-09T14:00", "2027-03-11T14:00"] }))).toMatchObject({
      intent: "confirmer",
      skip: ["2027-03-09T14:00", "2027-03-11T14:00"],
    });
    expect(errorsOf(bookingSchema, weekly({ skip: "mardi" }))).toEqual({ "skip[0]": ["Date de la réservation invalide."] });
    expect(errorsOf(bookingSchema, { ...ONE_OFF, intent: "reserver" })).toEqual({
      intent: ["Choisissez « Voir les dates » ou « Confirmer »."],
    });
  });

  it("posts again exactly what was previewed through hidden fields", () => {
    const fields = weekly({ csrf: "token", endDate: "2027-03-02", seats: "2" });
    const first = parse(bookingSchema, fields);
    if (first.status !== "success") throw new Error("the form should be valid");
    const hidden = hiddenFieldsOf(first.payload, ["csrf", "intent", "skip"]);
    expect(hidden).toContainEqual(["recurrence.weekdays", "TU"]);
    expect(hidden).toContainEqual(["recurrence.weekdays", "TH"]);
    expect(hidden.map(([name]) => name)).not.toContain("csrf");
    const again = new FormData();
    for (const [name, value] of hidden) again.append(name, value);
    again.append("intent", "confirmer");
    const second = parseWithZod(again, { schema: bookingSchema });
    if (second.status !== "success") throw new Error("the hidden fields should make a valid form");
    expect(second.value).toEqual({ ...first.value, intent: "confirmer" });
  });
});

describe("series action schemas", () => {
  it("cancels one date by its recurrence id", () => {
    expect(valueOf(cancelOccurrenceSchema, { intent: "annuler-date", recurrenceId: "2027-03-02T14:00" })).toEqual({
      intent: "annuler-date",
      recurrenceId: "2027-03-02T14:00",
    });
    expect(errorsOf(cancelOccurrenceSchema, { intent: "annuler-date", recurrenceId: "demain" })).toEqual({
      recurrenceId: ["Date de la réservation invalide."],
    });
  });

  it("moves one date to a new wall-clock slot, with the same checks as a booking", () => {
    const move = { intent: "deplacer", recurrenceId: "2027-03-02T14:00", date: "2027-03-03", startTime: "09:00", endTime: "11:00" };
    expect(valueOf(moveOccurrenceSchema, move)).toEqual({
      recurrenceId: "2027-03-02T14:00",
      localStart: "2027-03-03T09:00",
      localEnd: "2027-03-03T11:00",
    });
    expect(errorsOf(moveOccurrenceSchema, { ...move, endTime: "08:00" })).toEqual({
      endTime: ["L'heure de fin doit être après l'heure de début (pour une réservation sur plusieurs jours, indiquez la date de fin)."],
    });
    expect(errorsOf(moveOccurrenceSchema, { ...move, date: "" })).toEqual({ date: ["Indiquez la nouvelle date."] });
  });

  it("changes the following dates on the chosen date's own day", () => {
    const change = { intent: "modifier-suite", fromRecurrenceId: "2027-03-09T14:00", title: "Atelier du soir", startTime: "17:00", endTime: "19:00" };
    expect(valueOf(changeFollowingSchema, change)).toEqual({
      fromRecurrenceId: "2027-03-09T14:00",
      title: "Atelier du soir",
      seats: 1,
      skip: [],
      localStart: "2027-03-09T17:00",
      localEnd: "2027-03-09T19:00",
    });
    expect(errorsOf(changeFollowingSchema, { ...change, title: "A" })).toEqual({
      title: ["L'objet de la réservation doit compter au moins 2 caractères."],
    });
  });
});

describe("decisionSchema", () => {
  it("accepts without a reason", () => {
    expect(valueOf(decisionSchema, { seriesId: "s1", decision: "APPROVE" })).toEqual({ seriesId: "s1", decision: "APPROVE", reason: null });
  });

  it("requires the reason of a refusal, beside the reason field", () => {
    expect(errorsOf(decisionSchema, { seriesId: "s1", decision: "REJECT", reason: "   " })).toEqual({
      reason: ["Indiquez le motif du refus : il est transmis à la structure qui a réservé."],
    });
    expect(valueOf(decisionSchema, { seriesId: "s1", decision: "REJECT", reason: " Salle en travaux " })).toEqual({
      seriesId: "s1",
      decision: "REJECT",
      reason: "Salle en travaux",
    });
  });

  it("refuses an unknown decision", () => {
    expect(errorsOf(decisionSchema, { seriesId: "s1", decision: "MAYBE" })).toEqual({ decision: ["Choisissez « Accepter » ou « Refuser »."] });
  });
});
