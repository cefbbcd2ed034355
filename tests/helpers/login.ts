import { action as loginAction } from "~/routes/connexion";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { Browser, respond, routeArgs } from "./http";

/** A browser logged in as that demo user through the real login action. */
export async function browserLoggedInAs(email: string): Promise<Browser> {
  const browser = new Browser();
  const request = await browser.post("/connexion", { email, password: DEMO_PASSWORD });
  const response = browser.remember(await respond(() => loginAction(routeArgs(request))));
  if (response.status !== 302) throw new Error(`login as ${email} failed with ${response.status}`);
  return browser;
}
