// Pieces shared by the booking pages: status badges and the list of dates that cannot be booked.
import type { Badge, BlockedDateView } from "~/domain/booking-display";

const TONE_CLASSES: Record<Badge["tone"], string> = { ok: "badge badge-ok", warn: "badge badge-warn", neutral: "badge" };

export function Badges({ badges }: { badges: Badge[] }) {
  return (
    <>
      {badges.map((badge, index) => (
        <span key={badge.label}>
          {index > 0 ? " " : null}
          <span className={TONE_CLASSES[badge.tone]}>{badge.label}</span>
        </span>
      ))}
    </>
  );
}

/** Every blocked date with all its reasons, e.g. "mardi 11 mai 2027, 14:00 – 16:00 : Le créneau … est déjà réservé." */
export function BlockedDatesList({ blocked, labelledBy }: { blocked: BlockedDateView[]; labelledBy: string }) {
  return (
    <ul aria-labelledby={labelledBy}>
      {blocked.map((date) => (
        <li key={date.recurrenceId}>
          <strong>{date.label}</strong> : {date.reasons.join(" ")}
        </li>
      ))}
    </ul>
  );
}

/**
 * The hidden inputs of a confirmation form: the fields the user submitted (see hiddenFieldsOf)
 * and the blocked dates they saw and accept to leave out.
 */
export function ResubmitFields({ fields, skip }: { fields: Array<[string, string]>; skip: BlockedDateView[] }) {
  return (
    <>
      {fields.map(([name, value], index) => (
        <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
      ))}
      {skip.map((date) => (
        <input key={date.recurrenceId} type="hidden" name="skip" value={date.recurrenceId} />
      ))}
    </>
  );
}
