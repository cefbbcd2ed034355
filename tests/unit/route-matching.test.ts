// Route matching through @remix-run/router with the project's patch (patches/, ADR 0016): the
// ranked branches of a route tree are kept per routes array and compiled paths by pattern, so a
// request no longer flattens, ranks and compiles the whole tree. Same answers, and a tree a
// router patches is ranked again.
import { readConfig } from "@remix-run/dev/dist/config.js";
import { createMemoryHistory, createRouter, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";

type Tree = AgnosticRouteObject & { id: string; children?: Tree[] };

/** The app's route tree as Remix's server runtime builds it (children by parentId). */
async function appRouteTree(): Promise<Tree[]> {
  const config = await readConfig(process.cwd());
  const routes = Object.values(config.routes);
  const childrenOf = (parentId: string | undefined): Tree[] =>
    routes
      .filter((route) => route.parentId === parentId)
      .map((route) => {
        const children = childrenOf(route.id);
        return route.index
          ? { id: route.id, index: true, path: route.path }
          : { id: route.id, path: route.path, caseSensitive: route.caseSensitive, children };
      });
  return childrenOf(undefined);
}

const leafOf = (routes: Tree[], pathname: string) => matchRoutes(routes, pathname)?.map((match) => match.route.id).at(-1) ?? null;

const EXPECTED: Array<[string, string | null]> = [
  ["/", "routes/_index"],
  ["/tableau-de-bord", "routes/tableau-de-bord"],
  ["/sites/site_1/semaine", "routes/sites.$siteId.semaine"],
  ["/organisations/fabrique-commune", "routes/organisations.$slug"],
  ["/organisations/fabrique-commune/reservations/nouvelle", "routes/organisations.$slug_.reservations.nouvelle"],
  ["/organisations/fabrique-commune/reservations/serie_1", "routes/organisations.$slug_.reservations.$seriesId"],
  ["/organisations/fabrique-commune/reservations", "routes/organisations.$slug_.reservations._index"],
  ["/organisations/fabrique-commune/facturation/export.csv", "routes/organisations.$slug_.facturation.export[.csv]"],
  ["/organisations/fabrique-commune/facturation/facture_1.pdf", "routes/organisations.$slug_.facturation.$invoiceId[.pdf]"],
  ["/calendrier/abc.ics", "routes/calendrier.$token[.ics]"],
  ["/api/v1/bookings", "routes/api.v1.bookings"],
  ["/api/v1/inconnu", "routes/api.$"],
  ["/Tableau-De-Bord/", "routes/tableau-de-bord"],
  ["/n/existe/pas", null],
];

describe("route matching with the ranked-branches cache", () => {
  it("matches the app's routes as the router does, on the first call, the next ones and a copy of the tree", async () => {
    const tree = await appRouteTree();
    const first = EXPECTED.map(([pathname]) => leafOf(tree, pathname));
    expect(first).toEqual(EXPECTED.map(([, id]) => id));
    expect(EXPECTED.map(([pathname]) => leafOf(tree, pathname))).toEqual(first);
    expect(EXPECTED.map(([pathname]) => leafOf(structuredClone(tree), pathname))).toEqual(first);
    const params = matchRoutes(tree, "/organisations/fabrique-commune/reservations/serie_1")?.at(-1)?.params;
    expect(params).toEqual({ slug: "fabrique-commune", seriesId: "serie_1" });
  });

  it("keeps the ranked branches of a routes array: the patch is applied", () => {
    const routes: Tree[] = [{ id: "a", path: "a" }];
    expect(leafOf(routes, "/a")).toBe("a");
    // Changed in place behind the router's back: the array's ranked branches are reused…
    routes.push({ id: "b", path: "b" });
    expect(leafOf(routes, "/b")).toBeNull();
    // …while another array is ranked afresh.
    expect(leafOf([...routes], "/b")).toBe("b");
  });

  it("ranks a tree again once a router patches it", () => {
    const router = createRouter({ routes: [{ id: "root", path: "/", children: [] }], history: createMemoryHistory() });
    expect(leafOf(router.routes as Tree[], "/tard")).toBeNull();
    router.patchRoutes("root", [{ id: "tard", path: "tard" }]);
    expect(leafOf(router.routes as Tree[], "/tard")).toBe("tard");
    router.dispose();
  });
});
