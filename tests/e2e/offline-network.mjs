// Preloaded (node --import) into the server that tests/e2e/global-setup.ts starts. The e2e
// server has no msw: its calls to the public APIs (API Adresse, Recherche d'entreprises) would
// go to the Internet, which end-to-end tests must never reach. Here every fetch() to a host
// other than this machine fails at once, as it does on a machine without network, so the app
// shows its documented offline behaviour: the bien is saved with its geocoding pending and the
// application is saved with its SIRET "non vérifié", both retried later (npm run premises:retry).
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const realFetch = globalThis.fetch;

globalThis.fetch = async function offlineFetch(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!LOCAL_HOSTS.has(url.hostname)) {
    process.stderr.write(`e2e offline network: refused ${init?.method ?? "GET"} ${url.origin}${url.pathname}\n`);
    throw new TypeError("fetch failed", { cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${url.hostname}`), { code: "ENOTFOUND" }) });
  }
  return realFetch(input, init);
};
