// Members of an organisation, for its admins: list them with their roles, change a role, remove
// someone, add an existing account by e-mail (no invitation is sent). Every change is recorded
// in the audit journal and logs the member out (app/models/membership.server.ts says why).
import { getCollectionProps, getFieldsetProps, getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { ErrorList, Field, FormError } from "~/components/forms";
import { db } from "~/db.server";
import { LAST_ADMIN_MESSAGES } from "~/domain/membership";
import { MEMBERSHIP_ROLES, ROLE_LABELS } from "~/domain/roles";
import { formatParisDateTime } from "~/domain/time";
import { addMemberSchema, changeRoleSchema, removeMemberSchema } from "~/forms/membership";
import { addMember, changeMemberRole, listMembers, removeMember } from "~/models/membership.server";
import { requireOrgRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Membres — ${data?.organization.name ?? "Organisation"} — Tiers-lieux partagés` },
];

const NOTICES: Record<string, string> = {
  ajoute: "La personne est ajoutée à l'organisation. Elle devra se reconnecter pour en profiter.",
  "role-modifie": "Le rôle est modifié. La personne est déconnectée et devra se reconnecter.",
  inchange: "Le rôle n'a pas changé : c'était déjà celui-ci.",
  retire: "La personne est retirée de l'organisation et déconnectée. Son compte existe toujours.",
};

const ADD_FORM_ID = "ajouter-membre";
const roleFormId = (membershipId: string) => `role-${membershipId}`;
const removeFormId = (membershipId: string) => `retrait-${membershipId}`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "ADMIN");
  const members = await listMembers(db, { organizationId: access.organization.id });
  return json({
    organization: { slug: access.organization.slug, name: access.organization.name },
    currentUserId: access.user.id,
    members: members.map((member) => ({
      id: member.id,
      role: member.role,
      user: member.user,
      since: { iso: member.createdAt.toISOString(), label: formatParisDateTime(member.createdAt) },
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireOrgRole(request, params.slug, "ADMIN");
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  const actor = { organizationId: access.organization.id, actorUserId: access.user.id, now: now() };
  const page = `/organisations/${access.organization.slug}/membres`;
  // A change to one's own memberships ends one's own sessions too: back to the login page.
  const afterChange = (userId: string, statut: string) => redirect(userId === access.user.id ? "/connexion" : `${page}?statut=${statut}`);
  const intent = formData.get("intent");

  if (intent === "ajouter") {
    const submission = parseWithZod(formData, { schema: addMemberSchema });
    if (submission.status !== "success") return json({ formId: ADD_FORM_ID, result: submission.reply() }, { status: 400 });
    const result = await addMember(db, { ...actor, email: submission.value.email, role: submission.value.role });
    if (!result.ok) {
      const message =
        result.reason === "NO_ACCOUNT"
          ? "Aucun compte n'utilise cette adresse. La personne doit d'abord avoir un compte sur la plateforme (aucune invitation n'est envoyée)."
          : "Cette personne est déjà membre de l'organisation.";
      return json(
        { formId: ADD_FORM_ID, result: submission.reply({ fieldErrors: { email: [message] } }) },
        { status: result.reason === "NO_ACCOUNT" ? 422 : 409 },
      );
    }
    return redirect(`${page}?statut=ajoute`);
  }

  if (intent === "changer-role") {
    const submission = parseWithZod(formData, { schema: changeRoleSchema });
    const membershipId = String(formData.get("membershipId") ?? "");
    if (submission.status !== "success") return json({ formId: roleFormId(membershipId), result: submission.reply() }, { status: 400 });
    const result = await changeMemberRole(db, { ...actor, membershipId, role: submission.value.role });
    if (!result.ok) {
      if (result.reason === "NOT_FOUND") throw new Response("Membre introuvable.", { status: 404 });
      return json(
        { formId: roleFormId(membershipId), result: submission.reply({ formErrors: [LAST_ADMIN_MESSAGES.CHANGE_ROLE] }) },
        { status: 409 },
      );
    }
    return result.changed ? afterChange(result.userId, "role-modifie") : redirect(`${page}?statut=inchange`);
  }

  if (intent === "retirer") {
    const submission = parseWithZod(formData, { schema: removeMemberSchema });
    if (submission.status !== "success") throw new Response("Membre introuvable.", { status: 404 });
    const { membershipId } = submission.value;
    const result = await removeMember(db, { ...actor, membershipId });
    if (!result.ok) {
      if (result.reason === "NOT_FOUND") throw new Response("Membre introuvable.", { status: 404 });
      return json({ formId: removeFormId(membershipId), result: submission.reply({ formErrors: [LAST_ADMIN_MESSAGES.REMOVE] }) }, { status: 409 });
    }
    return afterChange(result.userId, "retire");
  }

  throw new Response("Action inconnue.", { status: 400 });
}

type MemberView = ReturnType<typeof useLoaderData<typeof loader>>["members"][number];

export default function MembersPage() {
  const { organization, members, currentUserId } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const notice = NOTICES[searchParams.get("statut") ?? ""] ?? null;
  const base = `/organisations/${organization.slug}`;

  return (
    <>
      <nav aria-label="Fil d'Ariane">
        <Link to={base}>{organization.name}</Link> › Membres
      </nav>
      <h1>Membres de {organization.name}</h1>
      <p className="lead">
        Les administrateur·rices gèrent les membres, les jetons d'API et la fiche ; les gestionnaires gèrent les espaces et
        les réservations ; les membres réservent. Changer le rôle d'une personne ou la retirer la déconnecte : elle devra se
        reconnecter. Chaque changement est inscrit au <Link to={`${base}/journal`}>journal</Link>.
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}

      <section aria-labelledby="liste-membres">
        <h2 id="liste-membres">Membres et rôles</h2>
        <table>
          <caption className="visually-hidden">Membres de {organization.name} et leurs rôles</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">E-mail</th>
              <th scope="col">Membre depuis</th>
              <th scope="col">Rôle</th>
              <th scope="col">Retirer</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <MemberRow key={member.id} member={member} isCurrentUser={member.user.id === currentUserId} />
            ))}
          </tbody>
        </table>
      </section>

      <AddMemberForm />
    </>
  );
}

function MemberRow({ member, isCurrentUser }: { member: MemberView; isCurrentUser: boolean }) {
  const actionData = useActionData<typeof action>();
  const [roleForm, roleFields] = useForm({
    id: roleFormId(member.id),
    lastResult: actionData?.formId === roleFormId(member.id) ? actionData.result : undefined,
    constraint: getZodConstraint(changeRoleSchema),
    defaultValue: { intent: "changer-role", membershipId: member.id, role: member.role },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changeRoleSchema }),
  });
  const [removeForm] = useForm({
    id: removeFormId(member.id),
    lastResult: actionData?.formId === removeFormId(member.id) ? actionData.result : undefined,
  });
  const name = isCurrentUser ? `${member.user.name} (vous)` : member.user.name;

  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{member.user.email}</td>
      <td>
        <time dateTime={member.since.iso}>{member.since.label}</time>
      </td>
      <td>
        <Form method="post" {...getFormProps(roleForm)}>
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value="changer-role" />
          <input type="hidden" name="membershipId" value={member.id} />
          <FormError id={roleForm.errorId} errors={roleForm.errors} />
          <label htmlFor={roleFields.role.id} className="visually-hidden">
            Rôle de {member.user.name}
          </label>
          <select {...getSelectProps(roleFields.role)}>
            {MEMBERSHIP_ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>{" "}
          <button type="submit" className="button-secondary">
            Changer le rôle<span className="visually-hidden"> de {member.user.name}</span>
          </button>
          <ErrorList id={roleFields.role.errorId} errors={roleFields.role.errors} />
        </Form>
      </td>
      <td>
        <Form method="post" {...getFormProps(removeForm)}>
          <AuthenticityTokenInput />
          <input type="hidden" name="intent" value="retirer" />
          <input type="hidden" name="membershipId" value={member.id} />
          <FormError id={removeForm.errorId} errors={removeForm.errors} />
          <button type="submit" className="button-danger">
            Retirer<span className="visually-hidden"> {member.user.name} de l'organisation</span>
          </button>
        </Form>
      </td>
    </tr>
  );
}

function AddMemberForm() {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: ADD_FORM_ID,
    lastResult: actionData?.formId === ADD_FORM_ID ? actionData.result : undefined,
    constraint: getZodConstraint(addMemberSchema),
    defaultValue: { intent: "ajouter", role: "MEMBER" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addMemberSchema }),
  });

  return (
    <section aria-labelledby="ajouter-titre">
      <h2 id="ajouter-titre">Ajouter un membre</h2>
      <p>
        La personne doit déjà avoir un compte sur la plateforme : aucune invitation n'est envoyée par e-mail.
      </p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <AuthenticityTokenInput />
        <input type="hidden" name="intent" value="ajouter" />
        <FormError id={form.errorId} errors={form.errors} />
        <Field label="Adresse e-mail du compte" htmlFor={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
        </Field>
        <fieldset className="field" {...getFieldsetProps(fields.role)}>
          <legend>Rôle</legend>
          <div className="choices">
            {getCollectionProps(fields.role, { type: "radio", options: [...MEMBERSHIP_ROLES] }).map(({ key, ...props }) => (
              <span key={key}>
                <input {...props} /> <label htmlFor={props.id}>{ROLE_LABELS[props.value as (typeof MEMBERSHIP_ROLES)[number]]}</label>
              </span>
            ))}
          </div>
          <ErrorList id={fields.role.errorId} errors={fields.role.errors} />
        </fieldset>
        <div>
          <button type="submit">Ajouter</button>
        </div>
      </Form>
    </section>
  );
}
