// Whole answers of a few read-only pages, kept per address and Cookie header while the database
// has not changed since they were made (docs/decisions/0021-document-cache.md).
//
// A route takes part in two steps: its module says so (`handle.documentCache`), so the data
// version is read before any of the page's loaders; its loader then says until when the page
// stays true as time passes (`cacheDocumentUntil`: the session's end, the week's end…). An answer
// is kept only when both were said, it is a 200 and it sets no cookie. It is given again to the
// same address with the same Cookie header (so the same session and CSRF token) as long as the
// database's version is the one read before it was made and its time has not come.
import { gzipSync } from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import Negotiator from "negotiator";

type RouteObject = Parameters<typeof matchRoutes>[0][number];

export type DocumentCacheHandle = { documentCache?: boolean };

/** What a cacheable route's loader tells the cache, through the request's load context. */
export type DocumentCacheTicket = { until: number | null };

declare module "@remix-run/node" {
  interface AppLoadContext {
    documentCache?: DocumentCacheTicket;
  }
}

/**
 * Called by the loader of a route whose handle says `documentCache: true`: its page may be given
 * again until `until` (exclusive) if the database has not changed. Several calls keep the
 * earliest time. Without a document cache (tests, a direct call), nothing happens.
 */
export function cacheDocumentUntil(context: AppLoadContext | undefined, until: Date): void {
  const ticket = context?.documentCache;
  if (!ticket) return;
  ticket.until = ticket.until === null ? until.getTime() : Math.min(ticket.until, until.getTime());
}

type Entry = {
  version: string;
  until: number;
  status: number;
  headers: Array<[string, string]>;
  body: ArrayBuffer;
  /** The body gzipped, made the first time a browser asking for gzip is given the page. */
  gzipped?: ArrayBuffer;
  bytes: number;
};

/**
 * Whether an Accept-Encoding header takes gzip, negotiated as the `compression` middleware does
 * (negotiator: weights, "*", an explicit "gzip;q=0" over "*").
 */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  return new Negotiator({ headers: { "accept-encoding": acceptEncoding } }).encoding(["gzip"]) === "gzip";
}

export type RequestHandler = (request: Request, loadContext: AppLoadContext) => Promise<Response>;

export type DocumentCacheOptions = {
  routes: ServerBuild["routes"];
  /** A text that changes whenever anything committed in the database may have (app/models/data-version.server.ts). */
  readVersion: () => Promise<string>;
  /** Bodies and keys kept at most, in bytes; the least recently given answers go first. 0 turns the cache off. */
  maxBytes: number;
  now?: () => number;
};

/**
 * `read`, shared by the calls that wait for the same next read: a call made while a read is
 * under way waits for the one after it, which starts once that one ends. Each caller gets a
 * read that started after its call — so it sees every commit made before it asked, e.g. the
 * booking whose form redirected to this page — and one read is under way at a time. Under load
 * this turns one database round trip per page into one per round trip's worth of pages.
 */
export function readsStartedAfterEachCall<T>(read: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = () => {
    const reading = read();
    current = reading;
    const done = () => {
      if (current === reading) current = null;
    };
    reading.then(done, done);
    return reading;
  };
  return () => {
    if (next) return next;
    if (!current) return start();
    const queued = current.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next = null;
      return start();
    });
    next = queued;
    return queued;
  };
}

/** The header that says how a cacheable page was answered: `hit` (kept) or `miss` (made). */
export const DOCUMENT_CACHE_HEADER = "X-Document-Cache";

/** The build's routes as the router's tree (Remix builds the same one for every request). */
function routeTree(routes: ServerBuild["routes"], parentId: string | undefined): RouteObject[] {
  return Object.values(routes).flatMap((route): RouteObject[] => {
    if (!route || route.parentId !== parentId) return [];
    return route.index
      ? [{ id: route.id, path: route.path, index: true }]
      : [{ id: route.id, path: route.path, caseSensitive: route.caseSensitive, children: routeTree(routes, route.id) }];
  });
}

// Headers that belong to one answer, not to the page: a fresh one is given each time.
const PER_ANSWER_HEADERS = new Set(["date", "x-request-id", "set-cookie"]);

