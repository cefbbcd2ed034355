// Open data: the public biens as CSV (RFC 4180, UTF-8), columns described in app/domain/open-data.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { CSV_MEDIA_TYPE, premisesToCsv } from "~/domain/open-data";
import { listOpenDataPremises } from "~/models/premises.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const biens = await listOpenDataPremises(db, new URL(request.url).origin);
  return new Response(premisesToCsv(biens), {
    headers: {
      "Content-Type": CSV_MEDIA_TYPE,
      "Content-Disposition": 'inline; filename="biens.csv"',
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
