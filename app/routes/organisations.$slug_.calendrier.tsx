import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { FormError } from "~/components/forms";
import { db } from "~/db.server";
import { hasRole } from "~/domain/roles";
import { formatParisDateTime } from "~/domain/time";
import { calendarFeedSchema } from "~/forms/calendar-feed";
import {
  feedUrls,
  findPlace,
  listActiveFeeds,
  listSitesForFeeds,
  regenerateFeed,
  revokeFeed,
  type FeedTarget,
} from "~/models/calendar-feed.server";
import { requireOrgRole, type OrgAccess } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Calendrier — ${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

/** Space and site feeds show details to the managers of the organisation that runs them. */
function managesPlace(access: OrgAccess, placeOrganizationId: string): boolean {
  return placeOrganizationId === access.organization.id && hasRole(access.role, "MANAGER");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  const [feeds, sites] = await Promise.all([
    listActiveFeeds(db, { userId: access.user.id, organizationId: access.organization.id }),
    listSitesForFeeds(db),
  ]);
  const since = (scope: string, id: string | null = null) => {
    const feed = feeds.find((f) => f.scope === scope && (f.spaceId ?? f.siteId ?? null) === id);
    return feed ? formatParisDateTime(feed.createdAt) : null;
  };
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    organizationFeed: since("ORGANIZATION"),
    userFeed: since("USER"),
    sites: sites.map((site) => ({
      id: site.id,
      name: site.name,
      city: site.city,
      managedBy: site.organization.name,
      detailed: managesPlace(access, site.organizationId),
      feed: since("SITE", site.id),
      spaces: site.spaces.map((space) => ({ id: space.id, name: space.name, feed: since("SPACE", space.id) })),
    })),
  });
}

type Done = { kind: "issued"; label: string; https: string; webcal: string } | { kind: "revoked"; label: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "MEMBER");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const submission = parseWithZod(formData, { schema: calendarFeedSchema });
  const formKey = `${String(formData.get("scope"))}:${String(formData.get("targetId") ?? "")}`;
  if (submission.status !== "success") return json({ formKey, result: submission.reply(), done: null }, { status: 400 });

  const { intent, scope, targetId } = submission.value;
  const userId = access.user.id;
  const organizationId = access.organization.id;
  let target: FeedTarget;
  let label: string;
  let detailed = false;
  if (scope === "ORGANIZATION") {
    target = { scope, organizationId, userId };
    label = `Réservations de ${access.organization.name}`;
  } else if (scope === "USER") {
    target = { scope, userId };
    label = "Mes réservations";
  } else {
    const place = await findPlace(db, { scope, id: targetId ?? "" });
    if (!place) {
      const result = submission.reply({ formErrors: ["Cet espace ou ce site n'existe plus. Rechargez la page."] });
      return json({ formKey, result, done: null }, { status: 400 });
    }
    target = scope === "SPACE" ? { scope, organizationId, userId, spaceId: place.id } : { scope, organizationId, userId, siteId: place.id };
    label = place.name;
    detailed = managesPlace(access, place.organizationId);
  }

  const now = new Date();
  let done: Done;
  if (intent === "revoke") {
    await revokeFeed(db, { target, now });
    done = { kind: "revoked", label };
  } else {
    const token = await regenerateFeed(db, { target, detailed, now });
    done = { kind: "issued", label, ...feedUrls(new URL(request.url).origin, token) };
  }
  return json({ formKey, result: submission.reply({ resetForm: true }), done });
}

function FeedActions({
  scope,
  targetId,
  label,
  since,
  lastResult,
}: {
  scope: "ORGANIZATION" | "USER" | "SPACE" | "SITE";
  targetId?: string;
  label: string;
  since: string | null;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm({
    id: `flux-${scope.toLowerCase()}-${targetId ?? "principal"}`,
    lastResult,
    defaultValue: { scope, targetId },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: calendarFeedSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)}>
      <AuthenticityTokenInput />
      <input {...getInputProps(fields.scope, { type: "hidden" })} />
      {targetId ? <input {...getInputProps(fields.targetId, { type: "hidden" })} /> : null}
      <FormError id={form.errorId} errors={form.errors} />
      <p>{since ? `Lien actif, créé le ${since}.` : "Aucun lien pour l'instant."}</p>
      <button type="submit" name={fields.intent.name} value="regenerate">
        {since ? "Régénérer le lien" : "Créer le lien"}
        <span className="visually-hidden"> : {label}</span>
      </button>{" "}
      {since ? (
        <button type="submit" name={fields.intent.name} value="revoke" className="button-secondary">
          Révoquer le lien<span className="visually-hidden"> : {label}</span>
        </button>
      ) : null}
    </Form>
  );
}

function IssuedLink({ done }: { done: Extract<Done, { kind: "issued" }> }) {
  return (
    <section className="notice" aria-labelledby="nouveau-lien" role="status">
      <h2 id="nouveau-lien">Nouveau lien : {done.label}</h2>
      <p>
        Copiez-le maintenant : pour des raisons de sécurité, il ne sera plus affiché. L'ancien lien, s'il existait, ne
        fonctionne plus.
      </p>
      <div className="field">
        <label htmlFor="lien-https">Adresse de l'abonnement ({new URL(done.https).protocol.replace(":", "")})</label>
        <input id="lien-https" type="text" readOnly value={done.https} />
      </div>
      <p>
        <a href={done.webcal}>Ouvrir dans mon application d'agenda (webcal://)</a>
      </p>
    </section>
  );
}

