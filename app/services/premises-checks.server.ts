// The outgoing checks of the premises feature, with their persistence: BAN geocoding of a bien
// and the SIRET check of an application. Both are best effort: the caller has already saved.
import type { Db } from "~/db.server";
import { geocodeAddress, type HttpOptions } from "~/services/address-geocoding.server";
import { lookupCompanyBySiret } from "~/services/company-registry.server";
import {
  geocodingQuery,
  listPremisesAwaitingGeocoding,
  recordGeocoding,
} from "~/models/premises.server";
import { listApplicationsAwaitingSiretCheck, recordSiretCheck } from "~/models/premises-call.server";
import { logger } from "~/utils/logger.server";

export async function geocodePremises(db: Db, premisesId: string, at: Date, options?: HttpOptions) {
  const bien = await db.premises.findUniqueOrThrow({ where: { id: premisesId }, select: { addressLine: true, postalCode: true, commune: true } });
  const result = await geocodeAddress(geocodingQuery(bien), options);
  if (result.status === "UNAVAILABLE") logger.warn({ premisesId, reason: result.reason }, "BAN geocoding unavailable; will retry");
  return recordGeocoding(db, premisesId, result, at);
}

export async function verifyApplicationSiret(db: Db, applicationId: string, at: Date, options?: HttpOptions) {
  const application = await db.premisesApplication.findUniqueOrThrow({ where: { id: applicationId }, select: { siret: true } });
  const result = await lookupCompanyBySiret(application.siret, options);
  if (result.status === "UNAVAILABLE") logger.warn({ applicationId, reason: result.reason }, "Company registry unavailable; will retry");
  return recordSiretCheck(db, applicationId, result, at);
}

/** Retries what failed because an API was down (npm run premises:retry, or a cron). */
export async function retryPendingPremisesChecks(db: Db, at: Date, options?: HttpOptions) {
  let geocoded = 0;
  let verified = 0;
  for (const bien of await listPremisesAwaitingGeocoding(db)) {
    const { geocodingStatus } = await geocodePremises(db, bien.id, at, options);
    if (geocodingStatus === "OK") geocoded += 1;
  }
  for (const application of await listApplicationsAwaitingSiretCheck(db)) {
    const { siretStatus } = await verifyApplicationSiret(db, application.id, at, options);
    if (siretStatus === "VERIFIED") verified += 1;
  }
  return { geocoded, verified };
}
