import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import "~/forms/zod-french";
import { AuthenticityTokenInput, AuthenticityTokenProvider } from "remix-utils/csrf/react";
import stylesheet from "~/styles/app.css";
import { getCurrentUser } from "~/utils/auth.server";
import { csrf } from "~/utils/csrf.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

const SITE_NAME = "Tiers-lieux partagés";

// Every page has a title (WCAG 2.4.2), error pages included: routes with their own meta replace
// this one, and when this route's ErrorBoundary renders, `error` says which title to give.
export const meta: MetaFunction = ({ error }) => [{ title: error ? `${errorContent(error).title} — ${SITE_NAME}` : SITE_NAME }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, [csrfToken, csrfCookie]] = await Promise.all([getCurrentUser(request), csrf.commitToken(request)]);
  return json({ user, csrfToken }, { headers: csrfCookie ? { "Set-Cookie": csrfCookie } : {} });
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>("root")?.user ?? null;
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const page = (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            Tiers-lieux partagés
          </Link>
          <nav aria-label="Navigation principale">
            <ul>
              {data?.user ? (
                <>
                  <li>
                    <NavLink to="/tableau-de-bord">Tableau de bord</NavLink>
                  </li>
                  <li>
                    <NavLink to="/disponibilites">Disponibilités</NavLink>
                  </li>
                  <li>
                    <NavLink to="/notifications">Notifications</NavLink>
                  </li>
                  <li>
                    <NavLink to="/compte">Mon compte</NavLink>
                  </li>
                  <li>
                    <Form method="post" action="/deconnexion">
                      <AuthenticityTokenInput />
                      <button type="submit" className="link-button">
                        Se déconnecter ({data.user.name})
                      </button>
                    </Form>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/biens">Locaux vacants</NavLink>
                  </li>
                  <li>
                    <NavLink to="/connexion">Se connecter</NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </header>
        <main id="contenu" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>Logiciel libre pour l'économie sociale et solidaire — partage de locaux et urbanisme transitoire.</p>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
  return data ? <AuthenticityTokenProvider token={data.csrfToken}>{page}</AuthenticityTokenProvider> : page;
}

export default function App() {
  return <Outlet />;
}

const STATUS_MESSAGES: Record<number, { title: string; text: string }> = {
  400: { title: "Demande incorrecte", text: "Les informations envoyées ne sont pas valides." },
  401: { title: "Connexion requise", text: "Connectez-vous pour accéder à cette page." },
  403: { title: "Accès refusé", text: "Vous n'avez pas les droits nécessaires pour cette page ou cette action." },
  404: { title: "Page introuvable", text: "Cette page n'existe pas, ou vous n'y avez pas accès." },
  405: { title: "Action impossible", text: "Cette page n'accepte pas ce type de demande." },
  409: { title: "Conflit", text: "Cette action entre en conflit avec une autre modification." },
  413: { title: "Envoi trop volumineux", text: "Le contenu envoyé dépasse la taille autorisée." },
  429: { title: "Trop de tentatives", text: "Patientez quelques instants avant de réessayer." },
};

function errorContent(error: unknown): { title: string; text: string; detail: string | null } {
  let title = "Une erreur inattendue s'est produite";
  let text = "Nous n'avons pas pu afficher cette page. Réessayez dans un instant ; si le problème persiste, contactez l'équipe du tiers-lieu.";
  let detail: string | null = null;
  if (isRouteErrorResponse(error)) {
    const known = STATUS_MESSAGES[error.status];
    if (known) ({ title, text } = known);
    if (typeof error.data === "string" && error.data.length > 0 && error.data.length < 300) detail = error.data;
  }
  return { title, text, detail };
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { title, text, detail } = errorContent(error);
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{text}</p>
      {detail ? <p className="error-detail">{detail}</p> : null}
      <p>
        <Link to="/">Revenir à l'accueil</Link>
      </p>
    </section>
  );
}
