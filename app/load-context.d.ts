// What scripts/server.mjs passes to every loader and action. Absent when routes are called
// directly (tests), so readers must fall back.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    clientIp?: string;
    requestId?: string;
  }
}
