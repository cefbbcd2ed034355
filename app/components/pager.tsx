import { Link, useLocation } from "@remix-run/react";
import { pageSearch } from "~/domain/pagination";

/**
 * Previous / next links of a paginated list, keeping the list's other parameters (its filters).
 * Nothing when everything fits on one page.
 */
export function Pager({
  label,
  page,
  pageCount,
  previous,
  next,
  param = "page",
}: {
  label: string;
  page: number;
  pageCount: number;
  previous: string;
  next: string;
  /** The query parameter of this list's page, when a page shows two lists. */
  param?: string;
}) {
  const { pathname, search } = useLocation();
  if (pageCount <= 1) return null;
  const href = (n: number) => `${pathname}${pageSearch(search, n, param)}`;
  return (
    <nav aria-label={label}>
      <p>
        {page > 1 ? (
          <Link to={href(page - 1)} rel="prev">
            ← {previous}
          </Link>
        ) : null}{" "}
        <span>
          Page {page} sur {pageCount}
        </span>{" "}
        {page < pageCount ? (
          <Link to={href(page + 1)} rel="next">
            {next} →
          </Link>
        ) : null}
      </p>
    </nav>
  );
}
