import { z } from "zod";

const pageParam = z.coerce.number().int().min(1).max(1_000_000);

/** The page asked for by `?page=` (or `param`; 1 without it); anything but a page number is a 400. */
export function readPageParam(request: Request, param = "page"): number {
  const raw = new URL(request.url).searchParams.get(param);
  if (raw === null) return 1;
  const parsed = pageParam.safeParse(raw);
  if (!parsed.success) throw new Response("Numéro de page invalide.", { status: 400 });
  return parsed.data;
}

/** A page past the last one is a 404 (the first page always exists, even empty). */
export function requireExistingPage(page: { page: number; pageCount: number }, message: string): void {
  if (page.page > page.pageCount) throw new Response(message, { status: 404 });
}
