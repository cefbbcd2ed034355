/**
 * An occupied bien opened to booking: the occupant structure runs a bookable site there, with a
 * first space drawn from the bien's surface and kind.
 *
 * Pure module: no Remix, no Prisma, no I/O.
 *
 * Rules:
 *   - only an OCCUPIED bien can be opened (the convention is signed and the occupant is in);
 *     before, the bien is not the occupant's to run; after (ENDED, WITHDRAWN) it is gone;
 *   - the site takes the bien's title, address, INSEE code and coordinates;
 *   - the first space: an office becomes an open space of desks (one desk per
 *     SQUARE_METRES_PER_DESK m²), any other kind a room holding one person per
 *     SQUARE_METRES_PER_PERSON m²; at least 1, at most MAX_FIRST_SPACE_CAPACITY; accessible only
 *     when the bien is fully accessible;
 *   - opening hours Monday to Friday, 09:00–18:00, which the site's manager can change.
 */
import { PREMISES_KIND_LABELS, PREMISES_STATE_LABELS, formatSurface, type PremisesKind, type PremisesState } from "~/domain/premises";
import type { OpeningHours, TimeRange } from "~/domain/space-rules";

export const SQUARE_METRES_PER_DESK = 10;
export const SQUARE_METRES_PER_PERSON = 4;
export const MAX_FIRST_SPACE_CAPACITY = 200;

export type PremisesForSite = {
  state: PremisesState;
  title: string;
  kind: PremisesKind;
  surfaceM2: number;
  accessibility: "ACCESSIBLE" | "PARTIAL" | "NOT_ACCESSIBLE" | "UNKNOWN";
  addressLine: string;
  postalCode: string;
  commune: string;
  inseeCode: string | null;
  latitude: number | null;
  longitude: number | null;
};

export type SitePlan = {
  site: {
    name: string;
    address: string;
    postalCode: string;
    city: string;
    description: string;
    inseeCode: string | null;
    latitude: number | null;
    longitude: number | null;
  };
  space: { name: string; kind: "ROOM" | "DESK_POOL"; capacity: number; seats: number; accessible: boolean };
  /** Monday to Friday, 09:00–18:00. */
  openingHours: OpeningHours;
};

export type SitePlanResult = { ok: true; plan: SitePlan } | { ok: false; message: string };

function clamp(value: number): number {
  return Math.min(MAX_FIRST_SPACE_CAPACITY, Math.max(1, value));
}

/** The site and first space an occupied bien becomes, or the French reason it cannot. */
export function planSiteFromPremises(bien: PremisesForSite): SitePlanResult {
  if (bien.state !== "OCCUPIED") {
    return {
      ok: false,
      message: `Seul un bien occupé peut être ouvert à la réservation (ce bien est à l'étape « ${PREMISES_STATE_LABELS[bien.state]} »).`,
    };
  }
  const office = bien.kind === "OFFICE";
  const capacity = clamp(Math.floor(bien.surfaceM2 / (office ? SQUARE_METRES_PER_DESK : SQUARE_METRES_PER_PERSON)));
  const label = PREMISES_KIND_LABELS[bien.kind];
  const day: TimeRange[] = [{ open: "09:00", close: "18:00" }];
  return {
    ok: true,
    plan: {
      site: {
        name: bien.title,
        address: bien.addressLine,
        postalCode: bien.postalCode,
        city: bien.commune,
        description: `Ouvert à la réservation par son occupant : ${label} de ${formatSurface(bien.surfaceM2)}.`,
        inseeCode: bien.inseeCode,
        latitude: bien.latitude,
        longitude: bien.longitude,
      },
      space: office
        ? { name: `Bureaux partagés — ${capacity} ${capacity === 1 ? "poste" : "postes"}`, kind: "DESK_POOL", capacity, seats: capacity, accessible: bien.accessibility === "ACCESSIBLE" }
        : {
            name: `${label.charAt(0).toUpperCase()}${label.slice(1)} (${formatSurface(bien.surfaceM2)})`,
            kind: "ROOM",
            capacity,
            seats: 1,
            accessible: bien.accessibility === "ACCESSIBLE",
          },
      openingHours: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: [], 7: [] },
    },
  };
}
