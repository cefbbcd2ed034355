// The data of the convention d'occupation of an attributed bien, for the printable page and the PDF.
import type { DbOrTx } from "~/models/space-planning.server";
import { toPremisesRecord } from "~/models/premises.server";
import { buildConvention, type ConventionParty, type ConventionResult } from "~/domain/convention";

function partyAddress(organization: { address: string | null; postalCode: string | null; city: string | null }): string {
  const city = [organization.postalCode, organization.city].filter(Boolean).join(" ");
  return [organization.address, city].filter(Boolean).join(", ");
}

/** The convention of this collectivité's bien, built from the winning application; null when unknown. */
export async function loadConvention(db: DbOrTx, organizationId: string, premisesId: string): Promise<ConventionResult | null> {
  const bien = await db.premises.findFirst({
    where: { id: premisesId, organizationId },
    include: {
      organization: true,
      call: { include: { decision: true } },
    },
  });
  if (!bien) return null;
  const decision = bien.call?.decision;
  if (!decision) return { ok: false, message: "La convention se prépare une fois le bien attribué à une candidature." };
  const application = await db.premisesApplication.findUniqueOrThrow({
    where: { id: decision.winnerApplicationId },
    include: { organization: { include: { memberships: { where: { role: "ADMIN" }, include: { user: { select: { name: true } } }, take: 1 } } } },
  });
  const decider = await db.user.findUnique({ where: { id: decision.decidedByUserId }, select: { name: true } });
  const collectivite: ConventionParty = {
    name: bien.organization.name,
    legalForm: bien.organization.legalForm,
    siret: bien.organization.siret,
    address: partyAddress(bien.organization),
    representative: { name: decider?.name ?? "", role: "pour la collectivité, par délégation" },
  };
  const structure: ConventionParty = {
    name: application.organization.name,
    legalForm: application.organization.legalForm,
    siret: application.siret,
    address: partyAddress(application.organization),
    representative: { name: application.organization.memberships[0]?.user.name ?? "", role: "représentant·e légal·e" },
  };
  return buildConvention({
    premises: toPremisesRecord(bien),
    application: {
      activity: application.activity,
      desiredStart: application.desiredStart,
      durationMonths: application.durationMonths,
      maxRentCents: application.maxRentCents,
    },
    collectivite,
    structure,
  });
}
