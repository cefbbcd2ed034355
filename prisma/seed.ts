// Demo territory for newcomers and end-to-end tests: never run against production data.
// `npm start` runs it when the database is empty; `npm run db:seed` runs it on demand
// (it does nothing if demo data is already there).
import { pathToFileURL } from "node:url";
import { createDb, type Db, type Prisma } from "~/db.server";
import { instantToParis, isoWeekday, localRangeToInstants } from "~/domain/time";
import { hashPassword } from "~/models/user.server";
import { hashToken } from "~/utils/tokens.server";

export const DEMO_PASSWORD = "demo-tiers-lieux";

export const DEMO_USERS = {
  scicAdmin: { email: "admin@fabrique-commune.fr", name: "Amina Benali" },
  scicManager: { email: "gestion@fabrique-commune.fr", name: "Julien Moreau" },
  structureAdmin: { email: "admin@savoirs-partages.fr", name: "Claire Dubois" },
  structureMember: { email: "membre@savoirs-partages.fr", name: "Lucas Martin" },
  collectiviteManager: { email: "patrimoine@ville-bellerive.fr", name: "Sophie Lefèvre" },
  collectiviteAdmin: { email: "admin@ville-bellerive.fr", name: "Marc Girard" },
  otherStructureMember: { email: "contact@velo-solidaire.fr", name: "Inès Rousseau" },
} as const;

/** Demo API tokens (clear values documented in the README); only their hashes are stored. */
export const DEMO_API_TOKENS = {
  structure: "demo-api-token-structure",
  scic: "demo-api-token-scic",
} as const;

const WEEKDAYS_8_TO_20 = JSON.stringify(
  Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ open: "08:00", close: "20:00" }]])),
);
const OPEN_SPACE_HOURS = JSON.stringify({
  ...Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ open: "08:30", close: "12:30" }, { open: "13:30", close: "19:00" }]])),
  6: [{ open: "09:00", close: "13:00" }],
});

export async function isSeeded(db: Db): Promise<boolean> {
  return (await db.organization.count()) > 0;
}

