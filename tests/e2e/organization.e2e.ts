// An organisation's admin edits its identity: the address in the e-invoicing directory is
// checked against the SIRET as it is typed (the form's own schema, in the browser), saved
// without the "0225:" the directory shows, and shown on the organisation's page. axe-core
// checks the edit page with its error and the organisation page.
import { describe, expect, test } from "vitest";
import { browserForTests, expectAccessible } from "./support";

const ADMIN = "admin@savoirs-partages.fr";
const SLUG = "savoirs-partages";

describe("organisation identity", () => {
  const { open } = browserForTests();

  test("the admin declares a finer e-invoicing address: another SIREN is refused as typed, the right one is shown on the page", async () => {
    const page = await open(ADMIN);
    await page.goto(`/organisations/${SLUG}/modifier`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const siren = (await page.getByLabel("SIRET (14 chiffres)").inputValue()).slice(0, 9);
    expect(siren).toMatch(/^\d{9}$/);

    const address = page.getByLabel("Adresse de facturation électronique");
    expect(await address.getAttribute("aria-describedby")).toContain("-aide");
    const otherSiren = siren === "552100554" ? "812345678" : "552100554";
    await address.fill(`${otherSiren}_FACTURES`);
    await address.blur();
    await page
      .getByText(`L'adresse de facturation électronique commence par le SIREN ${siren}, seul ou suivi de « _ » et d'un complément (par exemple ${siren}_FACTURES).`)
      .waitFor();
    expect(await address.getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "modifier l'organisation avec une adresse de facturation refusée");

    await address.fill(`0225:${siren}_FACTURES`);
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/organisations/${SLUG}`),
      page.getByRole("button", { name: "Enregistrer" }).click(),
    ]);
    const identity = page.locator("dl.facts");
    const term = identity.locator("dt", { hasText: "Adresse de facturation électronique" });
    expect(await term.locator("xpath=following-sibling::dd[1]").textContent()).toBe(`${siren}_FACTURES`);
    await expectAccessible(page, "organisation");
  });
});
