// Who may call each route module: ONE table for every loader and action of app/routes (and the
// root). tests/integration/access-matrix.test.ts reads the real route manifest, fails on a route
// without an entry here (or an entry without a route), and checks every route × method × actor
// against it, on SQLite and PostgreSQL. A new route needs a line here before the suite passes.
//
// Levels (what the test expects from each actor):
// - pages (every route but /api and /calendrier): actors are an anonymous visitor, an ADMIN of
//   another organisation of the same kind, and a MEMBER, a MANAGER and an ADMIN of the owning
//   organisation.
//   · "public": everyone is served;
//   · "authenticated": every logged-in user is served, anonymous visitors go to /connexion;
//   · "MEMBER" | "MANAGER" | "ADMIN": that role or above in the owning organisation;
//   · "nobody": no one is served (401/403/404 or /connexion for everybody).
//   Role levels are given per kind of owning organisation ({ SCIC: "MANAGER" }); for a route under
//   /organisations/:slug, a kind left out has no such page: everybody gets 404 there.
// - /api: actors send no token, a revoked token of the owner, another organisation's token, the
//   owning organisation's token.
//   · "token": any valid token is served (each sees only its own organisation's data);
//   · "owner-token": only the owning organisation's token is served;
//   · "method-not-allowed": everybody gets 405 (the method is not part of the API);
//   · "nobody": everybody is refused (404 for an unknown address).
// - /calendrier/:token.ics: "feed-token": an unknown or revoked token gets 404, a valid one the feed.
//
// `method`: the HTTP method the test sends to the action (POST unless said otherwise).
// `intents`: an action whose forms need a higher role for some `intent` values is also checked
// with each of them (the empty form follows `rule`).
import type { OrganizationKind } from "~/domain/roles";

export type PageLevel = "public" | "authenticated" | "MEMBER" | "MANAGER" | "ADMIN" | "nobody";
export type ApiLevel = "token" | "owner-token" | "method-not-allowed" | "nobody";
export type FeedLevel = "feed-token";
export type Level = PageLevel | ApiLevel | FeedLevel;
export type Rule = Level | Partial<Record<OrganizationKind, Level>>;
export type HandlerPolicy = Rule | { method?: "POST" | "DELETE"; rule: Rule; intents?: Record<string, Rule> };
export type RoutePolicy = { loader?: HandlerPolicy; action?: HandlerPolicy };

const SCIC_MANAGERS = { SCIC: "MANAGER" } as const;
const ASSET_MANAGERS = { COLLECTIVITE: "MANAGER" } as const;
const STRUCTURE_MEMBERS = { STRUCTURE: "MEMBER" } as const;
const ADMINS_OF_ANY_KIND = { SCIC: "ADMIN", STRUCTURE: "ADMIN", COLLECTIVITE: "ADMIN" } as const;
const MEMBERS_OF_ANY_KIND = { SCIC: "MEMBER", STRUCTURE: "MEMBER", COLLECTIVITE: "MEMBER" } as const;
// Organisations that run sites and spaces (capability "manage-spaces"): a structure runs the sites
// opened to booking from the biens it occupies (ADR 0013), on which it also approves bookings.
const SPACE_MANAGERS = { SCIC: "MANAGER", COLLECTIVITE: "MANAGER", STRUCTURE: "MANAGER" } as const;
// Only a SCIC or a collectivité creates sites; a structure never does (404 for everybody).
const SITE_CREATORS = { SCIC: "MANAGER", COLLECTIVITE: "MANAGER" } as const;

