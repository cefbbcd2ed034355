import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AuthenticityTokenInput } from "remix-utils/csrf/react";
import { db } from "~/db.server";
import { formatParisDateTime } from "~/domain/time";
import { listNotifications, markAllNotificationsRead } from "~/models/notification.server";
import { listMembershipsOfUser } from "~/models/organization.server";
import { requireUser } from "~/utils/auth.server";
import { requireCsrf } from "~/utils/csrf.server";
import { readFormData } from "~/utils/form-guard.server";

export const meta: MetaFunction = () => [{ title: "Notifications — Tiers-lieux partagés" }];

async function inboxOf(request: Request) {
  const user = await requireUser(request);
  const memberships = await listMembershipsOfUser(db, user.id);
  return { userId: user.id, organizationIds: memberships.map((membership) => membership.organization.id) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const notifications = await listNotifications(db, await inboxOf(request));
  return json({
    notifications: notifications.map((notification) => ({
      id: notification.id,
      title: notification.title,
      body: notification.body,
      // Only our own paths are links (they are written by the app, but a link is a link).
      link: notification.link?.startsWith("/") && !notification.link.startsWith("//") ? notification.link : null,
      unread: notification.readAt === null,
      createdAt: formatParisDateTime(notification.createdAt),
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const inbox = await inboxOf(request);
  const formData = await readFormData(request);
  await requireCsrf(request, formData);
  await markAllNotificationsRead(db, { ...inbox, now: new Date() });
  return redirect("/notifications");
}

/** What the notification's link leads to: a booking, a bien or the list of biens. */
function linkText(link: string): string {
  if (link.startsWith("/reservations/")) return "Voir la réservation";
  if (link.startsWith("/biens/")) return "Voir le bien";
  if (link === "/biens") return "Voir les biens proposés";
  return "Voir le détail";
}

export default function NotificationsPage() {
  const { notifications } = useLoaderData<typeof loader>();
  const unreadCount = notifications.filter((notification) => notification.unread).length;
  return (
    <>
      <h1>Notifications</h1>
      {notifications.length === 0 ? <p>Vous n'avez aucune notification.</p> : null}
      {unreadCount > 0 ? (
        <Form method="post">
          <AuthenticityTokenInput />
          <p>
            {unreadCount === 1 ? "1 notification non lue." : `${unreadCount} notifications non lues.`}{" "}
            <button type="submit" className="button-secondary">
              Tout marquer comme lu
            </button>
          </p>
        </Form>
      ) : null}
      <ul className="cards">
        {notifications.map((notification) => (
          <li key={notification.id} className="card">
            <article aria-labelledby={`notification-${notification.id}`}>
              <h2 id={`notification-${notification.id}`}>
                {notification.unread ? (
                  <>
                    <span className="badge badge-warn">Non lue</span>{" "}
                  </>
                ) : null}
                {notification.title}
              </h2>
              <p>{notification.body}</p>
              <p className="hint">{notification.createdAt}</p>
              {notification.link ? (
                <p>
                  <Link to={notification.link}>
                    {linkText(notification.link)}
                    <span className="visually-hidden"> : {notification.title}</span>
                  </Link>
                </p>
              ) : null}
            </article>
          </li>
        ))}
      </ul>
    </>
  );
}
