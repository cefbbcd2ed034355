// The SCIC's sociétaires: collèges and voting weights, associates, share movements and the
// register at a date, with CSV exports. Managers of the SCIC only.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { Field, FormError, SelectField } from "~/components/forms";
import { OrganizationSearch, organizationSearchOf } from "~/components/organization-search";
import { db } from "~/db.server";
import { formatWeightPercent } from "~/domain/cooperative";
import { formatEuros, parseEurosToCents } from "~/domain/pricing";
import { formatDayMonthYear, instantToParis, isLocalDate, localDate } from "~/domain/time";
import { associateFormSchema, collegesFormSchema, movementFormSchema } from "~/forms/cooperative";
import { createAssociate, getRegister, recordShareMovement, saveColleges } from "~/models/cooperative.server";
import { searchOrganizations } from "~/models/organization.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";
import { requireScicManager } from "~/utils/scic-access.server";

export const meta: MetaFunction = () => [{ title: "Sociétaires — Tiers-lieux partagés" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const dateParam = new URL(request.url).searchParams.get("date");
  const date = dateParam && isLocalDate(dateParam) ? dateParam : localDate(instantToParis(new Date()));
  const organizationQuery = organizationSearchOf(request);
  const [register, organizations] = await Promise.all([
    getRegister(db, { scicId: access.organization.id, date }),
    searchOrganizations(db, { query: organizationQuery, excludeId: access.organization.id }),
  ]);
  return json({ organization: access.organization, date, register, organizationQuery, organizations });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireScicManager(request, params.slug);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const scicId = access.organization.id;
  const back = redirect(`/organisations/${access.organization.slug}/societaires`);
  const intent = formData.get("intent");
  if (intent === "colleges") {
    const submission = parseWithZod(formData, { schema: collegesFormSchema });
    if (submission.status !== "success") return json(submission.reply(), { status: 400 });
    const result = await saveColleges(db, { scicId, colleges: submission.value.colleges });
    if (!result.ok) return json(submission.reply({ formErrors: result.errors }), { status: 422 });
    return back;
  }
  if (intent === "associate") {
    const submission = parseWithZod(formData, { schema: associateFormSchema });
    if (submission.status !== "success") return json(submission.reply(), { status: 400 });
    const result = await createAssociate(db, { scicId, ...submission.value, organizationId: submission.value.organizationId || null });
    if (!result.ok) return json(submission.reply({ formErrors: result.errors }), { status: 422 });
    return back;
  }
  const submission = parseWithZod(formData, { schema: movementFormSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const movement =
    v.kind === "SUBSCRIPTION"
      ? { kind: v.kind, associateId: v.associateId, date: v.date, shares: v.shares, nominalValueCents: parseEurosToCents(v.nominalValue) ?? 0, paidOn: v.paidOn || null }
      : v.kind === "TRANSFER"
        ? { kind: v.kind, fromAssociateId: v.associateId, toAssociateId: v.toAssociateId ?? "", date: v.date, shares: v.shares }
        : { kind: v.kind, associateId: v.associateId, date: v.date, shares: v.shares };
  const result = await recordShareMovement(db, { scicId, movement });
  if (!result.ok) return json(submission.reply({ formErrors: result.errors }), { status: 422 });
  return back;
}

export default function Societaires() {
  const { organization, date, register, organizationQuery, organizations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const resultFor = (intent: string) => (lastResult?.initialValue?.intent === intent ? lastResult : undefined);
  const [collegeForm] = useForm({ id: "colleges", lastResult: resultFor("colleges"), onValidate: ({ formData }) => parseWithZod(formData, { schema: collegesFormSchema }) });
  const [associateForm, associateFields] = useForm({
    id: "associate",
    lastResult: resultFor("associate"),
    constraint: getZodConstraint(associateFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: associateFormSchema }),
  });
  const [movementForm, movementFields] = useForm({
    id: "movement",
    lastResult: resultFor("movement"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: movementFormSchema }),
  });
  const base = `/organisations/${organization.slug}/societaires`;
  const collegeRows = [...register.colleges.map((c) => ({ id: c.id, name: c.name, weight: formatWeightPercent(c.weightBasisPoints).replace(" %", "") })), { id: "", name: "", weight: "" }];
  return (
    <section aria-labelledby="coop-title">
      <h1 id="coop-title">Sociétaires — {organization.name}</h1>

      <h2>Registre au {formatDayMonthYear(date)}</h2>
      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="register-date">Date du registre</label>
          <input id="register-date" name="date" type="date" defaultValue={date} />
        </div>
        <div>
          <button type="submit">Afficher</button>
        </div>
      </Form>
      <p>
        <a href={`${base}/registre.csv?date=${date}`} download>
          Registre des associés (CSV)
        </a>{" "}
        —{" "}
        <a href={`${base}/colleges.csv?date=${date}`} download>
          Synthèse par collège (CSV)
        </a>
      </p>
      <table>
        <caption>Associés détenant des parts au {formatDayMonthYear(date)}</caption>
        <thead>
          <tr>
            <th scope="col">Associé</th>
            <th scope="col">Collège</th>
            <th scope="col">Entrée</th>
            <th scope="col">Parts</th>
            <th scope="col">Capital libéré</th>
            <th scope="col">Capital non libéré</th>
          </tr>
        </thead>
        <tbody>
          {register.rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">{row.name}</th>
              <td>{row.collegeName}</td>
              <td>{formatDayMonthYear(row.enteredOn)}</td>
              <td>{row.shares}</td>
              <td>{formatEuros(row.paidCapitalCents)}</td>
              <td>{formatEuros(row.unpaidCapitalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Collèges</h2>
      <Form method="post" className="form" {...getFormProps(collegeForm)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="colleges" />
        <FormError id={collegeForm.errorId} errors={collegeForm.errors} />
        {collegeRows.map((row, index) => (
          <fieldset key={row.id || "new"}>
            <legend>{row.id ? `Collège ${index + 1}` : "Nouveau collège"}</legend>
            {row.id ? <input type="hidden" name={`colleges[${index}].id`} value={row.id} /> : null}
            <div className="field">
              <label htmlFor={`college-${index}-name`}>Nom</label>
              <input id={`college-${index}-name`} name={`colleges[${index}].name`} defaultValue={row.name} />
            </div>
            <div className="field">
              <label htmlFor={`college-${index}-weight`}>Droits de vote (%)</label>
              <input id={`college-${index}-weight`} name={`colleges[${index}].weightPercent`} defaultValue={row.weight} inputMode="decimal" />
            </div>
          </fieldset>
        ))}
        <p className="hint">Au moins 3 collèges, chacun entre 10 % et 50 % des voix, 100 % au total.</p>
        <div>
          <button type="submit">Enregistrer les collèges</button>
        </div>
      </Form>

      <h2>Ajouter un associé</h2>
      <OrganizationSearch
        id="associate-organization-search"
        label="Chercher l'organisation de l'associé sur la plateforme"
        query={organizationQuery}
        shown={organizations.found.length}
        total={organizations.total}
        keep={{ date }}
      />
      <Form method="post" className="form" {...getFormProps(associateForm)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="associate" />
        <FormError id={associateForm.errorId} errors={associateForm.errors} />
        <Field label="Nom" htmlFor={associateFields.name.id} errorId={associateFields.name.errorId} errors={associateFields.name.errors}>
          <input {...getInputProps(associateFields.name, { type: "text" })} />
        </Field>
        <Field label="Type" htmlFor={associateFields.kind.id} errorId={associateFields.kind.errorId} errors={associateFields.kind.errors}>
          <select {...getSelectProps(associateFields.kind)}>
            <option value="ORGANISATION">Personne morale</option>
            <option value="PERSON">Personne physique</option>
          </select>
        </Field>
        <SelectField label="Collège" meta={associateFields.collegeId} emptyChoice={{ value: "", label: "Choisir…" }} records={register.colleges} />
        <SelectField label="Organisation sur la plateforme (facultatif)" meta={associateFields.organizationId} emptyChoice={{ value: "", label: "Aucune" }} records={organizations.found} />
        <div>
          <button type="submit">Ajouter l'associé</button>
        </div>
      </Form>

      <h2>Enregistrer un mouvement de parts</h2>
      <Form method="post" className="form" {...getFormProps(movementForm)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="movement" />
        <FormError id={movementForm.errorId} errors={movementForm.errors} />
        <Field label="Type" htmlFor={movementFields.kind.id} errorId={movementFields.kind.errorId} errors={movementFields.kind.errors}>
          <select {...getSelectProps(movementFields.kind)}>
            <option value="SUBSCRIPTION">Souscription</option>
            <option value="TRANSFER">Cession</option>
            <option value="REFUND">Remboursement</option>
          </select>
        </Field>
        <SelectField label="Associé (cédant pour une cession)" meta={movementFields.associateId} emptyChoice={{ value: "", label: "Choisir…" }} records={register.associates} />
        <SelectField label="Bénéficiaire (cession)" meta={movementFields.toAssociateId} emptyChoice={{ value: "", label: "—" }} records={register.associates} />
        <Field label="Date" htmlFor={movementFields.date.id} errorId={movementFields.date.errorId} errors={movementFields.date.errors}>
          <input {...getInputProps(movementFields.date, { type: "date" })} />
        </Field>
        <Field label="Nombre de parts" htmlFor={movementFields.shares.id} errorId={movementFields.shares.errorId} errors={movementFields.shares.errors}>
          <input {...getInputProps(movementFields.shares, { type: "number" })} min={1} />
        </Field>
        <Field label="Valeur nominale d'une part (€, souscription)" htmlFor={movementFields.nominalValue.id} errorId={movementFields.nominalValue.errorId} errors={movementFields.nominalValue.errors}>
          <input {...getInputProps(movementFields.nominalValue, { type: "text" })} inputMode="decimal" />
        </Field>
        <Field label="Libérée le (souscription, vide si non libérée)" htmlFor={movementFields.paidOn.id} errorId={movementFields.paidOn.errorId} errors={movementFields.paidOn.errors}>
          <input {...getInputProps(movementFields.paidOn, { type: "date" })} />
        </Field>
        <div>
          <button type="submit">Enregistrer le mouvement</button>
        </div>
      </Form>
      <p>
        <Link to={`/organisations/${organization.slug}/tarifs`}>Tarifs et attribution</Link>
      </p>
    </section>
  );
}