export const ACCESS_POLICY: Record<string, RoutePolicy> = {
  root: { loader: "public" },
  "routes/_index": {},
  "routes/healthz": { loader: "public" },
  "routes/connexion": { loader: "public", action: "public" },
  "routes/deconnexion": { loader: "public", action: "public" },

  // Logged-in pages of one's own account and of the whole network.
  "routes/tableau-de-bord": { loader: "authenticated" },
  "routes/compte": { loader: "authenticated", action: "authenticated" },
  "routes/compte.donnees[.json]": { loader: "authenticated" },
  "routes/notifications": { loader: "authenticated", action: "authenticated" },
  "routes/disponibilites": { loader: "authenticated" },
  // Week calendars of every space and site: outsiders see "Réservé" without names (calendar tests).
  "routes/espaces.$spaceId.semaine": { loader: "authenticated" },
  "routes/sites.$siteId.semaine": { loader: "authenticated" },
  // A booking link from a notification: the booker's members (or the space's managers) are sent on.
  "routes/reservations.$seriesId": { loader: STRUCTURE_MEMBERS },

  // Public premises pages and open data.
  "routes/biens._index": { loader: "public" },
  "routes/biens.$id": { loader: "public" },
  "routes/biens.photos.$photoId": { loader: "public" },
  "routes/open-data.biens[.csv]": { loader: "public" },
  "routes/open-data.biens[.geojson]": { loader: "public" },
  // Applying: any logged-in user sees the form; a member of the structure named in it applies.
  "routes/biens.$id_.candidater": { loader: "authenticated", action: STRUCTURE_MEMBERS },

  // Calendar feeds: the secret token in the URL is the credential.
  "routes/calendrier.$token[.ics]": { loader: "feed-token" },

  // JSON API.
  "routes/api.$": { loader: "nobody", action: "nobody" },
  "routes/api.v1.spaces": { loader: "token", action: "method-not-allowed" },
  "routes/api.v1.availability": { loader: "token", action: "method-not-allowed" },
  "routes/api.v1.bookings": { loader: "token", action: "token" },
  "routes/api.v1.bookings_.$id": { loader: "method-not-allowed", action: { method: "DELETE", rule: { STRUCTURE: "owner-token" } } },
  "routes/api.v1.bookings_.$id_.occurrences.$start": {
    loader: "method-not-allowed",
    action: { method: "DELETE", rule: { STRUCTURE: "owner-token" } },
  },
  "routes/api.v1.calendar-feed": { loader: "method-not-allowed", action: "token" },
  "routes/api.v1.invoices[.csv]": { loader: { SCIC: "owner-token" }, action: "method-not-allowed" },

  // Every organisation.
  "routes/organisations.$slug": { loader: MEMBERS_OF_ANY_KIND },
  "routes/organisations.$slug_.calendrier": { loader: MEMBERS_OF_ANY_KIND, action: MEMBERS_OF_ANY_KIND },
  "routes/organisations.$slug_.modifier": { loader: ADMINS_OF_ANY_KIND, action: ADMINS_OF_ANY_KIND },
  "routes/organisations.$slug_.membres": { loader: ADMINS_OF_ANY_KIND, action: ADMINS_OF_ANY_KIND },
  "routes/organisations.$slug_.jetons": { loader: ADMINS_OF_ANY_KIND, action: ADMINS_OF_ANY_KIND },
  "routes/organisations.$slug_.journal": { loader: ADMINS_OF_ANY_KIND },

  // Sites and spaces (SCIC, collectivités, and structures for the sites opened from their biens).
  "routes/organisations.$slug_.sites._index": { loader: MEMBERS_OF_ANY_KIND },
  "routes/organisations.$slug_.sites.nouveau": { loader: SITE_CREATORS, action: SITE_CREATORS },
  "routes/organisations.$slug_.sites.$siteId": { loader: SPACE_MANAGERS, action: SPACE_MANAGERS },
  "routes/organisations.$slug_.sites.$siteId_.espaces.nouveau": { loader: SPACE_MANAGERS, action: SPACE_MANAGERS },
  "routes/organisations.$slug_.espaces.$spaceId": { loader: SPACE_MANAGERS, action: SPACE_MANAGERS },
  "routes/organisations.$slug_.validations": { loader: SPACE_MANAGERS, action: SPACE_MANAGERS },

  // Bookings of an ESS structure.
  "routes/organisations.$slug_.reservations._index": { loader: STRUCTURE_MEMBERS },
  "routes/organisations.$slug_.reservations.nouvelle": { loader: STRUCTURE_MEMBERS, action: STRUCTURE_MEMBERS },
  "routes/organisations.$slug_.reservations.$seriesId": { loader: STRUCTURE_MEMBERS, action: STRUCTURE_MEMBERS },
  "routes/organisations.$slug_.reservations.$seriesId_.ics": { loader: STRUCTURE_MEMBERS },

  // SCIC: associates, pricing, billing, in-kind support.
  "routes/organisations.$slug_.societaires": { loader: SCIC_MANAGERS, action: SCIC_MANAGERS },
  "routes/organisations.$slug_.societaires.registre[.csv]": { loader: SCIC_MANAGERS },
  "routes/organisations.$slug_.societaires.colleges[.csv]": { loader: SCIC_MANAGERS },
  "routes/organisations.$slug_.tarifs": { loader: SCIC_MANAGERS, action: SCIC_MANAGERS },
  "routes/organisations.$slug_.facturation._index": { loader: SCIC_MANAGERS, action: SCIC_MANAGERS },
  "routes/organisations.$slug_.facturation.progression": { loader: SCIC_MANAGERS },
  "routes/organisations.$slug_.facturation.paiements": { loader: SCIC_MANAGERS },
  "routes/organisations.$slug_.facturation.parametres": { loader: SCIC_MANAGERS, action: SCIC_MANAGERS },
  "routes/organisations.$slug_.facturation.export[.csv]": { loader: SCIC_MANAGERS },
  "routes/organisations.$slug_.facturation.$invoiceId": { loader: SCIC_MANAGERS, action: SCIC_MANAGERS },
  "routes/organisations.$slug_.facturation.$invoiceId[.pdf]": { loader: SCIC_MANAGERS },
  "routes/organisations.$slug_.facturation.$invoiceId_.facturx[.pdf]": { loader: SCIC_MANAGERS },
  "routes/organisations.$slug_.avantages-en-nature": { loader: SCIC_MANAGERS },
  "routes/organisations.$slug_.avantages-en-nature[.csv]": { loader: SCIC_MANAGERS },

  // Premises of a collectivité: its asset managers; its plain members review applications.
  "routes/organisations.$slug_.biens._index": { loader: ASSET_MANAGERS },
  "routes/organisations.$slug_.biens.nouveau": { loader: ASSET_MANAGERS, action: ASSET_MANAGERS },
  "routes/organisations.$slug_.biens.$id": { loader: ASSET_MANAGERS, action: ASSET_MANAGERS },
  "routes/organisations.$slug_.biens.$id_.modifier": { loader: ASSET_MANAGERS, action: ASSET_MANAGERS },
  // The upload form lives on the bien's page: GET here is a 404 for everybody.
  "routes/organisations.$slug_.biens.$id_.photos": { loader: "nobody", action: ASSET_MANAGERS },
  // Members score the applications; the decision is an asset manager's.
  "routes/organisations.$slug_.biens.$id_.candidatures": {
    loader: { COLLECTIVITE: "MEMBER" },
    action: { rule: { COLLECTIVITE: "MEMBER" }, intents: { decide: ASSET_MANAGERS } },
  },
  "routes/organisations.$slug_.biens.$id_.convention": { loader: ASSET_MANAGERS },
  "routes/organisations.$slug_.biens.$id_.convention[.pdf]": { loader: ASSET_MANAGERS },
  "routes/organisations.$slug_.biens.photos.$photoId": { loader: { COLLECTIVITE: "MEMBER" } },
  "routes/organisations.$slug_.demande": { loader: ASSET_MANAGERS },

  // Needs and applications of an ESS structure.
  "routes/organisations.$slug_.besoins": { loader: STRUCTURE_MEMBERS, action: STRUCTURE_MEMBERS },
  "routes/organisations.$slug_.besoins.$needId": { loader: STRUCTURE_MEMBERS, action: STRUCTURE_MEMBERS },
  // Its managers open an occupied bien to booking from there.
  "routes/organisations.$slug_.candidatures": { loader: STRUCTURE_MEMBERS, action: { STRUCTURE: "MANAGER" } },
  // An application's attachment: members of the applicant structure and of the bien's collectivité.
  "routes/organisations.$slug_.pieces-jointes.$attachmentId": { loader: { STRUCTURE: "MEMBER", COLLECTIVITE: "MEMBER" } },
};
