// The space form (a site's new space, a space's page) as a browser sends it.

export type IsoDay = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Every time input of the opening-hours grid (3 rows × 7 days), as a browser sends them: unused ones empty. */
export function openingHoursFields(ranges: Partial<Record<IsoDay, Array<[string, string]>>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const day of [1, 2, 3, 4, 5, 6, 7] as const) {
    for (const row of [0, 1, 2]) {
      const range = ranges[day]?.[row];
      fields[`openingHours.${day}.${row}.open`] = range?.[0] ?? "";
      fields[`openingHours.${day}.${row}.close`] = range?.[1] ?? "";
    }
  }
  return fields;
}

/**
 * The form of a space's page (intent "update-space"): a room open on Tuesdays 08:00–20:00,
 * bookable by the half hour up to 8 hours, then `fields` (its name and capacity at least).
 */
export function spaceEditFields(fields: Record<string, string> & { name: string; capacity: string }): Record<string, string> {
  return {
    intent: "update-space",
    kind: "ROOM",
    description: "",
    equipment: "",
    "rules.slotMinutes": "30",
    "rules.minDurationMinutes": "30",
    "rules.maxDurationMinutes": "480",
    "rules.bufferMinutes": "0",
    "rules.minNoticeMinutes": "0",
    "rules.horizonDays": "180",
    "rules.cancellationDeadlineHours": "24",
    ...openingHoursFields({ 2: [["08:00", "20:00"]] }),
    ...fields,
  };
}
