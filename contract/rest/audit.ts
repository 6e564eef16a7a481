// REST shape of a project's audit log (/api/projects/:projectId/audit, Managers): security events,
// newest first, a page at a time.
import { z } from 'zod';

// Written out for the document: OpenAPI 3.0 has no null type and the generator would emit a
// `nullable` with no `type` beside it; null rides on the string branch instead.
const auditValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).meta({
  anyOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }],
});

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
