// The sites/spaces form schemas, parsed the way the actions parse a browser's form submission.
import { parseWithZod } from "@conform-to/zod";
import { DEFAULT_BOOKING_RULES } from "~/domain/space-rules";
import { siteSchema } from "~/forms/site";
import {
  closureFormSchema,
  hasListFieldName,
  newSpaceSchema,
  normalizeTimeInput,
  openingHoursToRows,
  publicHolidaysFormSchema,
  spaceFormDefaultValue,
  spaceSchema,
} from "~/forms/space";
import { openingHoursFields } from "../helpers/space-form";

type Fields = Record<string, string | string[]>;

function formData(fields: Fields): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  return data;
}


const RULES: Fields = {
  "rules.slotMinutes": "30",
  "rules.minDurationMinutes": "60",
  "rules.maxDurationMinutes": "480",
  "rules.bufferMinutes": "15",
  "rules.minNoticeMinutes": "60",
  "rules.horizonDays": "90",
  "rules.cancellationDeadlineHours": "48",
};

function spaceFields(overrides: Fields = {}): Fields {
  return {
    name: "Salle Olympe de Gouges",
    kind: "ROOM",
    capacity: "12",
    seats: "",
    description: "Salle de réunion.",
    equipment: "",
    ...openingHoursFields({ 1: [["08:00", "12:00"]] }),
    ...RULES,
    ...overrides,
  };
}

function parseSpace(fields: Fields) {
  return parseWithZod(formData(fields), { schema: spaceSchema });
}

function errorsOf(submission: { status?: string; error?: Record<string, string[] | null> | null }) {
  expect(submission.status).toBe("error");
  return submission.error ?? {};
}

describe("siteSchema", () => {
  it("trims the fields and defaults the description to an empty string", () => {
    const submission = parseWithZod(
      formData({ name: "  Tiers-lieu du Port ", address: "3 rue du Port", postalCode: "44400", city: "Bellerive-sur-Loire" }),
      { schema: siteSchema },
    );
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual({
      name: "Tiers-lieu du Port",
      address: "3 rue du Port",
      postalCode: "44400",
      city: "Bellerive-sur-Loire",
      description: "",
    });
  });

  it("explains missing and invalid fields in French", () => {
    const error = errorsOf(parseWithZod(formData({ name: "X", address: "", postalCode: "4400" }), { schema: siteSchema }));
    expect(error.name).toEqual(["Le nom du site doit compter au moins 2 caractères."]);
    expect(error.address).toEqual(["Indiquez l'adresse du site."]);
    expect(error.postalCode).toEqual(["Le code postal compte 5 chiffres."]);
    expect(error.city).toEqual(["Indiquez la commune."]);
  });
});

describe("newSpaceSchema", () => {
  const parse = (fields: Fields) => parseWithZod(formData(fields), { schema: newSpaceSchema });

  it("gives a room one seat whatever is posted, and reads the accessibility checkbox", () => {
    const submission = parse({ name: "Atelier", kind: "ROOM", capacity: "20", seats: "15", accessible: "on" });
    expect(submission.status === "success" && submission.value).toEqual({
      name: "Atelier",
      kind: "ROOM",
      capacity: 20,
      seats: 1,
      accessible: true,
    });
    const unchecked = parse({ name: "Atelier", kind: "ROOM", capacity: "20" });
    expect(unchecked.status === "success" && unchecked.value.accessible).toBe(false);
  });

  it("keeps the seats of an open space, which may be fewer than its capacity", () => {
    const submission = parse({ name: "Open space", kind: "DESK_POOL", capacity: "14", seats: "12" });
    expect(submission.status === "success" && submission.value.seats).toBe(12);
  });

  it("requires the seats of an open space, at most its capacity", () => {
    expect(errorsOf(parse({ name: "Open space", kind: "DESK_POOL", capacity: "12" })).seats).toEqual([
      "Indiquez le nombre de postes de l'open space.",
    ]);
    expect(errorsOf(parse({ name: "Open space", kind: "DESK_POOL", capacity: "12", seats: "15" })).seats).toEqual([
      "Le nombre de postes (15) ne peut pas dépasser la capacité (12 personnes).",
    ]);
  });

  it("explains an unknown kind and a capacity that is not a number", () => {
    const error = errorsOf(parse({ name: "Salle", kind: "GARAGE", capacity: "douze" }));
    expect(error.kind).toEqual(["Choisissez le type d'espace : salle ou open space."]);
    expect(error.capacity).toEqual(["La capacité doit être un nombre."]);
    expect(errorsOf(parse({ name: "Salle", kind: "ROOM", capacity: "0" })).capacity).toEqual([
      "La capacité doit être d'au moins 1 personne.",
    ]);
  });
});

