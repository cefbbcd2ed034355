// Biens, calls and applications for the premises tests, on top of the demo data (prisma/seed.ts).
import type { Db } from "~/db.server";
import { premisesSchema, type PremisesInput } from "~/domain/premises";
import { applicationSchema, callSchema, type ApplicationInput, type CallInput } from "~/domain/calls";
import { createPremises } from "~/models/premises.server";
import { saveCall, submitApplication } from "~/models/premises-call.server";

export const COLLECTIVITE = "ville-de-bellerive";
export const STRUCTURE = "savoirs-partages";
export const OTHER_STRUCTURE = "velo-solidaire";

/** The need form of a structure looking for a workshop near Bellerive (the demo's collectivité): fields as posted. */
export const WORKSHOP_NEED_FORM = {
  intent: "save",
  kinds: ["WORKSHOP"],
  surfaceMinM2: "50",
  surfaceMaxM2: "200",
  communesText: "Bellerive-sur-Loire (44999)",
  budgetMaxEuros: "500",
  availableFrom: "2027-06-01",
  peopleCount: "4",
  description: "Atelier de réparation de vélos.",
};

export function premisesInput(overrides: Partial<PremisesInput> = {}): PremisesInput {
  return {
    title: "Ancienne poste du centre",
    description: "Rez-de-chaussée lumineux, vitrine sur la place.",
    kind: "GROUND_FLOOR_SHOP",
    domain: "PRIVATE",
    address: { line: "12 rue des Lilas", postalCode: "44400", commune: "Bellerive-sur-Loire" },
    surfaceM2: 120,
    levels: 1,
    condition: "TO_REFRESH",
    accessibility: "ACCESSIBLE",
    utilities: ["ELECTRICITY", "WATER"],
    availableFrom: "2027-04-01",
    availableUntil: "2029-03-31",
    occupationType: "TEMPORARY_OCCUPATION",
    rentCents: 60000,
    chargesCents: 10000,
    socialUtilityReductionPercent: 50,
    insuranceRequired: true,
    worksAllowed: "LIGHT",
    otherConditions: "",
    visits: ["2027-03-10T14:00"],
    ...overrides,
  };
}

export function callInput(overrides: Partial<CallInput> = {}): CallInput {
  return {
    deadline: "2027-03-31T12:00",
    criteria: [
      { id: "utilite", label: "Utilité sociale", weight: 60 },
      { id: "viabilite", label: "Viabilité économique", weight: 40 },
    ],
    requiredDocuments: [],
    ...overrides,
  };
}

export const SOCIAL_UTILITY =
  "Notre association accompagne chaque semaine plus de cent habitants du quartier : ateliers numériques, " +
  "soutien scolaire et cafés des savoirs gratuits. Le local permettrait d'ouvrir un lieu ressource accessible à toutes et tous.";

export function applicationInput(overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    siret: "81234567800013",
    project: "Un lieu ressource de quartier : ateliers numériques, soutien scolaire et café associatif ouvert à tous.",
    activity: "Ateliers et permanences",
    peopleInvolved: 6,
    desiredStart: "2027-05-01",
    durationMonths: 24,
    maxRentCents: 40000,
    socialUtilityStatement: SOCIAL_UTILITY,
    attachments: [],
    ...overrides,
  };
}

export async function organizationId(db: Db, slug: string): Promise<string> {
  return (await db.organization.findUniqueOrThrow({ where: { slug }, select: { id: true } })).id;
}

export async function userId(db: Db, email: string): Promise<string> {
  return (await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

/** A draft bien of the demo collectivité, with its call. */
export async function draftPremises(db: Db, overrides: Partial<PremisesInput> = {}, call: Partial<CallInput> = {}) {
  const owner = await organizationId(db, COLLECTIVITE);
  const { id } = await createPremises(db, owner, premisesSchema.parse(premisesInput(overrides)));
  const saved = await saveCall(db, owner, id, callSchema.parse(callInput(call)));
  if (!saved.ok) throw new Error(saved.message);
  return { id, owner };
}

/** Publishes a draft directly (state + history), as the lifecycle action does. */
export async function publishDirectly(db: Db, premisesId: string, actorId: string, at: Date) {
  await db.premises.update({ where: { id: premisesId }, data: { state: "PUBLISHED" } });
  await db.premisesStateChange.create({
    data: { premisesId, event: "PUBLISH", fromState: "DRAFT", toState: "PUBLISHED", actorUserId: actorId, actorName: "Sophie Lefèvre", at },
  });
}

export async function applyAs(db: Db, slug: string, premisesId: string, at: Date, overrides: Partial<ApplicationInput> = {}) {
  const structureId = await organizationId(db, slug);
  const membership = await db.membership.findFirstOrThrow({ where: { organizationId: structureId }, select: { userId: true } });
  const result = await submitApplication(db, {
    structureId,
    userId: membership.userId,
    premisesId,
    application: applicationSchema.parse(applicationInput(overrides)),
    attachments: [],
    at,
  });
  if (!result.ok) throw new Error(result.messages.join(" "));
  return result.applicationId;
}
