// Demo territory for newcomers and end-to-end tests: never run against production data.
// `npm start` runs it when the database is empty; `npm run db:seed` runs it on demand
// (it does nothing if demo data is already there).
import { pathToFileURL } from "node:url";
import { createDb, type Db } from "~/db.server";
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
  });
}

// `tsx prisma/seed.ts`
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const db = createDb();
  const alreadySeeded = await isSeeded(db);
  await seedDemoData(db);
  console.log(alreadySeeded ? "Demo data already present: nothing to do." : "Demo territory seeded.");
  await db.$disconnect();
}
