import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, ServerBuild } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import type { HandleErrorFunction } from "@remix-run/node";
import { db } from "~/db.server";
import { readDataVersion } from "~/models/data-version.server";
import { createDocumentCache } from "~/utils/document-cache.server";
import { loggablePath, logger, requestIdOf } from "~/utils/logger.server";
import { applySecurityHeaders } from "~/utils/security-headers.server";

// The HTTP server (scripts/server.mjs) reads them from the build to add them to every other response.
export { SECURITY_HEADERS } from "~/utils/security-headers.server";

/**
 * The HTTP server's cache of whole pages (ADR 0021), on the app's database. DOCUMENT_CACHE_BYTES
 * bounds it per process (32 MiB by default; 0 turns it off).
 */
export function createAppDocumentCache(routes: ServerBuild["routes"]) {
  const maxBytes = Number(process.env.DOCUMENT_CACHE_BYTES ?? 32 * 1024 * 1024);
  return createDocumentCache({ routes, readVersion: () => readDataVersion(db), maxBytes: Number.isFinite(maxBytes) ? maxBytes : 0 });
}

// Unexpected errors of loaders and actions, with the request id (aborted requests are not errors).
export const handleError: HandleErrorFunction = (error, { request }) => {
  // Thrown responses (404, 403…) are answers, not failures.
  if (request.signal.aborted || isRouteErrorResponse(error) || error instanceof Response) return;
  logger.error(
    { requestId: requestIdOf(request), method: request.method, path: loggablePath(request.url), err: error },
    "unhandled error",
  );
};

const ABORT_DELAY = 5_000;

/**
 * Renders the whole document, then answers it as one body. No loader of this app defers data
 * (no <Await>, no Suspense), so React's shell is already the whole page: streaming it only cost
 * one socket write per chunk. One body is one write, with a Content-Length (ADR 0016).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const document = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(abortTimer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        applySecurityHeaders(responseHeaders);
        const body = Buffer.concat(chunks);
        responseHeaders.set("Content-Length", String(body.byteLength));
        resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(document);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error before the shell goes to onShellError, and Remix renders its error page.
          if (shellRendered) console.error(error);
        },
      },
    );
    const abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}
