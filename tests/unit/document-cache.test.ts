// The document cache's rules (ADR 0021) on a made-up route table: which requests it may answer,
// what it keeps, when a kept page is given again and when it is not.
import { gunzipSync } from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import {
  acceptsGzip,
  cacheDocumentUntil,
  createDocumentCache,
  DOCUMENT_CACHE_HEADER,
  readsStartedAfterEachCall,
  type RequestHandler,
} from "~/utils/document-cache.server";

const routes = {
  root: { id: "root", path: "", module: {} },
  "routes/cached": { id: "routes/cached", parentId: "root", path: "kept/:id", module: { handle: { documentCache: true } } },
  "routes/plain": { id: "routes/plain", parentId: "root", path: "plain", module: {} },
  "routes/parent": { id: "routes/parent", parentId: "root", path: "parent", module: { handle: { documentCache: true } } },
  "routes/parent.child": { id: "routes/parent.child", parentId: "routes/parent", path: "child", module: {} },
} as unknown as ServerBuild["routes"];

const HOUR = 3_600_000;
const START = Date.parse("2027-03-01T09:00:00Z");

function setup({ maxBytes = 1_000_000 } = {}) {
  let version = "v1";
  let clock = START;
  let versionReads = 0;
  const calls: string[] = [];
  // A page that says it may be kept one hour, unless told otherwise by the test.
  let page: (request: Request, context: AppLoadContext) => Response = (request, context) => {
    cacheDocumentUntil(context, new Date(clock + HOUR));
    return new Response(`page ${new URL(request.url).pathname} #${calls.length}`, { headers: { "Content-Type": "text/html" } });
  };
  const handler: RequestHandler = async (request, context) => {
    calls.push(new URL(request.url).pathname);
    return page(request, context);
  };
  const cache = createDocumentCache({
    routes,
    maxBytes,
    now: () => clock,
    readVersion: async () => {
      versionReads++;
      return version;
    },
  });
  const get = async (path: string, cookie: string | null = "__session=alice", method = "GET", headers: Record<string, string> = {}) => {
    const response = await cache.handle(
      new Request(path.startsWith("http") ? path : `http://localhost${path}`, { method, headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } }),
      {},
      handler,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, outcome: response.headers.get(DOCUMENT_CACHE_HEADER), body: bytes.toString("utf8"), bytes, headers: response.headers };
  };
  return {
    cache,
    get,
    calls,
    setVersion: (next: string) => (version = next),
    advance: (ms: number) => (clock += ms),
    setPage: (next: typeof page) => (page = next),
    versionReads: () => versionReads,
  };
}

