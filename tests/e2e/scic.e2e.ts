// A SCIC manager's pages: rate cards, tier overrides and the register of associates render
// their choices from the seed, and axe-core finds no serious WCAG 2.1 AA violation on them.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, test } from "vitest";
import { browserForTests, expectAccessible } from "./support";

const MANAGER = "gestion@fabrique-commune.fr";

/** The visible labels of a select's options. */
async function optionLabels(page: Page, label: string, index = 0): Promise<string[]> {
  return page.getByLabel(label, { exact: true }).nth(index).locator("option").allTextContents();
}

describe("SCIC pages", () => {
  let page: Page;
  const { open } = browserForTests({ keepPages: true });
  beforeAll(async () => {
    page = await open(MANAGER);
  });

  test("the pricing page offers the spaces, the tiers and the organisations", async () => {
    await page.goto("/organisations/fabrique-commune/tarifs");
    await page.getByRole("heading", { level: 1 }).waitFor();
    const spaces = await optionLabels(page, "Espace");
    expect(spaces[0]).toBe("Choisir…");
    expect(spaces).toContain("Salle Olympe de Gouges");
    expect(spaces).toContain("Open space — 12 postes");
    const overrideTiers = await optionLabels(page, "Tarif", 1);
    expect(overrideTiers[0]).toBe("Automatique");
    expect(overrideTiers.length).toBeGreaterThan(2);
    expect(await optionLabels(page, "Organisation")).toContain("Coopérative Vélo Solidaire");
    await expectAccessible(page, "tarifs");
  });

  test("a search by name narrows the organisations the pricing page offers", async () => {
    await page.goto("/organisations/fabrique-commune/tarifs");
    const search = page.getByRole("search", { name: "Chercher une organisation" });
    await search.getByLabel("Chercher une organisation").fill("velo");
    await search.getByRole("button", { name: "Chercher" }).click();
    await page.waitForURL(/organisation=velo/);
    expect(await optionLabels(page, "Organisation")).toEqual(["Choisir…", "Coopérative Vélo Solidaire"]);
    expect(await search.getByRole("status").textContent()).toBe("Une organisation correspond à « velo ».");
    expect(await page.getByRole("table").filter({ hasText: "Tarif appliqué aujourd'hui" }).getByRole("row").count()).toBe(2);
    await expectAccessible(page, "tarifs, search");
  });

  test("the register page offers the collèges and the associates", async () => {
    await page.goto("/organisations/fabrique-commune/societaires");
    await page.getByRole("heading", { level: 1 }).waitFor();
    const colleges = await optionLabels(page, "Collège");
    expect(colleges[0]).toBe("Choisir…");
    expect(colleges.length).toBeGreaterThan(3);
    const associates = await optionLabels(page, "Associé (cédant pour une cession)");
    expect(associates[0]).toBe("Choisir…");
    expect(associates.length).toBeGreaterThan(1);
    expect((await optionLabels(page, "Bénéficiaire (cession)"))[0]).toBe("—");
    await expectAccessible(page, "sociétaires");
  });
});
