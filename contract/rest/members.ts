// REST shapes of a project's members (/api/projects/:projectId/members): who they are, their role,
// a role change's answer, and the team (/api/projects/:projectId/team) every member may read.
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

/**
 * A teammate as every member may see them (GET …/team: who to assign or mention): no email, no
 * security state — the Managers' member list has those.
 */
export const teammate = z.object({ userId: z.uuid(), name: z.string(), role: memberRole }).meta({ id: 'Teammate' });
export const teamList = z.object({ team: z.array(teammate) });

export const memberRoleChanged = z.object({ userId: z.uuid(), role: memberRole });
