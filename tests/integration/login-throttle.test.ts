// Login throttling through the real login action: per account (known or not) and per IP behind
// a trusted proxy, refused before the password is checked, with one French message.
import { db } from "~/db.server";
import { action as loginAction, headers as loginHeaders } from "~/routes/connexion";
import { clientIp } from "~/utils/client-ip.server";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "../../prisma/seed";
import { Browser, respond, routeArgs } from "../helpers/http";

const START = new Date("2027-03-10T09:00:00Z");
const MINUTE_MS = 60_000;
const MEMBER = DEMO_USERS.structureMember.email;

beforeAll(async () => {
  await seedDemoData(db);
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
  await db.loginAttempt.deleteMany();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

function advanceMinutes(minutes: number) {
  vi.setSystemTime(new Date(Date.now() + minutes * MINUTE_MS));
}

type LogInOptions = { forwardedFor?: string; socketIp?: string; browser?: Browser };

/** `socketIp`: the address scripts/server.mjs passes in the load context. */
async function logIn(email: string, password: string, { forwardedFor, socketIp, browser = new Browser() }: LogInOptions = {}) {
  const request = await browser.post("/connexion", { email, password });
  if (forwardedFor) request.headers.set("X-Forwarded-For", forwardedFor);
  const context = socketIp ? { clientIp: socketIp } : {};
  return browser.remember(await respond(() => loginAction({ ...routeArgs(request), context })));
}

async function formErrorsOf(response: Response): Promise<string[]> {
  const body = (await response.json()) as { error?: Record<string, string[] | null> };
  return body.error?.[""] ?? [];
}

async function failTimes(count: number, email: string, options: LogInOptions = {}) {
  for (let i = 0; i < count; i++) {
    const response = await logIn(email, `wrong-password-${i}`, options);
    expect(response.status).toBe(401);
  }
}

describe("per-account throttling", () => {
  it("answers the 6th wrong password within 15 minutes with 429 and the French message", async () => {
    for (let i = 0; i < 5; i++) {
      if (i > 0) advanceMinutes(3);
      expect((await logIn(MEMBER, "not-the-password")).status).toBe(401);
    }
    advanceMinutes(0.5);
    const response = await logIn(MEMBER, "not-the-password");
    expect(response.status).toBe(429);
    expect(await formErrorsOf(response)).toEqual(["Trop de tentatives. Réessayez dans 1 minute."]);
    expect(response.headers.get("Retry-After")).toBe("30");
    // The HTML page (forms work without JavaScript) carries it too.
    const documentHeaders = loginHeaders({
      actionHeaders: response.headers,
      loaderHeaders: new Headers(),
      parentHeaders: new Headers(),
      errorHeaders: undefined,
    });
    expect(new Headers(documentHeaders).get("Retry-After")).toBe("30");
  });

  it("gives an unknown e-mail exactly the same answers (no account enumeration)", async () => {
    const answers = async (email: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await logIn(email, "not-the-password")).status);
      const throttled = await logIn(email, "not-the-password");
      return { statuses, status: throttled.status, retryAfter: throttled.headers.get("Retry-After"), errors: await formErrorsOf(throttled) };
    };
    const known = await answers(MEMBER);
    const unknown = await answers("personne@exemple.fr");
    expect(known).toEqual({ statuses: [401, 401, 401, 401, 401], status: 429, retryAfter: "60", errors: ["Trop de tentatives. Réessayez dans 1 minute."] });
    expect(unknown).toEqual(known);
  });

  it("refuses even the right password while throttled, and starts no session", async () => {
    await failTimes(5, MEMBER);
    const sessionsBefore = await db.session.count();
    const browser = new Browser();
    const response = await logIn(MEMBER, DEMO_PASSWORD, { browser });
    expect(response.status).toBe(429);
    expect(await formErrorsOf(response)).toEqual(["Trop de tentatives. Réessayez dans 1 minute."]);
    expect(browser.cookie("__session")).toBeUndefined();
    expect(await db.session.count()).toBe(sessionsBefore);
  });

  it("counts the address however it is typed", async () => {
    await failTimes(5, MEMBER);
    expect((await logIn(`  ${MEMBER.toUpperCase()} `, DEMO_PASSWORD)).status).toBe(429);
  });

  it("does not throttle other accounts", async () => {
    await failTimes(5, MEMBER);
    expect((await logIn(DEMO_USERS.structureAdmin.email, DEMO_PASSWORD)).status).toBe(302);
  });

  it("doubles the wait with every further failure, up to 15 minutes", async () => {
    await failTimes(5, MEMBER);
    const waits: string[] = [];
    for (const minutes of [1, 2, 4, 8, 15]) {
      advanceMinutes(minutes);
      expect((await logIn(MEMBER, "still-wrong")).status).toBe(401);
      waits.push(...(await formErrorsOf(await logIn(MEMBER, "still-wrong"))));
    }
    expect(waits).toEqual([
      "Trop de tentatives. Réessayez dans 2 minutes.",
      "Trop de tentatives. Réessayez dans 4 minutes.",
      "Trop de tentatives. Réessayez dans 8 minutes.",
      "Trop de tentatives. Réessayez dans 15 minutes.",
      "Trop de tentatives. Réessayez dans 15 minutes.",
    ]);
  });

  it("lets the right password in once the wait is over, which clears the count", async () => {
    // 9 failures, each once the previous lock is over: the longest lock, 15 minutes.
    await failTimes(5, MEMBER);
    for (const minutes of [1, 2, 4, 8]) {
      advanceMinutes(minutes);
      await failTimes(1, MEMBER);
    }
    expect((await logIn(MEMBER, DEMO_PASSWORD)).status).toBe(429);
    advanceMinutes(14);
    expect((await logIn(MEMBER, DEMO_PASSWORD)).status).toBe(429);
    advanceMinutes(1);
    const browser = new Browser();
    const response = await logIn(MEMBER, DEMO_PASSWORD, { browser });
    expect(response.status).toBe(302);
    expect(browser.cookie("__session")).toBeDefined();
    // The success cleared the earlier failures: a typo now is a plain 401.
    expect((await logIn(MEMBER, "typo")).status).toBe(401);
  });

  it("lets no more than 5 of a burst of parallel guesses reach the password check", async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => logIn(MEMBER, `parallel-guess-${i}`)));
    const statuses = responses.map((response) => response.status);
    const checked = statuses.filter((status) => status === 401).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10 - checked);
    // Only the checked guesses stay recorded (a refused one was never checked).
    expect(await db.loginAttempt.count({ where: { email: MEMBER, succeeded: false } })).toBe(checked);
  });

  it("keeps throttled attempts out of the table and stores addresses lower-cased", async () => {
    await failTimes(5, MEMBER.toUpperCase());
    await logIn(MEMBER, "not-the-password");
    const rows = await db.loginAttempt.findMany();
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.email === MEMBER && row.ip === "local" && !row.succeeded)).toBe(true);
  });

  it("forgets attempts after a day", async () => {
    await failTimes(3, MEMBER);
    advanceMinutes(24 * 60 + 1);
    await logIn(DEMO_USERS.structureAdmin.email, DEMO_PASSWORD);
    expect(await db.loginAttempt.count({ where: { email: MEMBER } })).toBe(0);
  });
});

