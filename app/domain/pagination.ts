// Lists that grow without end (a SCIC's invoices, an organisation's journal) are read a page at
// a time: a network billing 2,000 organisations issues 24,000 invoices a year (issue 7).

/** Rows per page of the paginated lists. */
export const PAGE_SIZE = 50;

/** How many pages `total` rows fill; an empty list still has its one (empty) page. */
export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** How many rows come before page `page` (numbered from 1). */
export function pageOffset(page: number, pageSize = PAGE_SIZE): number {
  return (page - 1) * pageSize;
}

/**
 * One page of a list already in memory (a list computed from a whole ledger), as the paginated
 * queries answer: its rows, the page, the page count and the total.
 */
export function pageOf<Row>(rows: readonly Row[], page: number, pageSize = PAGE_SIZE) {
  const offset = pageOffset(page, pageSize);
  return { rows: rows.slice(offset, offset + pageSize), total: rows.length, page, pageCount: pageCount(rows.length, pageSize) };
}

/**
 * The query string of page `page` of the list at `search`: its other parameters (filters, the
 * page of another list on the same page) kept, page 1 without its parameter (`param`, "page"
 * unless a page shows two lists), so that its address is the list's own.
 */
export function pageSearch(search: string, page: number, param = "page"): string {
  const params = new URLSearchParams(search);
  if (page <= 1) params.delete(param);
  else params.set(param, String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}