describe("the document cache", () => {
  it("gives a kept page again to the same address and cookie while the database has not changed", async () => {
    const { get, calls } = setup();
    const first = await get("/kept/1");
    const second = await get("/kept/1");
    expect([first.outcome, second.outcome]).toEqual(["miss", "hit"]);
    expect(second.body).toBe(first.body);
    expect(second.headers.get("Content-Type")).toBe("text/html");
    expect(calls).toEqual(["/kept/1"]);
  });

  it("keeps pages apart by address (host and query included) and Cookie header", async () => {
    const { get, calls } = setup();
    await get("/kept/1");
    await get("/kept/2");
    await get("/kept/1?semaine=2027-W10");
    await get("/kept/1", "__session=bob");
    await get("/kept/1", "__session=alice; csrf=other");
    await get("https://tiers-lieux.example/kept/1");
    expect(calls).toHaveLength(6);
    expect((await get("/kept/1?semaine=2027-W10")).outcome).toBe("hit");
    expect((await get("/kept/1", "__session=bob")).outcome).toBe("hit");
  });

  it("makes the page again once the database's version moved", async () => {
    const { get, calls, setVersion } = setup();
    await get("/kept/1");
    setVersion("v2");
    const after = await get("/kept/1");
    expect(after.outcome).toBe("miss");
    expect(calls).toHaveLength(2);
    expect((await get("/kept/1")).outcome).toBe("hit");
  });

  it("makes the page again once the time its loader gave has come", async () => {
    const { get, calls, advance } = setup();
    await get("/kept/1");
    advance(HOUR - 1);
    expect((await get("/kept/1")).outcome).toBe("hit");
    advance(1);
    expect((await get("/kept/1")).outcome).toBe("miss");
    expect(calls).toHaveLength(2);
  });

  it("keeps the earliest of the times a loader gave", async () => {
    const { get, calls, advance, setPage } = setup();
    setPage((_request, context) => {
      cacheDocumentUntil(context, new Date(START + 2 * HOUR));
      cacheDocumentUntil(context, new Date(START + 10 * 60_000));
      cacheDocumentUntil(context, new Date(START + 3 * HOUR));
      return new Response("page");
    });
    await get("/kept/1");
    advance(10 * 60_000 - 1);
    expect((await get("/kept/1")).outcome).toBe("hit");
    advance(1);
    // Made again, and not kept: its time has come already.
    expect((await get("/kept/1")).outcome).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it("keeps nothing the loader did not allow, nor errors, redirects, answers that set a cookie or are already out of time", async () => {
    const { get, calls, setPage } = setup();
    const pages: Array<(request: Request, context: AppLoadContext) => Response> = [
      () => new Response("no ticket"),
      (_request, context) => (cacheDocumentUntil(context, new Date(START + HOUR)), new Response("missing", { status: 404 })),
      (_request, context) => (cacheDocumentUntil(context, new Date(START + HOUR)), new Response(null, { status: 302, headers: { Location: "/connexion" } })),
      (_request, context) => (
        cacheDocumentUntil(context, new Date(START + HOUR)), new Response("new token", { headers: { "Set-Cookie": "csrf=fresh" } })
      ),
      (_request, context) => (cacheDocumentUntil(context, new Date(START)), new Response("already over")),
    ];
    for (const [index, next] of pages.entries()) {
      setPage(next);
      const first = await get("/kept/1");
      expect(first.outcome, `page ${index}`).toBeNull();
      await get("/kept/1");
      expect(calls, `page ${index}`).toHaveLength(2 * (index + 1));
    }
    expect(calls).toHaveLength(10);
  });

  it("lets other routes, other methods and requests without cookie through without reading the version", async () => {
    const { get, calls, versionReads } = setup();
    for (let round = 0; round < 2; round++) {
      expect((await get("/plain")).outcome).toBeNull();
      expect((await get("/parent/child")).outcome).toBeNull();
      expect((await get("/kept/1", null)).outcome).toBeNull();
      expect((await get("/kept/1", "__session=alice", "POST")).outcome).toBeNull();
      expect((await get("/nowhere")).outcome).toBeNull();
    }
    expect(calls).toHaveLength(10);
    expect(versionReads()).toBe(0);
  });

  it("forgets the pages given least recently when over its size, and keeps nothing when turned off", async () => {
    // Each entry: its body (about 14 bytes) and its key (about 40).
    const small = setup({ maxBytes: 120 });
    await small.get("/kept/1");
    await small.get("/kept/2");
    await small.get("/kept/1");
    await small.get("/kept/3");
    expect(small.cache.stats().entries).toBe(2);
    expect(small.cache.stats().bytes).toBeLessThanOrEqual(120);
    expect((await small.get("/kept/1")).outcome).toBe("hit");
    expect((await small.get("/kept/2")).outcome).toBe("miss");

    const off = setup({ maxBytes: 0 });
    await off.get("/kept/1");
    expect((await off.get("/kept/1")).outcome).toBeNull();
    expect(off.calls).toHaveLength(2);
    expect(off.versionReads()).toBe(0);
  });
});

describe("a kept page and compression", () => {
  it("is given gzipped, compressed once, to browsers that take gzip, and as it is to the others", async () => {
    const { get, cache } = setup();
    const plain = await get("/kept/1");
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    expect(plain.headers.get("Vary")).toBe("Accept-Encoding");
    const bytesKept = cache.stats().bytes;

    const browser = { "Accept-Encoding": "gzip, deflate, br" };
    const gzipped = await get("/kept/1", "__session=alice", "GET", browser);
    expect(gzipped.outcome).toBe("hit");
    expect(gzipped.headers.get("Content-Encoding")).toBe("gzip");
    expect(Number(gzipped.headers.get("Content-Length"))).toBe(gzipped.bytes.byteLength);
    expect(gunzipSync(gzipped.bytes).toString("utf8")).toBe(plain.body);
    // The compressed copy is counted with its entry, once.
    const bytesWithGzip = cache.stats().bytes;
    expect(bytesWithGzip).toBe(bytesKept + gzipped.bytes.byteLength);
    const again = await get("/kept/1", "__session=alice", "GET", browser);
    expect(again.bytes.equals(gzipped.bytes)).toBe(true);
    expect(cache.stats().bytes).toBe(bytesWithGzip);

    for (const refusing of [{ "Accept-Encoding": "gzip;q=0, br" }, { "Accept-Encoding": "identity" }]) {
      const answer = await get("/kept/1", "__session=alice", "GET", refusing);
      expect(answer.headers.get("Content-Encoding")).toBeNull();
      expect(answer.body).toBe(plain.body);
    }
  });

  it("reads Accept-Encoding as HTTP does", () => {
    for (const header of ["gzip", "GZIP", "deflate, gzip;q=0.5", "*", "br, *;q=0.1", " gzip ; q=1 "]) expect(acceptsGzip(header), header).toBe(true);
    for (const header of [null, "", "identity", "br, deflate", "gzip;q=0", "*;q=0", "x-gzip-like", "gzip;q=0, *"]) {
      expect(acceptsGzip(header), String(header)).toBe(false);
    }
  });
});

describe("cacheDocumentUntil", () => {
  it("does nothing without a cache (a loader called directly)", () => {
    const context: AppLoadContext = {};
    cacheDocumentUntil(context, new Date(START));
    cacheDocumentUntil(undefined, new Date(START));
    expect(context).toEqual({});
  });
});

describe("readsStartedAfterEachCall", () => {
  /** A read per call of `read`, each answered by the test: "read 1", "read 2"… */
  function controlledReads() {
    const pending: Array<{ resolve: (value: string) => void; reject: (error: Error) => void }> = [];
    let started = 0;
    const read = () =>
      new Promise<string>((resolve, reject) => {
        started++;
        pending.push({ resolve, reject });
      });
    return {
      read,
      started: () => started,
      finish: async (index: number, error?: Error) => {
        if (error) pending[index].reject(error);
        else pending[index].resolve(`read ${index + 1}`);
        // Let the queued read start.
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    };
  }

  it("gives the calls made during a read the next one, started after that read ends", async () => {
    const reads = controlledReads();
    const version = readsStartedAfterEachCall(reads.read);
    const first = version();
    expect(reads.started()).toBe(1);
    // Made while the first read is under way: it may have begun before their commit, so they wait.
    const second = version();
    const third = version();
    expect(reads.started()).toBe(1);
    await reads.finish(0);
    expect(reads.started()).toBe(2);
    // Made while the second read is under way: a third one, not the second.
    const fourth = version();
    await reads.finish(1);
    expect(reads.started()).toBe(3);
    await reads.finish(2);
    expect(await Promise.all([first, second, third, fourth])).toEqual(["read 1", "read 2", "read 2", "read 3"]);
    // Nothing under way: a call starts its own read at once.
    const fifth = version();
    expect(reads.started()).toBe(4);
    await reads.finish(3);
    expect(await fifth).toBe("read 4");
  });

  it("gives a failed read's error to its callers only, and the waiting calls still get theirs", async () => {
    const reads = controlledReads();
    const version = readsStartedAfterEachCall(reads.read);
    const first = version();
    const second = version();
    const failed = expect(first).rejects.toThrow("connexion perdue");
    await reads.finish(0, new Error("connexion perdue"));
    await failed;
    await reads.finish(1);
    expect(await second).toBe("read 2");
  });
});