export async function seedDemoData(db: Db): Promise<void> {
  if (await isSeeded(db)) return;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    const users = Object.fromEntries(
      await Promise.all(
        Object.entries(DEMO_USERS).map(async ([key, user]) => [key, await tx.user.create({ data: { ...user, passwordHash } })]),
      ),
    ) as Record<keyof typeof DEMO_USERS, { id: string }>;

    const ville = await tx.organization.create({
      data: {
        slug: "ville-de-bellerive",
        name: "Ville de Bellerive-sur-Loire",
        kind: "COLLECTIVITE",
        legalForm: "Commune",
        siret: "21440999900015",
        address: "Place de la Mairie",
        postalCode: "44400",
        city: "Bellerive-sur-Loire",
        email: "patrimoine@ville-bellerive.fr",
        description: "Commune de 18 000 habitants qui ouvre ses locaux vacants à l'urbanisme transitoire.",
      },
    });
    const scic = await tx.organization.create({
      data: {
        slug: "fabrique-commune",
        name: "SCIC La Fabrique Commune",
        kind: "SCIC",
        legalForm: "SCIC SAS à capital variable",
        siret: "89912345600027",
        address: "12 rue des Halles",
        postalCode: "44400",
        city: "Bellerive-sur-Loire",
        email: "contact@fabrique-commune.fr",
        description: "Coopérative d'intérêt collectif qui anime le tiers-lieu des Halles : salles, ateliers, cuisine et open space.",
      },
    });
    const structures = await Promise.all(
      [
        {
          slug: "savoirs-partages",
          name: "Association Savoirs Partagés",
          legalForm: "Association loi 1901",
          siret: "81234567800013",
          address: "4 allée des Tilleuls",
          email: "contact@savoirs-partages.fr",
          description: "Ateliers d'alphabétisation et d'accompagnement numérique pour adultes.",
          essVerified: true,
        },
        {
          slug: "velo-solidaire",
          name: "Coopérative Vélo Solidaire",
          legalForm: "SCOP SARL",
          siret: "84567891200039",
          address: "27 quai de la Loire",
          email: "contact@velo-solidaire.fr",
          description: "Atelier coopératif de réparation de vélos et livraisons à vélo.",
          essVerified: true,
        },
        {
          slug: "regie-bords-de-loire",
          name: "Régie de quartier des Bords de Loire",
          legalForm: "Entreprise d'insertion (association)",
          siret: "79876543200041",
          address: "3 rue du Port",
          email: "accueil@regie-bords-de-loire.fr",
          description: "Entretien des espaces communs et chantiers d'insertion.",
          essVerified: false,
        },
      ].map((structure) =>
        tx.organization.create({ data: { ...structure, kind: "STRUCTURE", postalCode: "44400", city: "Bellerive-sur-Loire" } }),
      ),
    );
    const [savoirs, velo] = structures;

    await tx.membership.createMany({
      data: [
        { userId: users.scicAdmin.id, organizationId: scic.id, role: "ADMIN" },
        { userId: users.scicManager.id, organizationId: scic.id, role: "MANAGER" },
        { userId: users.structureAdmin.id, organizationId: savoirs.id, role: "ADMIN" },
        { userId: users.structureMember.id, organizationId: savoirs.id, role: "MEMBER" },
        { userId: users.collectiviteAdmin.id, organizationId: ville.id, role: "ADMIN" },
        { userId: users.collectiviteManager.id, organizationId: ville.id, role: "MANAGER" },
        { userId: users.otherStructureMember.id, organizationId: velo.id, role: "MEMBER" },
      ],
    });

    await tx.apiToken.createMany({
      data: [
        { organizationId: savoirs.id, name: "Jeton de démonstration", tokenHash: hashToken(DEMO_API_TOKENS.structure) },
        { organizationId: scic.id, name: "Jeton de démonstration", tokenHash: hashToken(DEMO_API_TOKENS.scic) },
      ],
    });

    const halles = await tx.site.create({
      data: {
        organizationId: scic.id,
        name: "Tiers-lieu des Halles",
        address: "12 rue des Halles",
        postalCode: "44400",
        city: "Bellerive-sur-Loire",
        description: "Ancienne halle du marché rénovée : rez-de-chaussée accessible, cour intérieure, parking vélos.",
      },
    });
    const room = { siteId: halles.id, organizationId: scic.id, kind: "ROOM" as const, openingHours: WEEKDAYS_8_TO_20 };
    await tx.space.create({
      data: {
        ...room,
        name: "Salle Olympe de Gouges",
        description: "Salle de réunion lumineuse au rez-de-chaussée.",
        capacity: 12,
        accessible: true,
        equipment: "Écran 65 pouces\nVisioconférence\nTableau blanc",
        bufferMinutes: 15,
      },
    });
    await tx.space.create({
      data: {
        ...room,
        name: "Atelier Louise Michel",
        description: "Atelier modulable pour formations et ateliers participatifs.",
        capacity: 20,
        accessible: true,
        equipment: "Vidéoprojecteur\nTables modulables\nÉvier",
      },
    });
    await tx.space.create({
      data: {
        ...room,
        name: "Cuisine partagée",
        description: "Cuisine professionnelle pour ateliers cuisine et traiteurs solidaires.",
        capacity: 8,
        accessible: false,
        equipment: "Piano de cuisson\nChambre froide\nLave-vaisselle professionnel",
        minDurationMinutes: 120,
        requiresApproval: true,
      },
    });
    await tx.space.create({
      data: {
        ...room,
        name: "Grande halle",
        description: "Espace événementiel sous la charpente métallique d'origine.",
        capacity: 80,
        accessible: true,
        equipment: "Sonorisation\nScène mobile\n80 chaises",
        minDurationMinutes: 120,
        requiresApproval: true,
        cancellationDeadlineHours: 168,
      },
    });
    await tx.space.create({
      data: {
        siteId: halles.id,
        organizationId: scic.id,
        kind: "DESK_POOL",
        name: "Open space — 12 postes",
        description: "Postes de travail partagés à l'étage, casiers et salle de pause.",
        capacity: 12,
        seats: 12,
        accessible: false,
        equipment: "Fibre optique\nÉcrans 24 pouces\nImprimante partagée",
        openingHours: OPEN_SPACE_HOURS,
        slotMinutes: 30,
        minDurationMinutes: 60,
      },
    });

    // Vacant premises of the collectivité (issue 6), published so that the public list, the
    // map and the open data show something; one open call; one need of a structure.
    const bienDefaults = {
      organizationId: ville.id,
      domain: "PRIVATE",
      postalCode: "44400",
      commune: "Bellerive-sur-Loire",
      inseeCode: "44999",
      geocodingStatus: "OK" as const,
      geocodingAttempts: 1,
      condition: "TO_REFRESH",
      accessibility: "PARTIAL",
      occupationType: "TEMPORARY_OCCUPATION",
      worksAllowed: "LIGHT",
      state: "PUBLISHED" as const,
    };
    const formerPostOffice = await tx.premises.create({
      data: {
        ...bienDefaults,
        title: "Ancienne poste du centre-bourg",
        description: "Rez-de-chaussée vitré sur la place, arrière-boutique et sanitaires.",
        kind: "GROUND_FLOOR_SHOP",
        addressLine: "12 rue des Lilas",
        latitude: 47.2184,
        longitude: -1.5536,
        surfaceM2: 120,
        levels: 1,
        accessibility: "ACCESSIBLE",
        utilities: JSON.stringify(["ELECTRICITY", "WATER", "HEATING", "SANITARY"]),
        availableFrom: "2027-04-01",
        availableUntil: "2030-03-31",
        rentCents: 60000,
        chargesCents: 10000,
        socialUtilityReductionPercent: 50,
        visits: JSON.stringify(["2027-03-10T14:00"]),
      },
    });
    await tx.premisesCall.create({
      data: {
        premisesId: formerPostOffice.id,
        deadline: "2099-03-31T12:00",
        criteria: JSON.stringify([
          { id: "utilite", label: "Utilité sociale du projet", description: "", weight: 50 },
          { id: "ancrage", label: "Ancrage dans le quartier", description: "", weight: 30 },
          { id: "viabilite", label: "Viabilité économique", description: "", weight: 20 },
        ]),
        requiredDocuments: JSON.stringify([]),
      },
    });
    const warehouse = await tx.premises.create({
      data: {
        ...bienDefaults,
        state: "UNDER_REVIEW",
        title: "Entrepôt du quai de la Loire",
        kind: "WAREHOUSE",
        addressLine: "5 quai de la Loire",
        latitude: 47.2131,
        longitude: -1.5489,
        surfaceM2: 450,
        levels: 1,
        condition: "WORKS_NEEDED",
        utilities: JSON.stringify(["ELECTRICITY"]),
        availableFrom: "2027-06-01",
        rentCents: 90000,
        chargesCents: 15000,
      },
    });
    const wasteland = await tx.premises.create({
      data: {
        ...bienDefaults,
        state: "UNDER_REVIEW",
        domain: "PUBLIC",
        title: "Friche des anciens jardins ouvriers",
        kind: "BARE_LAND",
        addressLine: "Chemin des Jardins",
        latitude: 47.2246,
        longitude: -1.5612,
        surfaceM2: 2500,
        levels: 0,
        condition: "SHELL",
        accessibility: "UNKNOWN",
        availableFrom: "2027-04-15",
        availableUntil: "2029-10-31",
        rentCents: 0,
        chargesCents: 0,
        worksAllowed: "WITH_APPROVAL",
      },
    });
    const publication = { event: "PUBLISH", fromState: "DRAFT" as const, toState: "PUBLISHED" as const, actorUserId: users.collectiviteManager.id, actorName: DEMO_USERS.collectiviteManager.name };
    await tx.premisesStateChange.create({ data: { ...publication, premisesId: formerPostOffice.id, at: new Date("2027-02-01T09:00:00Z") } });
    // The two others had their call closed at its deadline and are being reviewed.
    for (const bien of [warehouse, wasteland]) {
      await tx.premisesCall.create({
        data: {
          premisesId: bien.id,
          deadline: "2027-01-31T12:00",
          criteria: JSON.stringify([
            { id: "utilite", label: "Utilité sociale du projet", description: "", weight: 70 },
            { id: "viabilite", label: "Viabilité économique", description: "", weight: 30 },
          ]),
        },
      });
      await tx.premisesStateChange.createMany({
        data: [
          { ...publication, premisesId: bien.id, at: new Date("2026-12-01T09:00:00Z") },
          { ...publication, premisesId: bien.id, event: "CLOSE_CALL", fromState: "PUBLISHED", toState: "UNDER_REVIEW", at: new Date("2027-01-31T11:00:00Z") },
        ],
      });
    }
    await tx.premisesNeed.create({
      data: {
        organizationId: savoirs.id,
        status: "OPEN",
        kinds: JSON.stringify(["GROUND_FLOOR_SHOP", "ACTIVITY_PREMISES"]),
        surfaceMinM2: 60,
        surfaceMaxM2: 150,
        communes: JSON.stringify([{ name: "Bellerive-sur-Loire", inseeCode: "44999" }]),
        budgetMaxCents: 50000,
        availableFrom: "2027-06-01",
        sharedUseAcceptable: true,
        peopleCount: 8,
        accessibilityRequired: true,
        description: "Un lieu ressource ouvert au public : ateliers numériques et soutien scolaire.",
      },
    });

    await seedCooperativeAndBilling(tx, { scicId: scic.id, ville: ville.id, structures: structures.map((o) => o.id) });
    // Hundreds of rows in one transaction: Prisma's 5 s default is too short on a busy CI machine.
  }, { timeout: 120_000, maxWait: 60_000 });
}

