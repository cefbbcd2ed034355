// Transitional urbanism as people do it (issue 6): the collectivité's asset manager publishes a
// new bien with its call for applications; two ESS structures apply; the collectivité's reviewer
// closes the call, scores each application per criterion and attributes the bien; the winner and
// the other applicant find the decision in their notifications; the convention page opens and
// its PDF downloads. axe-core checks the public list and detail pages (anonymous) and the forms.
//
// The e2e server has no network (tests/e2e/offline-network.mjs): the API Adresse and the API
// Recherche d'entreprises cannot be reached, so this also proves the documented fallback — the
// bien is saved with its geocoding pending and the applications with their SIRET "non vérifié".
import type { Locator, Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { browserForTests, download, expectAccessible, getWithSession, submitInPlace } from "./support";

const ASSET_MANAGER = "patrimoine@ville-bellerive.fr";
const REVIEWER = "admin@ville-bellerive.fr";
const COLLECTIVITE = { slug: "ville-de-bellerive", name: "Ville de Bellerive-sur-Loire" };
const WINNER = { email: "contact@velo-solidaire.fr", slug: "velo-solidaire", name: "Coopérative Vélo Solidaire", siret: "84567891200039" };
const OTHER = { email: "admin@savoirs-partages.fr", slug: "savoirs-partages", name: "Association Savoirs Partagés", siret: "81234567800013" };

const DAY_MS = 86_400_000;

/** Today's date in Paris plus `days`, "YYYY-MM-DD". */
function parisDate(days = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(Date.now() + days * DAY_MS),
  );
}

// A unique title, so the run never depends on what the seed or an earlier test published.
const BIEN = {
  title: `Ancienne imprimerie des Tanneurs ${Date.now().toString(36)}`,
  description: "Rez-de-chaussée d'une ancienne imprimerie, lumineux, avec une cour. Idéal pour un atelier partagé.",
  kind: "local d'activité",
  domain: "domaine privé",
  surface: "180",
  levels: "1",
  condition: "à rafraîchir",
  accessibility: "accessible aux personnes à mobilité réduite",
  utilities: ["électricité", "eau", "chauffage"],
  address: { line: "8 rue des Tanneurs", postalCode: "44400", commune: "Bellerive-sur-Loire" },
  availableFrom: parisDate(45),
  visit: `${parisDate(7)}T10:00`,
  occupation: "convention d'occupation temporaire",
  rent: "300",
  charges: "60",
  reduction: "50",
  works: "aménagements légers et réversibles",
};
const CALL = {
  deadline: `${parisDate(21)}T12:00`,
  criteria: [
    { label: "Utilité sociale du projet", weight: "50" },
    { label: "Viabilité économique", weight: "30" },
    { label: "Ancrage local", weight: "20" },
  ],
};
// Scores out of 5 per criterion: the winner ranks first.
const SCORES = { [WINNER.name]: ["5", "4", "4"], [OTHER.name]: ["3", "3", "2"] };

// A minimal PDF, as a structure would attach its statutes.
const ATTACHMENT = {
  name: "statuts-velo-solidaire.pdf",
  bytes: Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
};

const SOCIAL_UTILITY =
  "Notre projet crée des emplois d'insertion, propose des ateliers ouverts aux habitants du quartier à prix libre, " +
  "forme des bénévoles et travaille avec les écoles et les centres sociaux de la commune pour rendre la mobilité accessible à tous.";

