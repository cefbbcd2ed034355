// The app as a visitor and a member use it: pages load in French, login and logout work with
// the real (Secure) session cookie, keyboard users can skip the header, and axe-core finds no
// serious WCAG 2.1 AA violation on the home, login, dashboard and "not found" pages.
import { describe, expect, test } from "vitest";
import { baseURL, browserForTests, expectAccessible, logIn } from "./support";

const MEMBER = "membre@savoirs-partages.fr";

describe("smoke", () => {
  const { open } = browserForTests();

  test("the home page is in French, has one h1 and no serious accessibility issue", async () => {
    const page = await open();
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    const h1 = page.getByRole("heading", { level: 1 });
    expect(await h1.count()).toBe(1);
    expect(await h1.textContent()).toBe("Des locaux partagés pour l'économie sociale et solidaire");
    expect(await page.title()).toContain("Tiers-lieux partagés");
    await expectAccessible(page, "accueil");
  });

  test("the login page has no serious accessibility issue", async () => {
    const page = await open();
    await page.goto("/connexion");
    await page.getByRole("heading", { level: 1, name: "Se connecter" }).waitFor();
    await expectAccessible(page, "connexion");
  });

  test("a wrong password shows one message and stays on the login page", async () => {
    const page = await open();
    await page.goto("/connexion");
    await page.getByLabel("Adresse e-mail").fill(MEMBER);
    await page.getByLabel("Mot de passe").fill("pas-le-bon-mot-de-passe");
    await page.getByRole("button", { name: "Se connecter", exact: true }).click();
    const message = page.getByText("Adresse e-mail ou mot de passe incorrect.");
    await message.waitFor();
    expect(new URL(page.url()).pathname).toBe("/connexion");
    expect(await page.getByLabel("Adresse e-mail").inputValue()).toBe(MEMBER);
    expect((await page.context().cookies()).some((cookie) => cookie.name === "__session")).toBe(false);
    // The error as shown, with its form, is accessible too.
    await expectAccessible(page, "connexion (erreur)");
  });

  test("a member logs in, sees their organisation on an accessible dashboard, and logs out", async () => {
    const page = await open();
    await logIn(page, MEMBER);
    expect(new URL(page.url()).pathname).toBe("/tableau-de-bord");
    await page.getByRole("link", { name: "Association Savoirs Partagés" }).waitFor();

    // The production session cookie is Secure and httpOnly, and the browser kept it on http://localhost.
    const session = (await page.context().cookies()).find((cookie) => cookie.name === "__session");
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax" });

    // Still logged in on the next full page loads (the login led here by a client-side
    // navigation); the second one is given again as kept, gzipped once for the browsers that
    // take it, since nothing was written in between (the document cache, ADR 0021).
    expect((await page.reload())?.headers()["x-document-cache"]).toBe("miss");
    const kept = (await page.reload())?.headers();
    expect(kept?.["x-document-cache"]).toBe("hit");
    expect(kept?.["content-encoding"]).toBe("gzip");
    await page.getByRole("heading", { level: 1, name: "Bonjour Lucas Martin" }).waitFor();
    await expectAccessible(page, "tableau de bord");

    await Promise.all([
      page.waitForURL((url) => url.pathname === "/"),
      page.getByRole("button", { name: /^Se déconnecter/ }).click(),
    ]);
    await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Se connecter" }).waitFor();
    expect(await page.getByRole("button", { name: /^Se déconnecter/ }).count()).toBe(0);

    // The session is gone: the dashboard sends the visitor to the login page.
    await page.goto("/tableau-de-bord");
    expect(new URL(page.url()).pathname).toBe("/connexion");
  });

  test("the skip link is the first Tab stop and moves focus to the main content", async () => {
    const page = await open();
    await page.goto("/");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      const box = element?.getBoundingClientRect();
      return {
        text: element?.textContent?.trim(),
        href: element?.getAttribute("href"),
        visible: Boolean(box && box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0),
      };
    });
    expect(focused).toEqual({ text: "Aller au contenu", href: "#contenu", visible: true });
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("contenu");
  });

  test("an unknown address shows an accessible French 404 page with its own title", async () => {
    const page = await open();
    const response = await page.goto("/page-inexistante");
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { level: 1, name: "Page introuvable" }).waitFor();
    expect(await page.title()).toBe("Page introuvable — Tiers-lieux partagés");
    await expectAccessible(page, "page introuvable");
  });

  test("GET /healthz answers 200", async () => {
    const response = await fetch(new URL("/healthz", baseURL()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });
});
