/**
 * Open-data exports of the published biens: CSV and GeoJSON.
 *
 * Pure module: no Remix, no Prisma, no I/O. The route sets the media types below and a
 * file name; this module only builds the text.
 *
 * What is exported:
 *   - only biens in PUBLIC_STATES (published, under review, attributed, occupied), in the order
 *     given (the caller sorts, e.g. by publication date); drafts and withdrawn biens never leave;
 *   - no personal data: no applicant, no reviewer, no author of a change, no contact; the free
 *     texts (description, other conditions) are left out too, since they may name a person or
 *     give a phone number; photos and visits are left out (operational, not reference data);
 *   - one row / feature per bien, with the columns of OPEN_DATA_COLUMNS.
 *
 * CSV (RFC 4180): UTF-8, comma separator (the data.gouv.fr recommendation, not the ";" of
 * French spreadsheets), CRLF line ends including after the last row, a header row. A field is
 * quoted when it contains a comma, a semicolon (so that a spreadsheet guessing ";" does not split
 * it either), a double quote (doubled), a CR or LF, or leading/trailing spaces. Numbers use a dot
 * ("312.50"); amounts are euros with two decimals; dates are ISO 8601 ("2027-05-01"); the call
 * deadline is an ISO 8601 instant with its Paris offset ("2027-05-31T12:00:00+02:00"). Empty
 * means unknown or not applicable. No byte order mark unless `bom: true` (for Excel users).
 *
 * GeoJSON (RFC 7946): a FeatureCollection of Point features, coordinates [longitude, latitude]
 * (WGS 84, six decimals ≈ 10 cm), no "crs" member; properties are the CSV columns except
 * latitude/longitude, with numbers as numbers and empty values as null. A bien not yet geocoded
 * has no point: it is in the CSV (empty latitude and longitude) but left out of the GeoJSON.
 */
import { minutesBetweenLocal, parisToInstant, type LocalDateTime } from "~/domain/time";
import {
  ACCESSIBILITY_LABELS,
  OCCUPATION_TYPE_LABELS,
  PREMISES_CONDITION_LABELS,
  PREMISES_KIND_LABELS,
  PREMISES_STATE_LABELS,
  PROPERTY_DOMAIN_LABELS,
  UTILITY_LABELS,
  isPublicState,
  reducedRentCents,
  type PremisesRecord,
} from "~/domain/premises";

export const CSV_MEDIA_TYPE = "text/csv; charset=utf-8; header=present";
export const GEOJSON_MEDIA_TYPE = "application/geo+json";

/** A bien as exported: the stored bien plus its call deadline, owner and public page. */
export type OpenDataPremises = PremisesRecord & {
  callDeadline: LocalDateTime | null;
  /** The collectivité publishing the bien (a legal person, not personal data). */
  ownerName: string;
  /** Absolute URL of the public page of the bien. */
  pageUrl: string;
};

/** The columns, in order, with their meaning (published beside the dataset). */
export const OPEN_DATA_COLUMNS = [
  { name: "identifiant", description: "Identifiant stable du bien." },
  { name: "intitule", description: "Intitulé du bien." },
  { name: "type_code", description: "Type de bien (code) : BARE_LAND, ACTIVITY_PREMISES, OFFICE, GROUND_FLOOR_SHOP, WORKSHOP, WAREHOUSE, WHOLE_BUILDING, OTHER." },
  { name: "type", description: "Type de bien (libellé)." },
  { name: "statut_code", description: "Étape : PUBLISHED, UNDER_REVIEW, ATTRIBUTED, OCCUPIED." },
  { name: "statut", description: "Étape (libellé)." },
  { name: "domaine", description: "Domaine public ou domaine privé de la collectivité." },
  { name: "proprietaire", description: "Collectivité propriétaire." },
  { name: "adresse", description: "Adresse (voie), selon la Base adresse nationale." },
  { name: "code_postal", description: "Code postal." },
  { name: "commune", description: "Commune." },
  { name: "code_insee", description: "Code INSEE de la commune (vide si le géocodage est en attente)." },
  { name: "latitude", description: "Latitude WGS 84 (vide si le géocodage est en attente)." },
  { name: "longitude", description: "Longitude WGS 84 (vide si le géocodage est en attente)." },
  { name: "surface_m2", description: "Surface en mètres carrés." },
  { name: "niveaux", description: "Nombre de niveaux (0 pour un terrain nu)." },
  { name: "etat", description: "État du bien." },
  { name: "accessibilite", description: "Accessibilité aux personnes à mobilité réduite." },
  { name: "equipements", description: "Équipements disponibles, séparés par des virgules." },
  { name: "disponible_du", description: "Début de disponibilité (AAAA-MM-JJ)." },
  { name: "disponible_au", description: "Fin de disponibilité (AAAA-MM-JJ), vide si sans terme." },
  { name: "type_occupation", description: "Type d'occupation proposé." },
  { name: "redevance_mensuelle_eur", description: "Redevance mensuelle de référence, en euros." },
  { name: "reduction_utilite_sociale_pct", description: "Réduction de la redevance pour un projet d'utilité sociale, en %." },
  { name: "redevance_reduite_mensuelle_eur", description: "Redevance mensuelle après cette réduction, en euros." },
  { name: "charges_mensuelles_eur", description: "Charges mensuelles, en euros." },
  { name: "date_limite_candidature", description: "Date limite de l'appel à candidatures (ISO 8601, heure de Paris)." },
  { name: "url", description: "Page publique du bien." },
] as const;
export type OpenDataColumn = (typeof OPEN_DATA_COLUMNS)[number]["name"];
export type OpenDataRow = Record<OpenDataColumn, string | number | null>;

