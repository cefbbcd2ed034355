// Conditional GET (RFC 9110 §13): calendar clients poll feeds every hour or so; when nothing
// changed they get a 304 without a body.

/** True when the client's copy (ETag or date) is still current. If-None-Match wins over If-Modified-Since. */
export function isNotModified(request: Request, { etag, lastModified }: { etag: string; lastModified: Date }): boolean {
  const ifNoneMatch = request.headers.get("If-None-Match");
  if (ifNoneMatch !== null) {
    if (ifNoneMatch.trim() === "*") return true;
    // Weak comparison, as RFC 9110 asks for If-None-Match.
    const strip = (tag: string) => tag.trim().replace(/^W\//, "");
    return ifNoneMatch.split(",").some((tag) => strip(tag) === strip(etag));
  }
  const ifModifiedSince = request.headers.get("If-Modified-Since");
  if (ifModifiedSince === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && lastModified.getTime() <= since;
}
