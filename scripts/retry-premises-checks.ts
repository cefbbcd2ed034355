// `npm run premises:retry`: retries the BAN geocoding of biens and the SIRET checks of
// applications that failed because the API was down. Idempotent; run it hourly (cron…).
import { createDb } from "~/db.server";
import { retryPendingPremisesChecks } from "~/services/premises-checks.server";

const db = createDb();
try {
  const { geocoded, verified } = await retryPendingPremisesChecks(db, new Date());
  console.log(`Géocodage : ${geocoded} bien(s) géocodé(s) ; SIRET : ${verified} candidature(s) vérifiée(s).`);
} finally {
  await db.$disconnect();
}
