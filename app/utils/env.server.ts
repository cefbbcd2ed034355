// Server configuration, read once from the environment. A newcomer's `npm start` needs none
// of it: the session secret is created on first run and kept in the data directory.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const isProduction = process.env.NODE_ENV === "production";
export const dataDir = path.resolve(process.env.DATA_DIR ?? "data");

function readOrCreateSessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(dataDir, "session-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const sessionSecret = readOrCreateSessionSecret();
/** Cookies are Secure unless explicitly served over plain HTTP (local `npm start`, tests). */
export const secureCookies = process.env.INSECURE_COOKIES !== "true" && isProduction;
