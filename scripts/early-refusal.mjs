// How the HTTP server's own middleware refuses a request before Remix runs: the JSON API in
// JSON (docs/api.md), pages in plain French text, never cached.

/**
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {{ status: number; code: string; message: string; closeConnection?: boolean }} refusal
 *   `closeConnection` when the body is left unread, so it is not taken for the next request.
 */
export function refuseEarly(req, res, { status, code, message, closeConnection = false }) {
  res.status(status).set({ "Cache-Control": "no-store", ...(closeConnection ? { Connection: "close" } : {}) });
  if (req.path.startsWith("/api/")) res.json({ error: { code, message } });
  else res.type("text/plain; charset=utf-8").send(message);
}
