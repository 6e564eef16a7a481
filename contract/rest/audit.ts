// REST shape of a project's audit log (/api/projects/:projectId/audit, Managers): security events,
// newest first, a page at a time, optionally of one type only.
import { z } from 'zod';
import { text } from '../text.ts';

// Written out for the document: OpenAPI 3.0 has no null type and the generator would emit a
// `nullable` with no `type` beside it; null rides on the string branch instead.
const auditValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).meta({
  anyOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }],
});

/** What a settings change records in `data.diff` (a JSON string): each changed field, before → after. */
export const AUDIT_REDACTED = '[redacted]';
export const auditChange = z.object({
  /** A dotted path, e.g. `widgetSettings.color`. */
  field: z.string(),
  /** `[redacted]` on both sides for a secret, token, password, hash or key. */
  from: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  to: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});
export type AuditChange = z.infer<typeof auditChange>;
export const auditDiff = z.array(auditChange);

const auditUser = z.object({ id: z.uuid(), email: z.string() });

export const auditEvent = z
  .object({
    id: z.uuid(),
    type: z.string(),
    actor: auditUser.nullable(),
    target: auditUser.nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    data: z.record(z.string(), auditValue),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof auditEvent>;

export const auditPage = z.object({
  events: z.array(auditEvent),
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});

/** An account recovery's flag on a grant made before the granting account's address was verified. */
export const GRANT_NEEDS_REVIEW = 'grant.needs_review';

/** An audit event type, such as `auth.password_changed` or `grant.needs_review`. */
export const auditEventType = z
  .string()
  .regex(/^[a-z_]+\.[a-z_]+$/, 'must be an event type such as grant.needs_review');

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: text().max(500).optional().describe('The nextCursor of the previous page'),
  /** Only events of this type, e.g. `grant.needs_review` (what an account recovery flagged). */
  type: auditEventType.optional(),
});
