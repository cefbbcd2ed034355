// GET /compte/donnees.json: the logged-in person's data export (RGPD right of access).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { exportPersonalData } from "~/models/account.server";
import { requireUser } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await exportPersonalData(db, { userId: user.id });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="mes-donnees-tiers-lieux.json"',
      "Cache-Control": "no-store",
    },
  });
}