describe("spaceSchema: opening hours", () => {
  it("turns the filled rows into the domain's opening hours, ignoring empty rows", () => {
    const submission = parseSpace(
      spaceFields(
        openingHoursFields({
          1: [["08:30", "12:30"], ["", ""], ["13:30", "19:00"]],
          3: [["", ""], ["09:00", "17:00"]],
          6: [["09:00", "13:00"]],
        }),
      ),
    );
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value.openingHours).toEqual({
      1: [
        { open: "08:30", close: "12:30" },
        { open: "13:30", close: "19:00" },
      ],
      2: [],
      3: [{ open: "09:00", close: "17:00" }],
      4: [],
      5: [],
      6: [{ open: "09:00", close: "13:00" }],
      7: [],
    });
  });

  it("sorts and merges touching ranges, reads 00:00 as a closing at midnight and accepts hand-typed times", () => {
    const submission = parseSpace(spaceFields(openingHoursFields({ 5: [["14:00", "00:00"], ["8h30", "12:00"], ["12:00", "14:00"]] })));
    expect(submission.status === "success" && submission.value.openingHours[5]).toEqual([{ open: "08:30", close: "24:00" }]);
  });

  it("puts an overlap beside the weekday, in French", () => {
    const error = errorsOf(parseSpace(spaceFields(openingHoursFields({ 2: [["09:00", "12:00"], ["11:00", "14:00"]] }))));
    expect(error["openingHours.2"]).toEqual(["Mardi : les plages 09:00–12:00 et 11:00–14:00 se chevauchent."]);
  });

  it("puts the error of one range beside its input, naming the day and the row", () => {
    const error = errorsOf(
      parseSpace(
        spaceFields(
          openingHoursFields({
            1: [["09:00", "08:00"]],
            3: [["09:00", "12:00"], ["14:00", ""]],
            7: [["25:00", "26:00"]],
          }),
        ),
      ),
    );
    expect(error["openingHours.1.0.close"]).toEqual([
      "Lundi, plage 1 : l'heure de fermeture (08:00) doit être après l'heure d'ouverture (09:00).",
    ]);
    expect(error["openingHours.3.1.close"]).toEqual(["Mercredi, plage 2 : indiquez l'heure de fermeture."]);
    expect(error["openingHours.7.0.open"]).toEqual([
      "Dimanche, plage 1 : l'heure d'ouverture doit être au format HH:mm (par ex. 08:30).",
    ]);
  });

  it("ignores row keys beyond the grid", () => {
    const submission = parseSpace(spaceFields({ "openingHours.1.9.open": "10:00", "openingHours.1.9.close": "11:00" }));
    expect(submission.status === "success" && submission.value.openingHours[1]).toEqual([{ open: "08:00", close: "12:00" }]);
  });

  it("normalises the ways a time may be typed", () => {
    expect(normalizeTimeInput("8:30")).toBe("08:30");
    expect(normalizeTimeInput(" 8h ")).toBe("08:00");
    expect(normalizeTimeInput("18:45:00")).toBe("18:45");
    expect(normalizeTimeInput("")).toBeUndefined();
    expect(normalizeTimeInput("midi")).toBe("midi");
  });
});

describe("spaceSchema: the rest of the space", () => {
  it("returns the booking rules as numbers, the checkbox as a boolean and one equipment per line", () => {
    const submission = parseSpace(
      spaceFields({ "rules.requiresApproval": "on", equipment: "  Écran 65 pouces \r\n\r\nVisioconférence\n " }),
    );
    expect(submission.status).toBe("success");
    if (submission.status !== "success") return;
    expect(submission.value.rules).toEqual({
      slotMinutes: 30,
      minDurationMinutes: 60,
      maxDurationMinutes: 480,
      bufferMinutes: 15,
      minNoticeMinutes: 60,
      horizonDays: 90,
      requiresApproval: true,
      cancellationDeadlineHours: 48,
    });
    expect(submission.value.equipment).toBe("Écran 65 pouces\nVisioconférence");
    expect(submission.value.seats).toBe(1);
  });

  it("requires every booking rule instead of silently using a default", () => {
    const error = errorsOf(parseSpace(spaceFields({ "rules.slotMinutes": "", "rules.horizonDays": "" })));
    expect(error["rules.slotMinutes"]).toEqual(["La granularité est obligatoire."]);
    expect(error["rules.horizonDays"]).toEqual(["L'horizon de réservation est obligatoire."]);
  });

  it("reports the domain's field and cross-field rules beside the right field", () => {
    expect(errorsOf(parseSpace(spaceFields({ "rules.slotMinutes": "7" })))["rules.slotMinutes"]?.[0]).toMatch(
      /^La granularité doit être l'une des valeurs suivantes/,
    );
    const error = errorsOf(
      parseSpace(
        spaceFields({
          "rules.minDurationMinutes": "240",
          "rules.maxDurationMinutes": "120",
          "rules.minNoticeMinutes": "1440",
          "rules.horizonDays": "1",
        }),
      ),
    );
    expect(error["rules.maxDurationMinutes"]).toEqual([
      "La durée maximale (2 h) doit être supérieure ou égale à la durée minimale (4 h).",
    ]);
    expect(error["rules.minNoticeMinutes"]).toEqual([
      "Le délai de prévenance doit être inférieur à l'horizon de réservation (1 jour).",
    ]);
  });

  it("reports several kinds of errors at once", () => {
    const error = errorsOf(
      parseSpace(spaceFields({ name: "", capacity: "-3", ...openingHoursFields({ 4: [["10:00", "11:00"], ["10:30", "12:00"]] }) })),
    );
    expect(error.name).toEqual(["Indiquez le nom de l'espace."]);
    expect(error.capacity).toEqual(["La capacité doit être d'au moins 1 personne."]);
    expect(error["openingHours.4"]).toEqual(["Jeudi : les plages 10:00–11:00 et 10:30–12:00 se chevauchent."]);
  });
});

