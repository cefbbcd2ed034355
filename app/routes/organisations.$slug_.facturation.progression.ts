// GET /organisations/:slug/facturation/progression?run=<id>: the progress of a billing run
// started from the billing page, polled while its POST runs.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readRunProgress } from "~/models/billing-progress.server";
import { requireScicManager } from "~/utils/scic-access.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const runId = new URL(request.url).searchParams.get("run") ?? "";
  const progress = readRunProgress(runId, access.organization.id) ?? { events: [], done: false };
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
}
