// Any /api/… address no route answers: a JSON 404 in French rather than the HTML error page,
// whatever the method. More specific API routes always win over this splat.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi, notFound } from "~/utils/api-http.server";

const unknownAddress = () => handleApi(async () => notFound("Cette adresse de l'API n'existe pas : voir la documentation (docs/api.md)."));

export function loader(_args: LoaderFunctionArgs) {
  return unknownAddress();
}

export function action(_args: ActionFunctionArgs) {
  return unknownAddress();
}
