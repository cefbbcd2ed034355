// Reading a request body with a size limit, for the form actions (readFormData in
// form-guard.server.ts) and the JSON API (readJsonBody in api-http.server.ts). The declared
// Content-Length is checked first; the bytes are counted while streaming, so a chunked body or a
// lying Content-Length is stopped as soon as it passes the limit instead of being buffered whole.

/** The body's bytes, or "TOO_LARGE" as soon as it passes maxBytes. */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | "TOO_LARGE"> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) return "TOO_LARGE";
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Stop reading but do not cancel: under Express, cancelling destroys the socket and the
      // client would see a connection reset instead of the 413.
      reader.releaseLock();
      return "TOO_LARGE";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
