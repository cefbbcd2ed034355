// The files attached to an application, as download links (access-checked route
// /organisations/:slug/pieces-jointes/:id, served to the applicant and to the reviewers).
import { formatNumberFr } from "~/domain/premises";

export type AttachmentItem = { id: string; fileName: string; sizeBytes: number; documentLabel: string | null };

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${formatNumberFr(Math.max(1, Math.round(bytes / 1024)))} ko` : `${formatNumberFr(Math.round((bytes / (1024 * 1024)) * 10) / 10)} Mo`;
}

export function AttachmentList({ slug, attachments, labelledBy }: { slug: string; attachments: readonly AttachmentItem[]; labelledBy?: string }) {
  if (attachments.length === 0) return <p>Aucune pièce jointe.</p>;
  return (
    <ul aria-labelledby={labelledBy}>
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          {attachment.documentLabel ? `${attachment.documentLabel} : ` : ""}
          <a href={`/organisations/${slug}/pieces-jointes/${attachment.id}`} download>
            {attachment.fileName}
          </a>{" "}
          ({formatSize(attachment.sizeBytes)})
        </li>
      ))}
    </ul>
  );
}