describe("vacant premises, calls and conventions", () => {
  let managerPath = "";
  let bienId = "";

  /** Each test goes on from the previous one's bien: without it, fail at once rather than time out. */
  const requireBien = () => {
    if (!bienId) throw new Error("No bien: the first test did not publish it.");
  };

  const { open } = browserForTests();

  test("the asset manager saves a new bien while the address API is unreachable, opens its call and publishes it", async () => {
    const page = await open(ASSET_MANAGER);
    await page.getByRole("link", { name: "Publier des biens vacants et lancer des appels à candidatures" }).click();
    await page.getByRole("heading", { level: 1, name: `Biens de ${COLLECTIVITE.name}` }).waitFor();
    await page.getByRole("link", { name: "Ajouter un bien" }).click();
    await page.getByRole("heading", { level: 1, name: `Nouveau bien de ${COLLECTIVITE.name}` }).waitFor();
    await expectAccessible(page, "nouveau bien");

    // An empty form is refused field by field, in French, and stays accessible.
    await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
    const title = page.getByLabel("Intitulé", { exact: true });
    await page.getByText("Indiquez l'intitulé du bien.").waitFor();
    expect(await title.getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "nouveau bien (erreurs)");

    await title.fill(BIEN.title);
    await page.getByLabel("Description", { exact: true }).fill(BIEN.description);
    await page.getByLabel("Type de bien").selectOption({ label: BIEN.kind });
    await page.getByLabel("Domaine", { exact: true }).selectOption({ label: BIEN.domain });
    await page.getByLabel("Surface (m²)").fill(BIEN.surface);
    await page.getByLabel("Nombre de niveaux (0 pour un terrain nu)").fill(BIEN.levels);
    await page.getByLabel("État", { exact: true }).selectOption({ label: BIEN.condition });
    await page.getByLabel("Accessibilité", { exact: true }).selectOption({ label: BIEN.accessibility });
    const utilities = page.getByRole("group", { name: "Équipements" });
    for (const utility of BIEN.utilities) await utilities.getByRole("checkbox", { name: utility, exact: true }).check();
    await page.getByLabel("Voie (numéro et rue)").fill(BIEN.address.line);
    await page.getByLabel("Code postal").fill(BIEN.address.postalCode);
    await page.getByLabel("Commune", { exact: true }).fill(BIEN.address.commune);
    await page.getByLabel("Disponible à partir du").fill(BIEN.availableFrom);
    await page.getByLabel("Visite 1 (date et heure, facultatif)").fill(BIEN.visit);
    await page.getByLabel("Type d'occupation").selectOption({ label: BIEN.occupation });
    await page.getByLabel("Redevance mensuelle (€)").fill(BIEN.rent);
    await page.getByLabel("Charges mensuelles (€)").fill(BIEN.charges);
    await page.getByLabel("Réduction pour un projet d'utilité sociale (%)").fill(BIEN.reduction);
    expect(await page.getByLabel("Assurance obligatoire").isChecked()).toBe(true);
    await page.getByLabel("Travaux autorisés").selectOption({ label: BIEN.works });
    await Promise.all([
      page.waitForURL((url) => /^\/organisations\/ville-de-bellerive\/biens\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/nouveau")),
      page.getByRole("button", { name: "Enregistrer le brouillon" }).click(),
    ]);

    // Saved as a draft; the address waits for the BAN (retried later), without coordinates.
    await page.getByRole("heading", { level: 1, name: BIEN.title }).waitFor();
    managerPath = new URL(page.url()).pathname;
    bienId = managerPath.split("/").at(-1) ?? "";
    const status = page.getByText(/^Étape : /);
    expect(((await status.textContent()) ?? "").replace(/\s+/g, " ").trim()).toBe(
      "Étape : Brouillon. Adresse : en attente (nouvel essai automatique).",
    );
    await page.getByText(`local d'activité — 180 m² — ${BIEN.address.line}, ${BIEN.address.postalCode} ${BIEN.address.commune}`).waitFor();

    // The call: deadline and weighted criteria (total 100 %). A weight without its criterion is
    // refused beside that row.
    await page.getByLabel("Date limite de candidature (heure de Paris)").fill(CALL.deadline);
    await page.getByLabel("Pondération du critère 1 (%)").fill("100");
    await page.getByRole("button", { name: "Enregistrer l'appel à candidatures" }).click();
    await page.getByText("Indiquez l'intitulé du critère.").waitFor();
    expect(await page.getByLabel("Critère 1", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    for (const [index, criterion] of CALL.criteria.entries()) {
      await page.getByLabel(`Critère ${index + 1}`, { exact: true }).fill(criterion.label);
      await page.getByLabel(`Pondération du critère ${index + 1} (%)`).fill(criterion.weight);
    }
    await expectAccessible(page, "bien (brouillon, appel à candidatures)");
    await submitInPlace(page, page.getByRole("button", { name: "Enregistrer l'appel à candidatures" }));
    expect(await page.getByRole("alert").count()).toBe(0);

    const publish = page.getByRole("group", { name: "Publication" });
    await submitInPlace(page, publish.getByRole("button", { name: "Publication" }));
    await page.getByText("Étape : Publié, appel à candidatures ouvert.", { exact: false }).waitFor();
    const history = page.getByRole("region", { name: "Historique" });
    await history.getByRole("listitem").filter({ hasText: "Publication par " }).waitFor();
    expect(await history.textContent()).toContain("(Brouillon → Publié, appel à candidatures ouvert)");
    await page.getByRole("link", { name: "Page publique" }).waitFor();

    // On the collectivité's list, the bien is published and its geocoding is pending.
    await page.getByRole("link", { name: `← Biens de ${COLLECTIVITE.name}` }).click();
    await page.getByRole("heading", { level: 1, name: `Biens de ${COLLECTIVITE.name}` }).waitFor();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: BIEN.title, exact: true }) });
    await row.waitFor();
    expect((await row.getByRole("cell").allTextContents()).map((text) => text.trim())).toEqual([
      BIEN.kind,
      BIEN.address.commune,
      "180 m²",
      "Publié, appel à candidatures ouvert",
      "géocodage en attente",
    ]);
  });

  test("anyone finds the bien on the public list and its detail page, without logging in", async () => {
    requireBien();
    const page = await open();
    const response = await page.goto("/biens");
    expect(response?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: "Biens vacants proposés aux structures de l'ESS" }).waitFor();
    const link = page.getByRole("link", { name: BIEN.title, exact: true });
    await link.waitFor();
    await expectAccessible(page, "biens (public)");

    await link.click();
    await page.getByRole("heading", { level: 1, name: BIEN.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/biens/${bienId}`);
    const content = (await page.locator("main").textContent()) ?? "";
    expect(content).toContain(`Proposé par ${COLLECTIVITE.name} (${BIEN.domain}).`);
    expect(content).toContain("300 € ; 150 € pour un projet d'utilité sociale (réduction de 50 %)");
    // RGPD: no person's name nor e-mail on a public page.
    expect(content).not.toMatch(/@|patrimoine/i);
    const criteria = page.getByRole("table", { name: "Critères de sélection" });
    for (const criterion of CALL.criteria) {
      expect(((await criteria.getByRole("row").filter({ hasText: criterion.label }).getByRole("cell").textContent()) ?? "").trim()).toBe(
        `${criterion.weight} %`,
      );
    }
    await page.getByRole("link", { name: "Candidater pour ma structure" }).waitFor();
    await expectAccessible(page, "bien (page publique)");
  });

  /** Applies through the public page's link; the SIRET registry is unreachable. */
  async function apply(page: Page, structure: typeof WINNER, activity: string) {
    await page.goto(`/biens/${bienId}`);
    await page.getByRole("link", { name: "Candidater pour ma structure" }).click();
    await page.getByRole("heading", { level: 1, name: `Candidater pour « ${BIEN.title} »` }).waitFor();
    const form = page.locator("form#candidature");
    expect(await form.getByLabel("Structure candidate").inputValue()).toBe(structure.slug);
    await form.getByLabel("SIRET de la structure (14 chiffres)").fill(structure.siret);
    await form
      .getByLabel("Présentation du projet")
      .fill(`${structure.name} veut installer ici ${activity} ouvert aux habitants, avec une équipe salariée et bénévole.`);
    await form.getByLabel("Activité prévue dans le bien").fill(activity);
    await form.getByLabel("Nombre de personnes impliquées").fill("6");
    await form.getByLabel("Date de début souhaitée").fill(BIEN.availableFrom);
    await form.getByLabel("Durée souhaitée (mois)").fill("24");
    await form.getByLabel("Redevance mensuelle maximale (€)").fill("200");
    await form.getByLabel("Déclaration d'utilité sociale (200 caractères au moins)").fill(SOCIAL_UTILITY);
    return form;
  }

  test("two ESS structures apply; with the company registry unreachable, their SIRET stays « non vérifié »", async () => {
    requireBien();
    const page = await open(WINNER.email);
    const form = await apply(page, WINNER, "un atelier de réparation de vélos");
    // A document of its own, beside what the call asks for (nothing required here).
    await form.getByLabel("Autres documents (facultatif)").setInputFiles({ name: ATTACHMENT.name, mimeType: "application/pdf", buffer: ATTACHMENT.bytes });
    await expectAccessible(page, "candidature");
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/organisations/${WINNER.slug}/candidatures`),
      form.getByRole("button", { name: "Déposer la candidature" }).click(),
    ]);
    const row = applicationRow(page);
    await row.waitFor();
    const cells = (await row.getByRole("cell").allTextContents()).map((text) => text.trim());
    expect(cells.slice(2, 4)).toEqual(["déposée, en attente de décision", "SIRET non vérifié (nouvel essai automatique)"]);
    await row.getByRole("link", { name: ATTACHMENT.name }).waitFor();
    await expectAccessible(page, "candidatures de la structure");

    const other = await open(OTHER.email);
    const otherForm = await apply(other, OTHER, "un atelier numérique");
    await Promise.all([
      other.waitForURL((url) => url.pathname === `/organisations/${OTHER.slug}/candidatures`),
      otherForm.getByRole("button", { name: "Déposer la candidature" }).click(),
    ]);
    await applicationRow(other).getByRole("cell", { name: "SIRET non vérifié (nouvel essai automatique)" }).waitFor();
  });

  /** The row of this bien on a structure's list of its applications. */
  function applicationRow(page: Page): Locator {
    return page.getByRole("row").filter({ has: page.getByRole("link", { name: `${BIEN.title} (${BIEN.address.commune})`, exact: true }) });
  }

  /** The section of one application on the review page. */
  function applicationSection(page: Page, structureName: string): Locator {
    return page.getByRole("region", { name: structureName, exact: true });
  }

  test("the reviewer closes the call, scores each application per criterion and attributes the bien", async () => {
    requireBien();
    const page = await open(REVIEWER);
    await page.goto(managerPath);
    await page.getByRole("heading", { level: 1, name: BIEN.title }).waitFor();

    // Before the deadline, closing needs the early-closing box and a reason.
    const close = page.getByRole("group", { name: "Clôture de l'appel à candidatures" });
    await submitInPlace(page, close.getByRole("button", { name: "Clôture de l'appel à candidatures" }));
    await page.getByText(/Impossible de clore l'appel à candidatures : il reste ouvert jusqu'au/).waitFor();
    await close.getByLabel("Clôture anticipée (avant la date limite)").check();
    await close.getByLabel("Motif").fill("Deux candidatures complètes reçues ; le conseil municipal statue cette semaine.");
    await submitInPlace(page, close.getByRole("button", { name: "Clôture de l'appel à candidatures" }));
    await page.getByText("Étape : Candidatures en cours d'examen.", { exact: false }).waitFor();

    await page.getByRole("link", { name: "Candidatures, notation et décision" }).click();
    await page.getByRole("heading", { level: 1, name: `Candidatures pour « ${BIEN.title} »` }).waitFor();
    for (const structure of [WINNER, OTHER]) {
      const section = applicationSection(page, structure.name);
      expect(await section.textContent()).toContain(`— non vérifié`);
    }
    // The reviewer downloads what the winner attached, byte for byte.
    const attached = await download(page, applicationSection(page, WINNER.name).getByRole("link", { name: ATTACHMENT.name }));
    expect(attached.bytes.equals(ATTACHMENT.bytes)).toBe(true);

    for (const [structureName, scores] of Object.entries(SCORES)) {
      const section = applicationSection(page, structureName);
      for (const [index, criterion] of CALL.criteria.entries()) {
        await section.getByLabel(`${criterion.label} (${criterion.weight} %)`).fill(scores[index]);
      }
      await submitInPlace(page, section.getByRole("button", { name: "Enregistrer mes notes" }));
      expect(await page.getByRole("alert").count()).toBe(0);
    }

    // Weighted out of 100: 5,4,4 → (50·5 + 30·4 + 20·4) / 5 = 90; 3,3,2 → (150 + 90 + 40) / 5 = 56.
    const ranking = page.getByRole("table", { name: "Candidatures classées (note sur 100)" });
    await ranking.getByRole("row").nth(2).waitFor();
    const rows = await ranking.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("th, td")).map((cell) => (cell.textContent ?? "").trim())),
    );
    expect(rows.map((row) => row.slice(0, 2))).toEqual([
      ["1", WINNER.name],
      ["2", OTHER.name],
    ]);
    expect(rows.map((row) => Number(row[2].replace(",", ".")))).toEqual([90, 56]);

    const decision = page.getByRole("group", { name: "Décision" });
    await decision.getByRole("radio", { name: `Attribuer le bien à ${WINNER.name}` }).check();
    await decision.getByLabel("Message à tous les candidats (facultatif)").fill("Merci à toutes les structures pour la qualité de leurs projets.");
    // The scoring forms and the decision form, as the reviewer is about to decide.
    await expectAccessible(page, "candidatures (notation et décision)");
    await submitInPlace(page, decision.getByRole("button", { name: "Attribuer et informer les candidats" }));
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(await decision.count()).toBe(0);

    await page.goto(managerPath);
    await page.getByText("Étape : Attribué.", { exact: false }).waitFor();
    const history = page.getByRole("region", { name: "Historique" });
    expect(await history.textContent()).toContain("(Candidatures en cours d'examen → Attribué)");
  });

  test("the winner and the other applicant find the decision in their notifications", async () => {
    requireBien();
    const winner = await open(WINNER.email);
    await winner.getByRole("link", { name: /^Mes notifications \(\d+ non lues?\)$/ }).click();
    const won = winner.getByRole("article", { name: `Non lue Votre candidature pour « ${BIEN.title} » est retenue` });
    await won.waitFor();
    expect(await won.textContent()).toContain("Merci à toutes les structures pour la qualité de leurs projets.");
    await won.getByRole("link", { name: `Voir le bien : Votre candidature pour « ${BIEN.title} » est retenue` }).waitFor();
    await expectAccessible(winner, "notifications (lauréat)");
    await winner.goto(`/organisations/${WINNER.slug}/candidatures`);
    await applicationRow(winner).getByRole("cell", { name: "retenue : le bien vous est attribué" }).waitFor();

    const other = await open(OTHER.email);
    await other.goto("/notifications");
    await other.getByRole("heading", { level: 2, name: `Non lue Votre candidature pour « ${BIEN.title} » n'est pas retenue` }).waitFor();
  });

  test("the convention d'occupation opens, prefilled, and its PDF downloads", async () => {
    requireBien();
    const page = await open(ASSET_MANAGER);
    await page.goto(managerPath);
    await Promise.all([
      page.waitForURL((url) => url.pathname === `${managerPath}/convention`),
      page.getByRole("link", { name: "Convention d'occupation" }).click(),
    ]);
    await page.getByRole("link", { name: "Télécharger en PDF" }).waitFor();
    const content = (await page.locator("main").textContent()) ?? "";
    expect(content).toContain(COLLECTIVITE.name);
    expect(content).toContain(WINNER.name);
    expect(content).toContain(BIEN.address.line);
    expect(await page.getByRole("heading", { level: 2, name: /^Article 1 — / }).count()).toBe(1);
    await expectAccessible(page, "convention");

    const pdf = await download(page, page.getByRole("link", { name: "Télécharger en PDF" }));
    expect(pdf.fileName).toBe(`convention-${bienId}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.bytes.length).toBeGreaterThan(1_000);
    const answer = await getWithSession(page, `${managerPath}/convention.pdf`);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/pdf");
  });
});