// ==== SCIC members, pricing tiers and billing (issue 5) ====
// Collèges, associates, tiers, rate cards for the SCIC's spaces, and confirmed bookings of the
// PREVIOUS Paris month (relative to the day the seed runs) for several organisations and tiers,
// so `npm run billing -- --month <that month>` bills at once. Rows are written like
// insertSeries (app/models/booking.server.ts) does: createBooking refuses past dates.
async function seedCooperativeAndBilling(
  tx: Prisma.TransactionClient,
  { scicId, ville, structures }: { scicId: string; ville: string; structures: string[] },
): Promise<void> {
  const [savoirs, velo, regie] = structures;
  const colleges = new Map<string, string>();
  for (const [position, [name, weightBasisPoints]] of (
    [
      ["Salariés", 2000],
      ["Usagers", 3000],
      ["Bénévoles", 1500],
      ["Collectivités", 1500],
      ["Partenaires", 2000],
    ] as const
  ).entries()) {
    colleges.set(name, (await tx.college.create({ data: { scicId, name, weightBasisPoints, position } })).id);
  }
  const associate = async (name: string, college: string, kind: "PERSON" | "ORGANISATION", organizationId: string | null) =>
    (await tx.associate.create({ data: { scicId, name, kind, organizationId, collegeId: colleges.get(college) as string } })).id;
  const savoirsAssociate = await associate("Association Savoirs Partagés", "Usagers", "ORGANISATION", savoirs);
  const villeAssociate = await associate("Ville de Bellerive-sur-Loire", "Collectivités", "ORGANISATION", ville);
  const amina = await associate("Amina Benali", "Salariés", "PERSON", null);
  const benevole = await associate("Paul Lefèvre", "Bénévoles", "PERSON", null);
  const regieAssociate = await associate("Régie des Bords de Loire", "Partenaires", "ORGANISATION", regie);
  const subscription = (associateId: string, date: string, shares: number, paidOn: string | null) => ({
    scicId,
    kind: "SUBSCRIPTION" as const,
    associateId,
    date,
    shares,
    nominalValueCents: 5000,
    paidOn,
  });
  for (const movement of [
    subscription(amina, "2024-03-01", 4, "2024-03-01"),
    subscription(benevole, "2024-03-01", 1, "2024-03-15"),
    subscription(villeAssociate, "2024-06-10", 40, "2024-07-01"),
    subscription(savoirsAssociate, "2025-01-15", 10, "2025-02-01"),
    subscription(regieAssociate, "2025-09-01", 6, "2025-09-20"),
  ]) {
    await tx.shareMovement.create({ data: movement });
  }
  await tx.shareMovement.create({ data: { scicId, kind: "TRANSFER", associateId: amina, toAssociateId: benevole, date: "2025-06-01", shares: 1 } });

  const tier = async (name: string, role: "SOCIETAIRE" | "ESS" | "PUBLIC" | null, includedMinutesPerMonth: number, position: number) =>
    (await tx.pricingTier.create({ data: { scicId, name, role, includedMinutesPerMonth, position } })).id;
  const tiers = {
    societaire: await tier("Sociétaire", "SOCIETAIRE", 240, 0),
    ess: await tier("Structure ESS", "ESS", 0, 1),
    collectivite: await tier("Collectivité", null, 0, 2),
    public: await tier("Tarif public", "PUBLIC", 0, 3),
  };
  // Hour / half-day / day cents per tier; a desk also has a monthly flat per seat.
  const grid: Record<keyof typeof tiers, [number, number, number, number | null]> = {
    societaire: [1000, 3500, 6000, 12000],
    ess: [1500, 5000, 9000, 18000],
    collectivite: [2000, 6500, 12000, 22000],
    public: [2500, 8000, 15000, 25000],
  };
  const spaces = await tx.space.findMany({ where: { organizationId: scicId }, select: { id: true, name: true, kind: true } });
  for (const space of spaces) {
    const factor = space.name === "Grande halle" ? 3 : 1;
    for (const [key, tierId] of Object.entries(tiers) as Array<[keyof typeof tiers, string]>) {
      const [hour, halfDay, day, month] = grid[key];
      await tx.rateCard.create({
        data: {
          scicId,
          spaceId: space.id,
          tierId,
          hourCents: space.kind === "DESK_POOL" ? Math.round(hour / 4) : hour * factor,
          halfDayCents: space.kind === "DESK_POOL" ? Math.round(halfDay / 4) : halfDay * factor,
          dayCents: space.kind === "DESK_POOL" ? Math.round(day / 4) : day * factor,
          monthCents: space.kind === "DESK_POOL" ? month : null,
        },
      });
    }
  }
  await tx.billingSettings.create({
    data: { scicId, vatFranchise: true, paymentTermDays: 30, rcs: "RCS Nantes", cancellationPolicy: JSON.stringify({ kind: "PERCENT", percent: 50 }) },
  });
  await tx.tierOverride.create({
    data: { scicId, organizationId: ville, tierId: tiers.collectivite, reason: "Convention de partenariat avec la Ville (délibération du 12 mars 2025)." },
  });

  // Bookings of the previous Paris month, on its weekdays.
  const today = instantToParis(new Date()).slice(0, 10);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const previous = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
  const weekdays: string[] = [];
  for (let day = 1; day <= 28; day++) {
    const date = `${previous}-${String(day).padStart(2, "0")}`;
    if (isoWeekday(date) <= 5) weekdays.push(date);
  }
  const spaceId = (name: string) => spaces.find((s) => s.name === name)?.id as string;
  const book = async (
    organizationId: string,
    spaceName: string,
    title: string,
    slots: Array<{ day: number; from: string; to: string; late?: boolean }>,
    seats = 1,
  ) => {
    const space = spaces.find((s) => s.name === spaceName);
    const local = (day: number, time: string) => `${weekdays[day]}T${time}`;
    // One one-off booking per slot, stored as the booking model stores them (db:check agrees).
    for (const slot of slots) {
      const range = localRangeToInstants(local(slot.day, slot.from), local(slot.day, slot.to));
      if (!range.ok) throw new Error(range.message);
      const series = await tx.bookingSeries.create({
        data: {
          spaceId: spaceId(spaceName),
          organizationId,
          title,
          seats,
          status: slot.late ? "CANCELLED" : "CONFIRMED",
          localStart: local(slot.day, slot.from),
          localEnd: local(slot.day, slot.to),
          materializedUntil: new Date(),
          cancelledAt: slot.late ? new Date(range.startsAt.getTime() - 3 * 3_600_000) : null,
        },
      });
      await tx.occurrence.create({
        data: {
          seriesId: series.id,
          spaceId: spaceId(spaceName),
          organizationId,
          recurrenceId: local(slot.day, slot.from),
          localStart: local(slot.day, slot.from),
          localEnd: local(slot.day, slot.to),
          startsAt: range.startsAt,
          endsAt: range.endsAt,
          blockedUntil: new Date(range.endsAt.getTime() + (spaceName === "Salle Olympe de Gouges" ? 15 * 60_000 : 0)),
          seats,
          exclusive: space?.kind === "ROOM",
          status: slot.late ? "CANCELLED" : "CONFIRMED",
          cancelledAt: slot.late ? new Date(range.startsAt.getTime() - 3 * 3_600_000) : null,
          lateCancellation: slot.late ?? false,
        },
      });
    }
  };
  // Sociétaire (the Régie holds paid parts): 4 h included, then half-day/hour combinations,
  // on desks (2 seats). Savoirs partagés gets none: its demo bookings list stays the tests' own.
  await book(regie, "Open space — 12 postes", "Permanence", [
    { day: 1, from: "09:00", to: "12:00" },
    { day: 6, from: "09:00", to: "17:00" },
    { day: 11, from: "14:00", to: "18:00" },
  ], 2);
  // Structure ESS, with a late cancellation.
  await book(velo, "Atelier Louise Michel", "Atelier réparation", [
    { day: 2, from: "10:00", to: "12:00" },
    { day: 7, from: "10:00", to: "18:00" },
    { day: 12, from: "10:00", to: "12:00", late: true },
  ]);
  // Collectivité (manager's override).
  await book(ville, "Grande halle", "Forum des associations", [{ day: 14, from: "09:00", to: "18:00" }]);
}

// `tsx prisma/seed.ts`
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const db = createDb();
  const alreadySeeded = await isSeeded(db);
  await seedDemoData(db);
  console.log(alreadySeeded ? "Demo data already present: nothing to do." : "Demo territory seeded.");
  await db.$disconnect();
}