describe("the space form's initial value", () => {
  it("pads each weekday to three rows and shows a midnight closing as 00:00", () => {
    const rows = openingHoursToRows({ 1: [{ open: "20:00", close: "24:00" }] });
    expect(rows["1"]).toEqual({
      0: { open: "20:00", close: "00:00" },
      1: { open: "", close: "" },
      2: { open: "", close: "" },
    });
    expect(Object.keys(rows["7"])).toEqual(["0", "1", "2"]);
  });

  it("round-trips: the initial value, submitted unchanged, gives back the same space", () => {
    const space = {
      name: "Open space",
      description: "",
      kind: "DESK_POOL" as const,
      capacity: 12,
      seats: 10,
      accessible: false,
      equipment: "Fibre\nImprimante",
      openingHours: {
        1: [
          { open: "08:30", close: "12:30" },
          { open: "13:30", close: "19:00" },
        ],
        2: [],
        3: [],
        4: [],
        5: [{ open: "00:00", close: "24:00" }],
        6: [],
        7: [],
      },
      rules: { ...DEFAULT_BOOKING_RULES },
    };
    const initial = spaceFormDefaultValue(space);
    const fields: Fields = {
      name: initial.name,
      description: initial.description,
      kind: initial.kind,
      capacity: String(initial.capacity),
      seats: String(initial.seats),
      equipment: initial.equipment,
    };
    for (const [day, dayRows] of Object.entries(initial.openingHours)) {
      for (const [row, range] of Object.entries(dayRows)) {
        fields[`openingHours.${day}.${row}.open`] = range?.open ?? "";
        fields[`openingHours.${day}.${row}.close`] = range?.close ?? "";
      }
    }
    for (const [rule, value] of Object.entries(initial.rules)) {
      if (value !== false) fields[`rules.${rule}`] = value === true ? "on" : String(value);
    }
    const submission = parseSpace(fields);
    expect(submission.status === "success" && submission.value).toEqual(space);
  });
});

describe("closure and public-holiday forms", () => {
  it("validates a closure with the domain's French messages", () => {
    const ok = parseWithZod(formData({ startsOn: "2027-08-02", endsOn: "2027-08-20", reason: " Congés d'été " }), {
      schema: closureFormSchema,
    });
    expect(ok.status === "success" && ok.value).toEqual({ startsOn: "2027-08-02", endsOn: "2027-08-20", reason: "Congés d'été" });
    const reversed = errorsOf(
      parseWithZod(formData({ startsOn: "2027-08-20", endsOn: "2027-08-02", reason: "Travaux" }), { schema: closureFormSchema }),
    );
    expect(reversed.endsOn).toEqual(["La date de fin doit être identique ou postérieure à la date de début."]);
    const missing = errorsOf(parseWithZod(formData({ startsOn: "2027-02-30", endsOn: "", reason: "  " }), { schema: closureFormSchema }));
    expect(missing.startsOn).toEqual(["La date de début n'existe pas dans le calendrier."]);
    expect(missing.endsOn).toEqual(["Indiquez la date de fin."]);
    expect(missing.reason).toEqual(["Indiquez le motif de la fermeture."]);
  });

  it("accepts a year between 2000 and 2100 for the public holidays", () => {
    const ok = parseWithZod(formData({ year: "2027" }), { schema: publicHolidaysFormSchema });
    expect(ok.status === "success" && ok.value.year).toBe(2027);
    expect(errorsOf(parseWithZod(formData({ year: "1999" }), { schema: publicHolidaysFormSchema })).year).toEqual([
      "Choisissez une année entre 2000 et 2100.",
    ]);
  });
});

describe("hasListFieldName", () => {
  it("spots the list indexes that none of these forms uses", () => {
    expect(hasListFieldName(formData({ name: "Salle", "openingHours.1.0.open": "08:00" }))).toBe(false);
    expect(hasListFieldName(formData({ name: "Salle", "openingHours.1[999999999].open": "08:00" }))).toBe(true);
  });
});
