// GET /organisations/:slug/societaires/registre.csv?date=YYYY-MM-DD — the register of associates.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { instantToParis, isLocalDate, localDate } from "~/domain/time";
import { registerCsvAt } from "~/models/cooperative.server";
import { csvResponse, requireScicManager } from "~/utils/scic-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const param = new URL(request.url).searchParams.get("date");
  if (param !== null && !isLocalDate(param)) throw new Response("La date doit être au format AAAA-MM-JJ.", { status: 400 });
  const date = param ?? localDate(instantToParis(new Date()));
  return csvResponse(await registerCsvAt(db, { scicId: access.organization.id, date }), `registre-associes-${access.organization.slug}-${date}.csv`);
}