function Instructions() {
  return (
    <section aria-labelledby="comment-s-abonner">
      <h2 id="comment-s-abonner">Comment s'abonner</h2>
      <p>
        Un abonnement se met à jour tout seul : votre application relit le calendrier régulièrement (nous lui conseillons
        toutes les heures ; certaines le font moins souvent). Il est en lecture seule : les réservations se modifient ici.
      </p>
      <h3>Google Agenda</h3>
      <p>
        Sur ordinateur, à gauche : « Autres agendas », bouton « + », puis « À partir de l'URL ». Collez l'adresse https:// et
        validez. Google actualise les agendas abonnés toutes les quelques heures.
      </p>
      <h3>Outlook</h3>
      <p>
        Outlook sur le web et nouvel Outlook : « Ajouter un calendrier », puis « S'abonner à partir du web », collez l'adresse
        https://. Outlook classique : « Fichier », « Paramètres du compte », onglet « Calendriers Internet », « Nouveau ».
      </p>
      <h3>Calendrier d'Apple (Mac, iPhone, iPad)</h3>
      <p>
        Cliquez sur le lien webcal://, ou, sur Mac, « Fichier », « Nouvel abonnement à un calendrier ». Sur iPhone et iPad :
        « Réglages », « Calendrier », « Comptes », « Ajouter un compte », « Autre », « Ajouter un calendrier avec abonnement ».
      </p>
      <h3>Thunderbird</h3>
      <p>
        Dans l'agenda : « Nouvel agenda », « Sur le réseau », collez l'adresse https:// ; Thunderbird reconnaît le format
        iCalendar (ICS).
      </p>
    </section>
  );
}

export default function CalendarPage() {
  const { organization, organizationFeed, userFeed, sites } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (key: string) => (actionData?.formKey === key ? actionData.result : undefined);
  const done = actionData?.done ?? null;
  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={`/organisations/${organization.slug}`}>{organization.name}</Link> › Calendrier
      </nav>
      <h1>Calendrier</h1>
      <p className="lead">
        Retrouvez vos réservations dans votre agenda habituel. Chaque lien d'abonnement est personnel et secret : toute
        personne qui le connaît voit ce calendrier. Il n'est affiché qu'une fois ; en le régénérant, vous obtenez un nouveau
        lien et l'ancien cesse de fonctionner.
      </p>
      {done?.kind === "issued" ? <IssuedLink done={done} /> : null}
      {done?.kind === "revoked" ? (
        <p className="notice" role="status">
          Le lien « {done.label} » est révoqué : les agendas abonnés ne le liront plus.
        </p>
      ) : null}

      <section aria-labelledby="flux-organisation">
        <h2 id="flux-organisation">Réservations de {organization.name}</h2>
        <p>Toutes les réservations de l'organisation, sur tous les sites, avec leurs détails.</p>
        <FeedActions scope="ORGANIZATION" label={`Réservations de ${organization.name}`} since={organizationFeed} lastResult={resultFor("ORGANIZATION:")} />
      </section>

      <section aria-labelledby="flux-personnel">
        <h2 id="flux-personnel">Mes réservations</h2>
        <p>Les réservations que vous avez faites vous-même, pour chacune de vos organisations.</p>
        <FeedActions scope="USER" label="Mes réservations" since={userFeed} lastResult={resultFor("USER:")} />
      </section>

      <section aria-labelledby="flux-espaces">
        <h2 id="flux-espaces">Occupation des sites et des espaces</h2>
        <p>
          Les créneaux déjà pris, pour choisir les vôtres. Seuls les gestionnaires du lieu voient qui a réservé ; pour les
          autres, chaque créneau s'affiche « Réservé », sans nom.
        </p>
        {sites.length === 0 ? <p>Aucun site pour l'instant.</p> : null}
        {sites.map((site) => (
          <section key={site.id} aria-labelledby={`site-${site.id}`}>
            <h3 id={`site-${site.id}`}>
              {site.name} ({site.city})
            </h3>
            <p>
              Géré par {site.managedBy}. {site.detailed ? "Vous le gérez : vos liens montrent le détail des réservations." : "Liens anonymes : « Réservé »."}
            </p>
            <table>
              <caption className="visually-hidden">Calendriers de {site.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Calendrier</th>
                  <th scope="col">Lien d'abonnement</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Tout le site</th>
                  <td>
                    <FeedActions scope="SITE" targetId={site.id} label={`${site.name}, tout le site`} since={site.feed} lastResult={resultFor(`SITE:${site.id}`)} />
                  </td>
                </tr>
                {site.spaces.map((space) => (
                  <tr key={space.id}>
                    <th scope="row">{space.name}</th>
                    <td>
                      <FeedActions scope="SPACE" targetId={space.id} label={space.name} since={space.feed} lastResult={resultFor(`SPACE:${space.id}`)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </section>

      <Instructions />
    </>
  );
}
