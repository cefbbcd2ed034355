// BAN geocoding and SIRET verification against msw: the real answers, the APIs down, slow or
// answering garbage. Saving never depends on them; failures are retried later.
import { setupServer } from "msw/node";
import { db } from "~/db.server";
import { geocodeAddress } from "~/services/address-geocoding.server";
import { lookupCompanyBySiret } from "~/services/company-registry.server";
import { geocodePremises, retryPendingPremisesChecks, verifyApplicationSiret } from "~/services/premises-checks.server";
import { MAX_GEOCODING_ATTEMPTS } from "~/models/premises.server";
import { seedDemoData } from "../../prisma/seed";
import {
  banDown,
  banGarbage,
  banNetworkError,
  banSlow,
  banWrongShape,
  premisesApiHandlers,
  registryDown,
  registryGarbage,
  registryNetworkError,
  registrySlow,
  registryWrongShape,
} from "../mocks/handlers";
import { applyAs, draftPremises, organizationId, publishDirectly, STRUCTURE, OTHER_STRUCTURE, userId } from "../helpers/premises-fixtures";

const server = setupServer(...premisesApiHandlers);
const NOW = new Date("2027-03-01T09:00:00Z");

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await seedDemoData(db);
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe("API Adresse client", () => {
  it("returns the coordinates and the INSEE code of a known address", async () => {
    const result = await geocodeAddress("12 rue des Lilas 44400 Bellerive-sur-Loire");
    expect(result).toEqual({
      status: "FOUND",
      address: {
        latitude: 47.2184,
        longitude: -1.5536,
        inseeCode: "44999",
        label: "12 Rue des Lilas 44400 Bellerive-sur-Loire",
        city: "Bellerive-sur-Loire",
        postalCode: "44400",
        score: 0.93,
      },
    });
  });

  it("returns NOT_FOUND for an unknown address", async () => {
    expect(await geocodeAddress("1 chemin de nulle part 99999 Inconnue")).toEqual({ status: "NOT_FOUND" });
  });

  it.each([
    ["a 5xx", banDown, "erreur HTTP 503"],
    ["garbage instead of JSON", banGarbage, "réponse illisible (JSON invalide)"],
    ["JSON of the wrong shape", banWrongShape, "réponse illisible de l'API Adresse"],
    ["a network error", banNetworkError, "service injoignable"],
  ])("returns UNAVAILABLE on %s", async (_case, handler, reason) => {
    server.use(handler);
    expect(await geocodeAddress("12 rue des Lilas")).toEqual({ status: "UNAVAILABLE", reason });
  });

  it("gives up after its timeout", async () => {
    server.use(banSlow(500));
    expect(await geocodeAddress("12 rue des Lilas", { timeoutMs: 50 })).toEqual({ status: "UNAVAILABLE", reason: "délai de réponse dépassé" });
  });
});

describe("API Recherche d'entreprises client", () => {
  it("returns the legal name, address, NAF code, legal form and ESS status", async () => {
    expect(await lookupCompanyBySiret("81234567800013")).toEqual({
      status: "FOUND",
      company: {
        siret: "81234567800013",
        siren: "812345678",
        legalName: "SAVOIRS PARTAGES",
        address: "4 ALLEE DES TILLEULS 44400 BELLERIVE-SUR-LOIRE",
        nafCode: "85.59B",
        legalFormCode: "9220",
        ess: true,
      },
    });
  });

  it("returns NOT_FOUND for a SIRET the registry does not know", async () => {
    expect(await lookupCompanyBySiret("73282932000074")).toEqual({ status: "NOT_FOUND" });
  });

  it.each([
    ["a 5xx", registryDown, "erreur HTTP 502"],
    ["truncated JSON", registryGarbage, "réponse illisible (JSON invalide)"],
    ["JSON of the wrong shape", registryWrongShape, "réponse illisible de l'API Recherche d'entreprises"],
    ["a network error", registryNetworkError, "service injoignable"],
  ])("returns UNAVAILABLE on %s", async (_case, handler, reason) => {
    server.use(handler);
    expect(await lookupCompanyBySiret("81234567800013")).toEqual({ status: "UNAVAILABLE", reason });
  });

  it("gives up after its timeout", async () => {
    server.use(registrySlow(500));
    expect(await lookupCompanyBySiret("81234567800013", { timeoutMs: 50 })).toEqual({ status: "UNAVAILABLE", reason: "délai de réponse dépassé" });
  });
});

