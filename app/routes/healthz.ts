import { json } from "@remix-run/node";
import { db } from "~/db.server";

// For load balancers and monitoring: 200 when the database answers, 503 otherwise.
export async function loader() {
  try {
    await db.$queryRaw`SELECT 1`;
    return json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("healthz: database unreachable", error instanceof Error ? error.message : error);
    return json({ status: "error", database: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
