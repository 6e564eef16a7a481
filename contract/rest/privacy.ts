// REST shapes of the data lifecycle (docs/API.md, "Privacy"): exports of a visitor, a conversation
// or a whole project, built in the background and downloaded through a signed, expiring link; and
// the archive's own format. Erasure routes answer 204 with no body.
import { z } from 'zod';

export const EXPORT_SCOPES = ['visitor', 'conversation', 'project'] as const;
export const exportScope = z.enum(EXPORT_SCOPES);
export type ExportScope = z.infer<typeof exportScope>;

/** What to export: `id` names the visitor or the conversation; none for the project. */
export const exportRequest = z
  .object({ scope: exportScope, id: z.uuid().optional() })
  .strict()
  .refine((b) => (b.scope === 'project') === (b.id === undefined), {
    message: 'id is required for a visitor or conversation export, and not allowed for a project export',
    path: ['id'],
  });
export type ExportRequest = z.infer<typeof exportRequest>;

export const dataExport = z
  .object({
    id: z.uuid(),
    scope: exportScope,
    /** The visitor or conversation exported; null for the project. */
    subjectId: z.uuid().nullable(),
    status: z.enum(['pending', 'ready', 'failed']),
    /** Bytes of the archive, once ready. */
    size: z.number().int().nullable(),
    /** Why it failed: `too_large` (beyond the size an export may have) or `internal`. */
    error: z.string().nullable(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    /** The archive is deleted after this. */
    expiresAt: z.string(),
    /** Once ready: a signed link (no Authorization header needed), valid for an hour; ask again for a fresh one. */
    downloadUrl: z.string().nullable(),
  })
  .meta({ id: 'DataExport' });
export type DataExport = z.infer<typeof dataExport>;

export const dataExportView = z.object({ export: dataExport });
export const dataExportList = z.object({ exports: z.array(dataExport) });

/** The archive (one JSON document). Attachments are signed links valid until the export expires. */
export const EXPORT_FORMAT = 'parley.export/1';

export const exportedAttachment = z.object({
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Signed download link, valid until the export expires (absolute when PUBLIC_URL is set). */
  url: z.string(),
});

export const exportedMessage = z.object({
  id: z.string(),
  seq: z.number().int(),
  author: z.object({ kind: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  body: z.string(),
  /** Private notes between agents are included, marked. */
  private: z.boolean(),
  attachment: exportedAttachment.nullable(),
  createdAt: z.string(),
});

export const exportedConversation = z.object({
  id: z.string(),
  visitorId: z.string(),
  status: z.string(),
  assigneeId: z.string().nullable(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  reads: z.array(z.object({ readerKind: z.string(), readerId: z.string(), readSeq: z.number().int() })),
  messages: z.array(exportedMessage),
  /** The visitor's "email me the transcript" request, with the address given (docs/EMAIL.md). */
  transcriptRequest: z.object({ email: z.string(), requestedAt: z.string(), sentAt: z.string().nullable() }).nullable(),
  /** The unseen-reply emails to the visitor: how far they went and when the last one was sent. */
  visitorEmails: z
    .object({ notifiedSeq: z.number().int(), dueAt: z.string().nullable(), sentAt: z.string().nullable() })
    .nullable(),
  /** The labels it carries (ids of the archive's `labels`), as conversation_labels holds them. */
  labelIds: z.array(z.string()),
  /** The visitor's CSAT ratings, one per resolution rated, oldest first, with any comment. */
  ratings: z.array(
    z.object({
      resolvedAt: z.string(),
      rating: z.number().int(),
      comment: z.string().nullable(),
      assigneeId: z.string().nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
});

/** The person behind one or more visitors (docs/DATABASE_AND_EVENTS.md "Contacts"). */
export const exportedContact = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  externalId: z.string().nullable(),
  verified: z.boolean(),
  /** Custom attribute values by key (the project's `attributeDefinitions` name them). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const exportedLabel = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  description: z.string(),
});

export const exportedVisitor = z.object({
  id: z.string(),
  /** Their contact in the archive's `contacts`; null when none. */
  contactId: z.string().nullable(),
  externalId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  verified: z.boolean(),
  blockedAt: z.string().nullable(),
  /** When the visitor unsubscribed from emails about unseen replies; null = subscribed. */
  emailUnsubscribedAt: z.string().nullable(),
  lastSeenAt: z.string(),
  createdAt: z.string(),
  context: z
    .object({
      userAgent: z.string().nullable(),
      pageUrl: z.string().nullable(),
      pageTitle: z.string().nullable(),
      referrer: z.string().nullable(),
      locale: z.string().nullable(),
      timezone: z.string().nullable(),
      updatedAt: z.string(),
    })
    .nullable(),
});

export const exportArchive = z.object({
  format: z.literal(EXPORT_FORMAT),
  exportedAt: z.string(),
  scope: exportScope,
  subjectId: z.string().nullable(),
  project: z.object({ id: z.string(), name: z.string(), createdAt: z.string() }),
  /** Project exports only: who could read it. */
  members: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), role: z.string() })),
  visitors: z.array(exportedVisitor),
  /** The contacts of the exported visitors (every contact of the project for a project export). */
  contacts: z.array(exportedContact),
  /** Project exports only: the custom attributes defined for contacts. */
  attributeDefinitions: z.array(
    z.object({ key: z.string(), label: z.string(), type: z.string(), options: z.array(z.string()) }),
  ),
  /** The labels the exported conversations carry (every label of the project for a project export). */
  labels: z.array(exportedLabel),
  conversations: z.array(exportedConversation),
});
export type ExportArchive = z.infer<typeof exportArchive>;
