import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { destroyUserSession } from "~/utils/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  await requireCsrf(request, await readFormData(request));
  return destroyUserSession(request, "/");
}
