import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import type { HandleErrorFunction } from "@remix-run/node";
import { loggablePath, logger, requestIdOf } from "~/utils/logger.server";
import { applySecurityHeaders } from "~/utils/security-headers.server";

// The HTTP server (scripts/server.mjs) reads them from the build to add them to every other response.
export { SECURITY_HEADERS } from "~/utils/security-headers.server";

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

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          applySecurityHeaders(responseHeaders);
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
