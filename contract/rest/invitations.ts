// REST shapes of invitations: a project's pending ones (/api/projects/:projectId/invitations) and
// the invitee's side of an emailed link (/api/invitations: preview, accept). The token itself is
// never in an answer.
import { z } from 'zod';
import { memberRole } from './common.ts';

export const invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: memberRole,
    expiresAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof invitation>;

export const invitationList = z.object({ invitations: z.array(invitation) });

/** What a token is for, before accepting or signing up. */
export const invitationPreview = z.object({
  projectName: z.string(),
  email: z.string(),
  role: memberRole,
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof invitationPreview>;

export const invitationAccepted = z.object({ projectId: z.uuid(), role: memberRole });
