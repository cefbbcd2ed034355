// The part of autocannon's API the benchmark uses (the package ships no types, and adding
// @types/autocannon is not needed for so little).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  namespace autocannon {
    type RequestParams = { method?: string; path?: string; headers?: Record<string, string>; body?: string };
    type Request = RequestParams & { setupRequest?: (request: RequestParams) => RequestParams };
    type Options = {
      url: string;
      connections?: number;
      duration?: number;
      timeout?: number;
      headers?: Record<string, string>;
      requests?: Request[];
    };
    type Result = { errors: number; timeouts: number; non2xx: number };
    type Instance = EventEmitter & PromiseLike<Result>;
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export default autocannon;
}
