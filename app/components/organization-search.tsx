// The search by name that narrows the organisations a SCIC's page offers (a network holds
// thousands: a list of them all is unusable and costly). A GET form: the page's address keeps
// the search, and it works without JavaScript.
import { Form } from "@remix-run/react";

export const ORGANIZATION_SEARCH_PARAM = "organisation";

/** The search asked in the page's address (empty when none). */
export function organizationSearchOf(request: Request): string {
  return (new URL(request.url).searchParams.get(ORGANIZATION_SEARCH_PARAM) ?? "").slice(0, 100);
}

export function OrganizationSearch({
  id,
  label,
  query,
  shown,
  total,
  keep = {},
}: {
  id: string;
  label: string;
  query: string;
  /** How many organisations the page offers, of `total` matching the search. */
  shown: number;
  total: number;
  /** Other parameters of the page's address that the search keeps (e.g. the register's date). */
  keep?: Record<string, string>;
}) {
  const statusId = `${id}-status`;
  const status =
    total === 0
      ? `Aucune organisation ne correspond à « ${query} ».`
      : shown < total
        ? `${shown} organisations proposées sur ${total}${query ? ` correspondant à « ${query} »` : ""} : précisez le nom pour trouver les autres.`
        : query
          ? `${total === 1 ? "Une organisation correspond" : `${total} organisations correspondent`} à « ${query} ».`
          : `${total === 1 ? "Une organisation proposée" : `Les ${total} organisations de la plateforme sont proposées`}.`;
  return (
    <Form method="get" className="form" role="search" aria-label={label}>
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} name={ORGANIZATION_SEARCH_PARAM} type="search" defaultValue={query} maxLength={100} aria-describedby={statusId} />
        <p id={statusId} className="hint" role="status">
          {status}
        </p>
      </div>
      <div>
        <button type="submit">Chercher</button>
      </div>
    </Form>
  );
}
