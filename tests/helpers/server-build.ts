// The server build `remix build` would write to build/index.js, assembled in-process from the
// app's own modules and the real route manifest (read by @remix-run/dev): the whole Remix request
// pipeline (routing, loaders, entry.server's handleRequest, error boundaries) runs in a test
// without compiling anything or touching build/.
import path from "node:path";
import { readConfig } from "@remix-run/dev/dist/config.js";
import type { ServerBuild } from "@remix-run/node";

export async function inProcessServerBuild(): Promise<ServerBuild> {
  const config = await readConfig(process.cwd());
  const routes: ServerBuild["routes"] = {};
  const assetRoutes: ServerBuild["assets"]["routes"] = {};
  for (const route of Object.values(config.routes)) {
    const module = await import(/* @vite-ignore */ path.join(config.appDirectory, route.file));
    const shape = { id: route.id, parentId: route.parentId, path: route.path, index: route.index, caseSensitive: route.caseSensitive };
    routes[route.id] = { ...shape, module };
    assetRoutes[route.id] = {
      ...shape,
      module: `/build/${route.id}.js`,
      imports: [],
      hasAction: Boolean(module.action),
      hasLoader: Boolean(module.loader),
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: Boolean(module.ErrorBoundary),
    };
  }
  return {
    mode: "production",
    // handleRequest resolves to a Response; its Promise is typed unknown in entry.server.tsx.
    entry: { module: (await import("~/entry.server")) as unknown as ServerBuild["entry"]["module"] },
    routes,
    assets: { entry: { imports: [], module: "/build/entry.client.js" }, routes: assetRoutes, url: "/build/manifest-test.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: config.future as unknown as ServerBuild["future"],
    isSpaMode: false,
  };
}
