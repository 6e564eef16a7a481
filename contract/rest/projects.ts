// REST shapes of projects (/api/projects, /api/me/projects): a project as its member sees it, with
// their role in it.
import { z } from 'zod';
import { memberRole } from './common.ts';

export const project = z
  .object({
    id: z.uuid(),
    name: z.string(),
    widgetKey: z.string(),
    role: memberRole,
    /** The project requires 2FA and this user has not enabled it: its routes answer 403 mfa_required. */
    mfaRequired: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Project' });
export type Project = z.infer<typeof project>;

export const projectList = z.object({ projects: z.array(project) });
