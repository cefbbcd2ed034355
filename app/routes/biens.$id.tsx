// Public page of one bien, without login. RGPD: no personal names nor e-mails — only the
// collectivité (a legal person) and the bien itself.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import {
  ACCESSIBILITY_LABELS,
  formatEurosCompact,
  formatSurface,
  OCCUPATION_TYPE_LABELS,
  PREMISES_CONDITION_LABELS,
  PREMISES_KIND_LABELS,
  PREMISES_STATE_LABELS,
  PROPERTY_DOMAIN_LABELS,
  reducedRentCents,
  UTILITY_LABELS,
  WORKS_ALLOWED_LABELS,
} from "~/domain/premises";
import { formatDayMonthYear, formatLocalDateTime } from "~/domain/time";
import { findPremisesSite, getPublicPremises } from "~/models/premises.server";
import { toCall } from "~/models/premises-call.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.bien.title ?? "Bien"} — Biens vacants — Tiers-lieux partagés` },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const bien = await getPublicPremises(db, params.id ?? "");
  if (!bien) throw new Response("Bien introuvable.", { status: 404 });
  const call = await db.premisesCall.findUnique({ where: { premisesId: bien.id }, select: { deadline: true, criteria: true, requiredDocuments: true } });
  // An occupied bien opened to booking: its site (run by the occupant, a legal person).
  const site = bien.state === "OCCUPIED" ? await findPremisesSite(db, bien.id) : null;
  return json({ bien, call: call ? toCall(call) : null, site });
}

export default function PublicPremisesPage() {
  const { bien, call, site } = useLoaderData<typeof loader>();
  const rent = reducedRentCents(bien.rentCents, bien.socialUtilityReductionPercent);
  return (
    <article aria-labelledby="bien-title">
      <p>
        <Link to="/biens">← Tous les biens</Link>
      </p>
      <h1 id="bien-title">{bien.title}</h1>
      <p>
        {PREMISES_KIND_LABELS[bien.kind]} — {bien.address.line}, {bien.address.postalCode} {bien.address.commune} —{" "}
        <strong>{PREMISES_STATE_LABELS[bien.state]}</strong>
      </p>
      <p>Proposé par {bien.ownerName} ({PROPERTY_DOMAIN_LABELS[bien.domain]}).</p>
      {bien.description ? <p>{bien.description}</p> : null}
      {site ? (
        <p>
          Ce lieu est ouvert à la réservation par {site.organization.name} :{" "}
          <Link to={`/sites/${site.id}/semaine`}>Réserver dans ce lieu</Link>
        </p>
      ) : null}
      {bien.photoIds.length > 0 ? (
        <ul className="photos">
          {bien.photoIds.map((photo) => (
            <li key={photo.id}>
              <img src={`/biens/photos/${photo.id}`} alt={photo.alt} width={320} loading="lazy" />
            </li>
          ))}
        </ul>
      ) : null}
      <h2>Caractéristiques</h2>
      <dl>
        <dt>Surface</dt>
        <dd>{formatSurface(bien.surfaceM2)}</dd>
        <dt>Niveaux</dt>
        <dd>{bien.levels}</dd>
        <dt>État</dt>
        <dd>{PREMISES_CONDITION_LABELS[bien.condition]}</dd>
        <dt>Accessibilité</dt>
        <dd>{ACCESSIBILITY_LABELS[bien.accessibility]}</dd>
        <dt>Équipements</dt>
        <dd>{bien.utilities.length > 0 ? bien.utilities.map((u) => UTILITY_LABELS[u]).join(", ") : "aucun"}</dd>
        <dt>Disponibilité</dt>
        <dd>
          du {formatDayMonthYear(bien.availableFrom)}
          {bien.availableUntil ? ` au ${formatDayMonthYear(bien.availableUntil)}` : ", sans date de fin"}
        </dd>
      </dl>
      <h2>Conditions d'occupation</h2>
      <dl>
        <dt>Type d'occupation</dt>
        <dd>{OCCUPATION_TYPE_LABELS[bien.occupationType]}</dd>
        <dt>Redevance mensuelle</dt>
        <dd>
          {formatEurosCompact(bien.rentCents)}
          {bien.socialUtilityReductionPercent > 0
            ? ` ; ${formatEurosCompact(rent)} pour un projet d'utilité sociale (réduction de ${bien.socialUtilityReductionPercent} %)`
            : ""}
        </dd>
        <dt>Charges mensuelles</dt>
        <dd>{formatEurosCompact(bien.chargesCents)}</dd>
        <dt>Assurance</dt>
        <dd>{bien.insuranceRequired ? "obligatoire" : "non exigée"}</dd>
        <dt>Travaux</dt>
        <dd>{WORKS_ALLOWED_LABELS[bien.worksAllowed]}</dd>
        {bien.otherConditions ? (
          <>
            <dt>Autres conditions</dt>
            <dd>{bien.otherConditions}</dd>
          </>
        ) : null}
      </dl>
      {bien.visits.length > 0 ? (
        <>
          <h2>Visites</h2>
          <ul>
            {bien.visits.map((visit) => (
              <li key={visit}>{formatLocalDateTime(visit)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {call ? (
        <section aria-labelledby="appel-title">
          <h2 id="appel-title">Appel à candidatures</h2>
          <p>Date limite : {formatLocalDateTime(call.deadline)} (heure de Paris).</p>
          <table>
            <caption>Critères de sélection</caption>
            <thead>
              <tr>
                <th scope="col">Critère</th>
                <th scope="col">Pondération</th>
              </tr>
            </thead>
            <tbody>
              {call.criteria.map((criterion) => (
                <tr key={criterion.id}>
                  <th scope="row">{criterion.label}</th>
                  <td>{criterion.weight} %</td>
                </tr>
              ))}
            </tbody>
          </table>
          {call.requiredDocuments.length > 0 ? (
            <>
              <h3>Documents à fournir</h3>
              <ul>
                {call.requiredDocuments.map((document) => (
                  <li key={document.id}>{document.label}</li>
                ))}
              </ul>
            </>
          ) : null}
          {bien.state === "PUBLISHED" ? (
            <p>
              <Link to={`/biens/${bien.id}/candidater`}>Candidater pour ma structure</Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
