// GET /organisations/:slug/societaires/colleges.csv?date=YYYY-MM-DD — the summary per collège.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { instantToParis, isLocalDate, localDate } from "~/domain/time";
import { collegeSummaryCsvAt } from "~/models/cooperative.server";
import { csvResponse, requireScicManager } from "~/utils/scic-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const param = new URL(request.url).searchParams.get("date");
  if (param !== null && !isLocalDate(param)) throw new Response("La date doit être au format AAAA-MM-JJ.", { status: 400 });
  const date = param ?? localDate(instantToParis(new Date()));
  return csvResponse(await collegeSummaryCsvAt(db, { scicId: access.organization.id, date }), `colleges-${access.organization.slug}-${date}.csv`);
}