/** Euros from cents as a number: 31250 → 312.5. */
function euros(cents: number): number {
  return cents / 100;
}

/** Six decimals, about 10 cm: the precision of the BAN, without float noise. */
function coordinate(value: number): number {
  return Number(value.toFixed(6));
}

/** "2027-05-31T12:00" → "2027-05-31T12:00:00+02:00" (Paris offset of that wall time). */
export function deadlineToIso(deadline: LocalDateTime): string {
  const instant = parisToInstant(deadline);
  if (!instant.ok) throw new RangeError(`Date limite invalide : ${deadline}`);
  const offset = minutesBetweenLocal(instant.instant.toISOString().slice(0, 16), deadline);
  const sign = offset < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offset) % 60).padStart(2, "0");
  return `${deadline}:00${sign}${hours}:${minutes}`;
}

/** The exported values of one bien, typed (numbers, null for empty). */
export function openDataRow(bien: OpenDataPremises): OpenDataRow {
  const hasPoint = bien.address.latitude !== null && bien.address.longitude !== null;
  return {
    identifiant: bien.id,
    intitule: bien.title,
    type_code: bien.kind,
    type: PREMISES_KIND_LABELS[bien.kind],
    statut_code: bien.state,
    statut: PREMISES_STATE_LABELS[bien.state],
    domaine: PROPERTY_DOMAIN_LABELS[bien.domain],
    proprietaire: bien.ownerName,
    adresse: bien.address.line,
    code_postal: bien.address.postalCode,
    commune: bien.address.commune,
    code_insee: bien.address.inseeCode,
    latitude: hasPoint ? coordinate(bien.address.latitude as number) : null,
    longitude: hasPoint ? coordinate(bien.address.longitude as number) : null,
    surface_m2: bien.surfaceM2,
    niveaux: bien.levels,
    etat: PREMISES_CONDITION_LABELS[bien.condition],
    accessibilite: ACCESSIBILITY_LABELS[bien.accessibility],
    equipements: bien.utilities.map((utility) => UTILITY_LABELS[utility]).join(", "),
    disponible_du: bien.availableFrom,
    disponible_au: bien.availableUntil,
    type_occupation: OCCUPATION_TYPE_LABELS[bien.occupationType],
    redevance_mensuelle_eur: euros(bien.rentCents),
    reduction_utilite_sociale_pct: bien.socialUtilityReductionPercent,
    redevance_reduite_mensuelle_eur: euros(reducedRentCents(bien.rentCents, bien.socialUtilityReductionPercent)),
    charges_mensuelles_eur: euros(bien.chargesCents),
    date_limite_candidature: bien.callDeadline ? deadlineToIso(bien.callDeadline) : null,
    url: bien.pageUrl,
  };
}

const MONEY_COLUMNS: ReadonlySet<OpenDataColumn> = new Set([
  "redevance_mensuelle_eur",
  "redevance_reduite_mensuelle_eur",
  "charges_mensuelles_eur",
]);

/** One CSV field, quoted when needed (RFC 4180, plus ";" and edge spaces, see the module comment). */
export function csvField(value: string): string {
  return /[",;\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvValue(column: OpenDataColumn, value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return MONEY_COLUMNS.has(column) ? value.toFixed(2) : String(value);
  return value;
}

/** The CSV text of the public biens (see the module comment for the format). */
export function premisesToCsv(biens: readonly OpenDataPremises[], options: { bom?: boolean } = {}): string {
  const lines = [OPEN_DATA_COLUMNS.map((column) => csvField(column.name)).join(",")];
  for (const bien of biens) {
    if (!isPublicState(bien.state)) continue;
    const row = openDataRow(bien);
    lines.push(OPEN_DATA_COLUMNS.map((column) => csvField(csvValue(column.name, row[column.name]))).join(","));
  }
  return `${options.bom ? "\ufeff" : ""}${lines.join("\r\n")}\r\n`;
}

export type PremisesFeatureProperties = Omit<OpenDataRow, "latitude" | "longitude">;

export type PremisesFeature = {
  type: "Feature";
  id: string;
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: PremisesFeatureProperties;
};

export type PremisesFeatureCollection = { type: "FeatureCollection"; features: PremisesFeature[] };

/** The GeoJSON FeatureCollection of the public, geocoded biens (see the module comment). */
export function premisesToGeoJson(biens: readonly OpenDataPremises[]): PremisesFeatureCollection {
  const features: PremisesFeature[] = [];
  for (const bien of biens) {
    if (!isPublicState(bien.state)) continue;
    const { latitude, longitude, ...properties } = openDataRow(bien);
    if (latitude === null || longitude === null) continue;
    features.push({
      type: "Feature",
      id: bien.id,
      geometry: { type: "Point", coordinates: [longitude as number, latitude as number] },
      properties,
    });
  }
  return { type: "FeatureCollection", features };
}
