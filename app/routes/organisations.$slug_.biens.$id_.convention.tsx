// The convention d'occupation of an attributed bien, prefilled, as a printable page (and a PDF link).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { db } from "~/db.server";
import { loadConvention } from "~/models/premises-convention.server";
import { requireCollectivite } from "~/utils/premises-access.server";

export const meta: MetaFunction = () => [{ title: "Convention d'occupation — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug);
  const result = await loadConvention(db, access.organization.id, params.id ?? "");
  if (!result) throw new Response("Bien introuvable.", { status: 404 });
  return json({ slug: access.organization.slug, premisesId: params.id ?? "", result }, { status: result.ok ? 200 : 409 });
}

export default function ConventionPage() {
  const { slug, premisesId, result } = useLoaderData<typeof loader>();
  const back = `/organisations/${slug}/biens/${premisesId}`;
  if (!result.ok) {
    return (
      <section aria-labelledby="convention-title">
        <h1 id="convention-title">Convention d'occupation</h1>
        <p role="alert">{result.message}</p>
        <Link to={back}>← Retour au bien</Link>
      </section>
    );
  }
  const { convention } = result;
  return (
    <article aria-labelledby="convention-title" className="convention">
      <p className="no-print">
        <Link to={back}>← Retour au bien</Link> · <a href={`${back}/convention.pdf`}>Télécharger en PDF</a>
      </p>
      <h1 id="convention-title">{convention.title}</h1>
      <p>Entre {convention.parties.collectivite.designation}</p>
      <p>et {convention.parties.occupant.designation}</p>
      {convention.warnings.length > 0 ? (
        <ul className="no-print">
          {convention.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      {convention.articles.map((article) => (
        <section key={article.key} aria-labelledby={`article-${article.number}`}>
          <h2 id={`article-${article.number}`}>
            Article {article.number} — {article.heading}
          </h2>
          {article.paragraphs.map((paragraph, index) => (
            <p key={index}>{paragraph}</p>
          ))}
        </section>
      ))}
      <p>Fait en deux exemplaires.</p>
    </article>
  );
}
