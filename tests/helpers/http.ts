// Build the Requests a browser would send, to call route loaders and actions directly.
import { csrf } from "~/utils/csrf.server";

export const BASE_URL = "http://localhost";

/** Cookie jar with the minimum a browser does: keep the last value of each cookie. */
export class Browser {
  #cookies = new Map<string, string>();

  get cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  cookie(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  remember(response: Response): Response {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === "") this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return response;
  }

  get(path: string, init: RequestInit = {}): Request {
    return new Request(new URL(path, BASE_URL), { ...init, headers: this.#headers(init.headers) });
  }

  /** A form POST carrying this browser's CSRF token, as our forms do. */
  async post(path: string, fields: Record<string, string | string[]>, { withCsrf = true } = {}): Promise<Request> {
    const body = new URLSearchParams();
    if (withCsrf) body.set("csrf", await this.csrfToken());
    for (const [key, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    return new Request(new URL(path, BASE_URL), {
      method: "POST",
      body,
      headers: this.#headers({ "Content-Type": "application/x-www-form-urlencoded" }),
    });
  }

  async csrfToken(): Promise<string> {
    const [token, cookie] = await csrf.commitToken(this.get("/"));
    if (cookie) this.remember(new Response(null, { headers: { "Set-Cookie": cookie } }));
    return token;
  }

  #headers(extra?: HeadersInit): Headers {
    const headers = new Headers(extra);
    if (this.#cookies.size > 0) headers.set("Cookie", this.cookieHeader);
    return headers;
  }
}

/** Runs a loader/action and returns its Response, whether it was returned or thrown. */
export async function respond(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200, headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export function routeArgs(request: Request, params: Record<string, string> = {}) {
  return { request, params, context: {} };
}
