// Review of a bien's applications: reviewers of the collectivité (any member) score each
// application per criterion; the ranking is computed; an asset manager (MANAGER+) decides, and
// every applicant gets its message in its notifications.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { AttachmentList } from "~/components/attachment-list";
import { FormError } from "~/components/forms";
import { db } from "~/db.server";
import { formatScore, formatSiret, MAX_REVIEW_SCORE } from "~/domain/calls";
import { hasRole } from "~/domain/roles";
import { decisionFormSchema, scoreFormSchema } from "~/forms/premises";
import { decide, loadReview, parseCompanyRecord, saveScores } from "~/models/premises-call.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireCollectivite } from "~/utils/premises-access.server";
import { parseWithZod } from "@conform-to/zod";

export const meta: MetaFunction = () => [{ title: "Candidatures — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireCollectivite(request, params.slug, "MEMBER");
  const review = await loadReview(db, access.organization.id, params.id ?? "");
  if (!review) throw new Response("Bien ou appel à candidatures introuvable.", { status: 404 });
  const names = new Map(review.applications.map((application) => [application.id, application.organization.name]));
  const documentLabels = new Map(review.call.requiredDocuments.map((document) => [document.id, document.label]));
  return json({
    organization: access.organization,
    canDecide: hasRole(access.role, "MANAGER"),
    bien: { id: review.bien.id, title: review.bien.title, state: review.bien.state },
    criteria: review.call.criteria,
    applications: review.applications.map((application) => ({
      id: application.id,
      structureName: application.organization.name,
      siret: formatSiret(application.siret),
      siretStatus: application.siretStatus,
      company: parseCompanyRecord(application.siretData),
      project: application.project,
      activity: application.activity,
      peopleInvolved: application.peopleInvolved,
      desiredStart: application.desiredStart,
      durationMonths: application.durationMonths,
      maxRentCents: application.maxRentCents,
      socialUtilityStatement: application.socialUtilityStatement,
      attachments: application.attachments.map((attachment) => ({
        id: attachment.id,
        fileName: attachment.fileName,
        sizeBytes: attachment.sizeBytes,
        documentLabel: attachment.documentId ? (documentLabels.get(attachment.documentId) ?? null) : null,
      })),
      myScores: Object.fromEntries(
        review.scores
          .filter((score) => score.applicationId === application.id && score.reviewerId === access.user.id)
          .map((score) => [score.criterionId, score.score]),
      ),
    })),
    ranked: review.ranking.ranked.map((entry) => ({ ...entry, structureName: names.get(entry.applicationId) ?? "" })),
    unranked: review.ranking.unranked.map((entry) => ({ ...entry, structureName: names.get(entry.applicationId) ?? "" })),
    decided: review.decision !== null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const intent = (await readFormData(request.clone())).get("intent");
  const access = await requireCollectivite(request, params.slug, intent === "decide" ? "MANAGER" : "MEMBER");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const premisesId = params.id ?? "";
  const back = `/organisations/${access.organization.slug}/biens/${premisesId}/candidatures`;
  if (intent === "decide") {
    const submission = parseWithZod(formData, { schema: decisionFormSchema });
    if (submission.status !== "success") return json({ message: Object.values(submission.error ?? {}).flat()[0] ?? "Décision invalide." }, { status: 400 });
    const outcome = await decide(db, {
      organizationId: access.organization.id,
      premisesId,
      winnerId: submission.value.winnerId,
      commonMessage: submission.value.commonMessage ?? null,
      actor: { id: access.user.id, name: access.user.name },
      at: new Date(),
    });
    if (!outcome.ok) {
      if (outcome.status === 404) throw new Response(outcome.message, { status: 404 });
      return json({ message: outcome.message }, { status: outcome.status });
    }
    return redirect(back);
  }
  const submission = parseWithZod(formData, { schema: scoreFormSchema });
  if (submission.status !== "success") return json({ message: Object.values(submission.error ?? {}).flat()[0] ?? "Notes invalides." }, { status: 400 });
  const scores = Object.fromEntries(
    Object.entries(submission.value.scores).filter((entry): entry is [string, number] => entry[1] !== undefined),
  );
  const saved = await saveScores(db, { organizationId: access.organization.id, premisesId, applicationId: submission.value.applicationId, reviewerId: access.user.id, scores });
  if (!saved.ok) {
    if (saved.status === 404) throw new Response(saved.message, { status: 404 });
    return json({ message: saved.message }, { status: saved.status });
  }
  return redirect(back);
}

export default function ReviewApplications() {
  const { organization, canDecide, bien, criteria, applications, ranked, unranked, decided } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <article aria-labelledby="revue-title">
      <p>
        <Link to={`/organisations/${organization.slug}/biens/${bien.id}`}>← {bien.title}</Link>
      </p>
      <h1 id="revue-title">Candidatures pour « {bien.title} »</h1>
      {actionData?.message ? <FormError id="revue-erreur" errors={[actionData.message]} /> : null}
      {applications.map((application) => (
        <section key={application.id} aria-labelledby={`candidature-${application.id}`}>
          <h2 id={`candidature-${application.id}`}>{application.structureName}</h2>
          <p>
            SIRET {application.siret} —{" "}
            {application.siretStatus === "VERIFIED" && application.company
              ? `vérifié : ${application.company.legalName}, NAF ${application.company.nafCode ?? "?"}${application.company.ess ? ", structure de l'ESS" : ""}`
              : "non vérifié"}
          </p>
          <p>{application.project}</p>
          <p>
            Activité : {application.activity} ; {application.peopleInvolved} personne(s) ; à partir du {application.desiredStart} pour{" "}
            {application.durationMonths} mois ; redevance maximale {(application.maxRentCents / 100).toFixed(2).replace(".", ",")} €.
          </p>
          <p>{application.socialUtilityStatement}</p>
          <h3 id={`pieces-${application.id}`}>Pièces jointes</h3>
          <AttachmentList slug={organization.slug} attachments={application.attachments} labelledBy={`pieces-${application.id}`} />
          {bien.state === "UNDER_REVIEW" ? (
            <Form method="post" className="form">
              <AuthenticityTokenInput />
              <input type="hidden" name="intent" value="score" />
              <input type="hidden" name="applicationId" value={application.id} />
              <fieldset>
                <legend>Mes notes (0 à {MAX_REVIEW_SCORE})</legend>
                {criteria.map((criterion) => (
                  <div className="field" key={criterion.id}>
                    <label htmlFor={`note-${application.id}-${criterion.id}`}>
                      {criterion.label} ({criterion.weight} %)
                    </label>
                    <input
                      id={`note-${application.id}-${criterion.id}`}
                      name={`scores.${criterion.id}`}
                      type="number"
                      min={0}
                      max={MAX_REVIEW_SCORE}
                      step={1}
                      defaultValue={application.myScores[criterion.id] ?? ""}
                    />
                  </div>
                ))}
                <button type="submit">Enregistrer mes notes</button>
              </fieldset>
            </Form>
          ) : null}
        </section>
      ))}
      <section aria-labelledby="classement-title">
        <h2 id="classement-title">Classement</h2>
        <table>
          <caption>Candidatures classées (note sur 100)</caption>
          <thead>
            <tr>
              <th scope="col">Rang</th>
              <th scope="col">Structure</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {ranked.map((entry) => (
              <tr key={entry.applicationId}>
                <td>{entry.rank}</td>
                <th scope="row">{entry.structureName}</th>
                <td>{formatScore(entry.scoreHundredths)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {unranked.length > 0 ? (
          <ul>
            {unranked.map((entry) => (
              <li key={entry.applicationId}>
                {entry.structureName} : {entry.message}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {canDecide && bien.state === "UNDER_REVIEW" && !decided ? (
        <Form method="post" className="form">
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value="decide" />
          <fieldset>
            <legend>Décision</legend>
            {ranked.map((entry) => (
              <div key={entry.applicationId}>
                <input type="radio" id={`laureat-${entry.applicationId}`} name="winnerId" value={entry.applicationId} required />
                <label htmlFor={`laureat-${entry.applicationId}`}>Attribuer le bien à {entry.structureName}</label>
              </div>
            ))}
            <div className="field">
              <label htmlFor="message-commun">Message à tous les candidats (facultatif)</label>
              <textarea id="message-commun" name="commonMessage" rows={3} />
            </div>
            <button type="submit">Attribuer et informer les candidats</button>
          </fieldset>
        </Form>
      ) : null}
    </article>
  );
}
