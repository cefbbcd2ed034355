// The security headers (CSP, nosniff, Referrer-Policy, HSTS in production…) on EVERY response of
// the HTTP server. HTML documents already carry them (app/entry.server.tsx); resource routes (CSV,
// PDF, iCalendar, JSON API, photos), static files and the server's own errors do not go through
// it: just before a response's headers are written, this adds each header it does not have yet,
// so a stricter value a route chose (the feeds' "Referrer-Policy: no-referrer") is kept.

/** @param {ReadonlyArray<readonly [string, string]>} headers the app's SECURITY_HEADERS */
export function securityHeaders(headers) {
  return function addSecurityHeaders(_req, res, next) {
    const writeHead = res.writeHead;
    res.writeHead = function writeHeadWithSecurityHeaders(...args) {
      for (const [name, value] of headers) {
        if (!res.hasHeader(name)) res.setHeader(name, value);
      }
      return writeHead.apply(this, args);
    };
    next();
  };
}
