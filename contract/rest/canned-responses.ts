// REST shapes of a project's canned responses (/api/projects/:projectId/canned-responses): the
// saved replies every member reads and Managers edit.
import { z } from 'zod';

export const cannedResponse = z
  .object({
    id: z.uuid(),
    /** Typed as /shortcut in the composer. */
    shortcut: z.string(),
    title: z.string(),
    body: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CannedResponse' });
export type CannedResponse = z.infer<typeof cannedResponse>;

export const cannedResponseList = z.object({ cannedResponses: z.array(cannedResponse) });

/** A create's or an update's answer. */
export const cannedResponseSaved = z.object({ cannedResponse });
