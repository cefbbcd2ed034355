// GET /organisations/:slug/avantages-en-nature.csv?annee=YYYY — value of in-kind support per organisation.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { inKindCsv } from "~/domain/invoice-export";
import { instantToParis } from "~/domain/time";
import { inKindSupport } from "~/models/billing.server";
import { csvResponse, requireScicManager } from "~/utils/scic-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const param = new URL(request.url).searchParams.get("annee");
  if (param !== null && !/^\d{4}$/.test(param)) throw new Response("L'année doit comporter 4 chiffres.", { status: 400 });
  const year = param === null ? Number(instantToParis(new Date()).slice(0, 4)) : Number(param);
  const rows = await inKindSupport(db, { scicId: access.organization.id, year });
  return csvResponse(inKindCsv(rows), `avantages-en-nature-${access.organization.slug}-${year}.csv`);
}
