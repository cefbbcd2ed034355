// Open data: the public biens with coordinates as GeoJSON (RFC 7946).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { GEOJSON_MEDIA_TYPE, premisesToGeoJson } from "~/domain/open-data";
import { listOpenDataPremises } from "~/models/premises.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const biens = await listOpenDataPremises(db, new URL(request.url).origin);
  return new Response(JSON.stringify(premisesToGeoJson(biens)), {
    headers: {
      "Content-Type": GEOJSON_MEDIA_TYPE,
      "Content-Disposition": 'inline; filename="biens.geojson"',
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