describe("clientIp", () => {
  function requestWith(forwardedFor?: string) {
    return new Request("http://localhost/connexion", { headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {} });
  }

  it.each([
    { trustProxy: false, forwardedFor: undefined, socketIp: undefined, expected: "local" },
    { trustProxy: false, forwardedFor: undefined, socketIp: "192.0.2.1", expected: "192.0.2.1" },
    { trustProxy: false, forwardedFor: "203.0.113.7", socketIp: "192.0.2.1", expected: "192.0.2.1" },
    { trustProxy: false, forwardedFor: undefined, socketIp: "unknown", expected: "local" },
    { trustProxy: false, forwardedFor: undefined, socketIp: "2001:DB8::1", expected: "2001:db8::1" },
    // Express's req.ip under `trust proxy: true` is the first hop, which the client wrote.
    { trustProxy: true, forwardedFor: "1.2.3.4, 203.0.113.7", socketIp: "1.2.3.4", expected: "203.0.113.7" },
    { trustProxy: true, forwardedFor: "203.0.113.7", socketIp: undefined, expected: "203.0.113.7" },
    { trustProxy: true, forwardedFor: undefined, socketIp: "192.0.2.1", expected: "192.0.2.1" },
    { trustProxy: true, forwardedFor: "<script>", socketIp: undefined, expected: "local" },
  ])("TRUST_PROXY=$trustProxy, X-Forwarded-For $forwardedFor, socket $socketIp → $expected", ({ trustProxy, forwardedFor, socketIp, expected }) => {
    vi.stubEnv("TRUST_PROXY", trustProxy ? "true" : "false");
    expect(clientIp(requestWith(forwardedFor), socketIp ? { clientIp: socketIp } : {})).toBe(expected);
  });
});

describe("per-IP throttling", () => {
  it("refuses an address with 20 recent failures, whatever the account, and counts no other address", async () => {
    for (let i = 0; i < 20; i++) await failTimes(1, `inconnu-${i}@exemple.fr`, { socketIp: "192.0.2.10" });
    const fromThatIp = await logIn(MEMBER, DEMO_PASSWORD, { socketIp: "192.0.2.10" });
    expect(fromThatIp.status).toBe(429);
    expect(await formErrorsOf(fromThatIp)).toEqual(["Trop de tentatives. Réessayez dans 1 minute."]);
    expect((await logIn(MEMBER, DEMO_PASSWORD, { socketIp: "192.0.2.11" })).status).toBe(302);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY=true: no per-IP counter then", async () => {
    for (let i = 0; i < 20; i++) await failTimes(1, `inconnu-${i}@exemple.fr`, { forwardedFor: "203.0.113.7" });
    expect((await logIn(MEMBER, DEMO_PASSWORD, { forwardedFor: "203.0.113.7" })).status).toBe(302);
    expect(await db.loginAttempt.count({ where: { ip: "203.0.113.7" } })).toBe(0);
  });

  it("refuses an IP with 20 recent failures, whatever the account, behind a trusted proxy", async () => {
    vi.stubEnv("TRUST_PROXY", "true");
    // The client chose the first hop (which Express reports as req.ip); the proxy appended the
    // address it saw (the last one). Changing the first hop does not escape the count.
    for (let i = 0; i < 20; i++) {
      await failTimes(1, `inconnu-${i}@exemple.fr`, { forwardedFor: `10.0.0.${i}, 203.0.113.7`, socketIp: `10.0.0.${i}` });
    }
    const fromThatIp = await logIn(MEMBER, DEMO_PASSWORD, { forwardedFor: "198.51.100.1, 203.0.113.7", socketIp: "198.51.100.1" });
    expect(fromThatIp.status).toBe(429);
    expect(await formErrorsOf(fromThatIp)).toEqual(["Trop de tentatives. Réessayez dans 1 minute."]);
    expect((await logIn(MEMBER, DEMO_PASSWORD, { forwardedFor: "203.0.113.8" })).status).toBe(302);
  });
});