export function createDocumentCache({ routes, readVersion: readEachVersion, maxBytes, now = Date.now }: DocumentCacheOptions) {
  const tree = routeTree(routes, undefined);
  const readVersion = readsStartedAfterEachCall(readEachVersion);
  // Insertion order is recency: a hit moves its entry to the end, eviction starts at the front.
  const entries = new Map<string, Entry>();
  let bytes = 0;

  // Whether a path's route takes part, by path: matching costs a twentieth of a kept page's time.
  const cacheablePaths = new Map<string, boolean>();

  function isCacheablePath(pathname: string): boolean {
    let cacheable = cacheablePaths.get(pathname);
    if (cacheable === undefined) {
      const matches = matchRoutes(tree, pathname);
      const leafId = matches?.[matches.length - 1]?.route.id;
      cacheable = Boolean(leafId && (routes[leafId]?.module.handle as DocumentCacheHandle | undefined)?.documentCache);
      if (cacheablePaths.size >= 1000) cacheablePaths.clear();
      cacheablePaths.set(pathname, cacheable);
    }
    return cacheable;
  }

  function isCacheable(request: Request, url: URL): boolean {
    return maxBytes > 0 && request.method === "GET" && Boolean(request.headers.get("Cookie")) && isCacheablePath(url.pathname);
  }

  function remove(key: string) {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  function store(key: string, entry: Entry) {
    remove(key);
    if (entry.bytes > maxBytes) return;
    entries.set(key, entry);
    bytes += entry.bytes;
    for (const [oldest] of entries) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
  }

  /**
   * The kept answer, gzipped once for all the browsers that ask for it: compressing a week page
   * again on every answer (the `compression` middleware, which leaves an encoded body alone)
   * would cost more than giving it.
   */
  function answer(key: string, entry: Entry, outcome: "hit" | "miss", request: Request): Response {
    const headers = new Headers(entry.headers);
    headers.set(DOCUMENT_CACHE_HEADER, outcome);
    headers.append("Vary", "Accept-Encoding");
    if (!acceptsGzip(request.headers.get("Accept-Encoding"))) return new Response(entry.body, { status: entry.status, headers });
    if (!entry.gzipped) {
      const gzipped = gzipSync(new Uint8Array(entry.body));
      entry.gzipped = gzipped.buffer.slice(gzipped.byteOffset, gzipped.byteOffset + gzipped.byteLength) as ArrayBuffer;
      // Counted with its entry, which may now be too large to stay (it is answered all the same).
      if (entries.get(key) === entry) store(key, { ...entry, bytes: entry.bytes + gzipped.byteLength });
    }
    headers.set("Content-Encoding", "gzip");
    headers.set("Content-Length", String(entry.gzipped.byteLength));
    return new Response(entry.gzipped, { status: entry.status, headers });
  }

  return {
    /** Answers from the cache when it may, else with `next`, keeping its answer when allowed. */
    async handle(request: Request, loadContext: AppLoadContext, next: RequestHandler): Promise<Response> {
      const url = new URL(request.url);
      if (!isCacheable(request, url)) return next(request, loadContext);
      // The whole address, host included: a page may one day show absolute links.
      const key = `${url.origin}${url.pathname}${url.search}\n${request.headers.get("Cookie")}`;
      // Read before anything the page shows: a commit after this changes the version, so an
      // answer made from newer data is never kept under an older version, only wasted.
      const version = await readVersion();
      const kept = entries.get(key);
      if (kept && kept.version === version && now() < kept.until) {
        entries.delete(key);
        entries.set(key, kept);
        return answer(key, kept, "hit", request);
      }
      remove(key);
      const ticket: DocumentCacheTicket = { until: null };
      const response = await next(request, { ...loadContext, documentCache: ticket });
      if (response.status !== 200 || response.headers.has("Set-Cookie") || ticket.until === null || ticket.until <= now()) {
        return response;
      }
      const body = await response.arrayBuffer();
      const headers = [...response.headers].filter(([name]) => !PER_ANSWER_HEADERS.has(name.toLowerCase()));
      const entry: Entry = { version, until: ticket.until, status: response.status, headers, body, bytes: body.byteLength + key.length };
      store(key, entry);
      return answer(key, entry, "miss", request);
    },
    /** What is kept, for tests and logs. */
    stats: () => ({ entries: entries.size, bytes }),
  };
}

export type DocumentCache = ReturnType<typeof createDocumentCache>;