describe("geocoding a saved bien", () => {
  it("stores the coordinates and the INSEE code", async () => {
    const { id } = await draftPremises(db);
    expect((await geocodePremises(db, id, NOW)).geocodingStatus).toBe("OK");
    const bien = await db.premises.findUniqueOrThrow({ where: { id } });
    expect([bien.latitude, bien.longitude, bien.inseeCode, bien.geocodingAttempts]).toEqual([47.2184, -1.5536, "44999", 1]);
  });

  it("keeps the bien pending while the API is down, then the retry geocodes it", async () => {
    const { id } = await draftPremises(db, { title: "Entrepôt du quai", address: { line: "5 quai de la Loire", postalCode: "44400", commune: "Bellerive-sur-Loire" } });
    server.use(banDown);
    expect((await geocodePremises(db, id, NOW)).geocodingStatus).toBe("PENDING");
    server.resetHandlers();
    await retryPendingPremisesChecks(db, NOW);
    const bien = await db.premises.findUniqueOrThrow({ where: { id } });
    expect([bien.geocodingStatus, bien.inseeCode, bien.geocodingAttempts]).toEqual(["OK", "44999", 2]);
  });

  it("marks an unknown address FAILED at once and stops retrying after repeated outages", async () => {
    const unknown = await draftPremises(db, { address: { line: "1 chemin de nulle part", postalCode: "44400", commune: "Bellerive-sur-Loire" } });
    expect((await geocodePremises(db, unknown.id, NOW)).geocodingStatus).toBe("FAILED");

    const { id } = await draftPremises(db, { address: { line: "5 quai de la Loire", postalCode: "44400", commune: "Bellerive-sur-Loire" } });
    server.use(banGarbage);
    const statuses = [];
    for (let attempt = 0; attempt < MAX_GEOCODING_ATTEMPTS; attempt += 1) statuses.push((await geocodePremises(db, id, NOW)).geocodingStatus);
    expect(statuses).toEqual([...Array(MAX_GEOCODING_ATTEMPTS - 1).fill("PENDING"), "FAILED"]);
  });
});

describe("verifying the SIRET of an application", () => {
  async function openBien() {
    const { id } = await draftPremises(db);
    await publishDirectly(db, id, await userId(db, "patrimoine@ville-bellerive.fr"), NOW);
    return id;
  }

  it("verifies a known SIRET and marks an ESS structure essVerified", async () => {
    const premisesId = await openBien();
    const applicationId = await applyAs(db, STRUCTURE, premisesId, NOW);
    expect((await verifyApplicationSiret(db, applicationId, NOW)).siretStatus).toBe("VERIFIED");
    const application = await db.premisesApplication.findUniqueOrThrow({ where: { id: applicationId } });
    expect(JSON.parse(application.siretData ?? "{}")).toMatchObject({ legalName: "SAVOIRS PARTAGES", nafCode: "85.59B", legalFormCode: "9220", ess: true });
    const structure = await db.organization.findUniqueOrThrow({ where: { id: await organizationId(db, STRUCTURE) } });
    expect(structure.essVerified).toBe(true);
  });

  it("does not mark essVerified when the registry says the structure is not ESS", async () => {
    const premisesId = await openBien();
    await db.organization.update({ where: { id: await organizationId(db, OTHER_STRUCTURE) }, data: { essVerified: false } });
    const applicationId = await applyAs(db, OTHER_STRUCTURE, premisesId, NOW, { siret: "84567891200039" });
    expect((await verifyApplicationSiret(db, applicationId, NOW)).siretStatus).toBe("VERIFIED");
    const structure = await db.organization.findUniqueOrThrow({ where: { id: await organizationId(db, OTHER_STRUCTURE) } });
    expect(structure.essVerified).toBe(false);
  });

  it("accepts the application as non vérifié when the registry is down or answers garbage, and the retry verifies it", async () => {
    const premisesId = await openBien();
    const applicationId = await applyAs(db, STRUCTURE, premisesId, NOW);
    for (const handler of [registryDown, registryGarbage]) {
      server.use(handler);
      expect((await verifyApplicationSiret(db, applicationId, NOW)).siretStatus).toBe("UNVERIFIED");
      server.resetHandlers();
    }
    const before = await db.premisesApplication.findUniqueOrThrow({ where: { id: applicationId } });
    expect([before.siretStatus, before.siretData, before.siretCheckAttempts]).toEqual(["UNVERIFIED", null, 2]);
    const { verified } = await retryPendingPremisesChecks(db, NOW);
    expect(verified).toBeGreaterThanOrEqual(1);
    expect((await db.premisesApplication.findUniqueOrThrow({ where: { id: applicationId } })).siretStatus).toBe("VERIFIED");
  });
});
