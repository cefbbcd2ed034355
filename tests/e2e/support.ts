// Helpers for end-to-end tests: Debian's Chromium through playwright-core, against the server
// started by tests/e2e/global-setup.ts (E2E_BASE_URL). playwright-core has no `expect`: wait on
// locators (locator.waitFor, page.waitForURL) and assert with vitest's expect.
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";

/** The seed's password for every demo user (prisma/seed.ts). */
export const DEMO_PASSWORD = "demo-tiers-lieux";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The running app, e.g. http://localhost:41234 (no trailing slash). */
export function baseURL(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error("E2E_BASE_URL is not set: run end-to-end tests with `npm run test:e2e`.");
  return url;
}

/**
 * If vitest's main process dies without stopping this worker (Ctrl-C, CI timeout, kill), the
 * worker's IPC channel closes; an orphaned vitest worker would otherwise live on, spinning, with
 * its Chromium. Ending the worker at once closes Chromium's pipe, and Chromium exits with it.
 */
function endWithRunner() {
  if (process.send && process.listenerCount("disconnect") === 0) {
    process.once("disconnect", () => process.kill(process.pid, "SIGKILL"));
  }
}

export function launchBrowser(): Promise<Browser> {
  endWithRunner();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * One Chromium for the describe block that calls this (launched before its tests, closed after
 * them) and `open(email?)`: a page in a fresh context, logged in as `email` when given. The pages
 * a test opened are closed after it, unless `keepPages` (tests that go on in the same page).
 */
export function browserForTests({ keepPages = false }: { keepPages?: boolean } = {}): { open: (email?: string) => Promise<Page> } {
  let browser: Browser | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  if (!keepPages) {
    afterEach(async () => {
      await Promise.all(pages.splice(0).map((page) => page.context().close()));
    });
  }
  return {
    async open(email) {
      if (!browser) throw new Error("No browser: open pages in tests or hooks of the describe block that called browserForTests().");
      const page = await newPage(browser);
      pages.push(page);
      if (email) await logIn(page, email);
      return page;
    },
  };
}

/** Whether a request stays on this machine (the app, data: and blob: URLs). */
function isLocalRequest(url: URL): boolean {
  return url.protocol === "data:" || url.protocol === "blob:" || ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/**
 * A page in a new browser context (no cookies), in French, with relative URLs resolved against
 * the app. Requests beyond this machine (the map's OpenStreetMap tiles…) are aborted as on a
 * machine without network: end-to-end tests never reach the Internet.
 */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL(), locale: "fr-FR", timezoneId: "Europe/Paris", acceptDownloads: true });
  await context.route((url) => !isLocalRequest(url), (route) => route.abort("internetdisconnected"));
  return context.newPage();
}

/** Clicks what starts a download (a link with `download`…) and returns the file's name and bytes. */
export async function download(page: Page, trigger: Locator): Promise<{ fileName: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), trigger.click()]);
  const failure = await file.failure();
  if (failure) throw new Error(`Download of ${file.url()} failed: ${failure}`);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return { fileName: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/**
 * Clicks a submit button of a Remix form that stays on the page (its action redirects back) and
 * waits for its POST to be answered and for Remix to finish loading the page's data again.
 */
export async function submitInPlace(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), button.click()]);
  await page.waitForFunction(() => {
    const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string }; revalidation: string } } }).__remixRouter;
    return router !== undefined && router.state.navigation.state === "idle" && router.state.revalidation === "idle";
  });
}

/** GET with the page's cookies (its session), to read a download's status and headers. */
export async function getWithSession(page: Page, path: string) {
  const response = await page.context().request.get(path, { maxRedirects: 0 });
  return { status: response.status(), headers: response.headers(), body: await response.body() };
}

/** Logs in through the real form and waits for the dashboard. */
export async function logIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/tableau-de-bord"),
    page.getByRole("button", { name: "Se connecter", exact: true }).click(),
  ]);
  await page.getByRole("heading", { level: 1, name: /^Bonjour / }).waitFor();
}

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

/**
 * Runs axe-core (WCAG 2.1 A and AA) on the page as it is now. Fails, listing each rule and the
 * elements concerned, when a violation is serious or critical; lesser ones are only printed.
 */
export async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const describe = (violations: typeof results.violations) =>
    violations
      .map((violation) => {
        const nodes = violation.nodes
          .map((node) => `      ${node.target.join(" ")}\n        ${node.failureSummary?.replace(/\n/g, "\n        ") ?? ""}`)
          .join("\n");
        return `  - [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`;
      })
      .join("\n");
  const blocking = results.violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ""));
  const other = results.violations.filter((violation) => !BLOCKING_IMPACTS.has(violation.impact ?? ""));
  if (other.length > 0) {
    console.warn(`Accessibility (${name}, ${page.url()}): ${other.length} minor/moderate issue(s)\n${describe(other)}`);
  }
  if (blocking.length > 0) {
    throw new Error(
      `Accessibility (${name}, ${page.url()}): ${blocking.length} serious/critical violation(s) of WCAG 2.1 AA\n${describe(blocking)}`,
    );
  }
  return results;
}
