// `npm run billing -- --month 2027-01 [--scic <slug>]`: the monthly billing run, for a cron on the
// 1st of each month. Bills every SCIC (or the one named) for the Paris month; idempotent, so it
// can be re-run after a failure. Exit code 1 when an organisation could not be billed.
import { parseArgs } from "node:util";
import { createDb } from "~/db.server";
import { formatEuros } from "~/domain/pricing";
import { isBillingMonth, runMonthlyBilling } from "~/models/billing.server";

const { values } = parseArgs({ options: { month: { type: "string" }, scic: { type: "string" } } });
if (!values.month || !isBillingMonth(values.month)) {
  console.error("Usage : npm run billing -- --month AAAA-MM [--scic <slug>]");
  process.exit(2);
}
const month = values.month;

const db = createDb();
let failures = 0;
try {
  const scics = await db.organization.findMany({
    where: { kind: "SCIC", ...(values.scic ? { slug: values.scic } : {}) },
    select: { id: true, slug: true, name: true },
    orderBy: { slug: "asc" },
  });
  if (values.scic && scics.length === 0) {
    console.error(`Aucune SCIC « ${values.scic} ».`);
    process.exit(2);
  }
  for (const scic of scics) {
    console.log(`${scic.name} — facturation de ${month}`);
    const summary = await runMonthlyBilling(db, {
      scicId: scic.id,
      month,
      now: new Date(),
      onProgress: (event) => {
        if (event.kind === "created") console.log(`  + ${event.number} ${event.organizationName} : ${formatEuros(event.totalTtcCents)} TTC`);
        else if (event.kind === "skipped") console.log(`  = ${event.organizationName} : ${event.reason}`);
        else console.log(`  ! ${event.organizationName} : ${event.errors.join(" ")}`);
      },
    });
    failures += summary.failed.length;
    console.log(
      `  ${summary.created.length} facture(s) créée(s), ${summary.skipped.length} déjà facturée(s), ` +
        `${summary.failed.length} en erreur ; total ${formatEuros(summary.totalHtCents)} HT, ${formatEuros(summary.totalTtcCents)} TTC.`,
    );
  }
} finally {
  await db.$disconnect();
}
process.exit(failures > 0 ? 1 : 0);
