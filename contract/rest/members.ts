// REST shapes of a project's members (/api/projects/:projectId/members): who they are, their role,
// and a role change's answer.
import { z } from 'zod';
import { memberRole } from './common.ts';

export const member = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: memberRole,
    mfaEnabled: z.boolean(),
    joinedAt: z.string(),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof member>;

export const memberList = z.object({ members: z.array(member) });

export const memberRoleChanged = z.object({ userId: z.uuid(), role: memberRole });
