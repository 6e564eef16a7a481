// REST shapes of a project's failed events (/api/projects/:projectId/events/failed, Managers):
// events whose webhook fan-out failed or was dead-lettered, and a replay's answer.
import { z } from 'zod';

export const failedEvent = z.object({
  eventId: z.string(),
  type: z.string(),
  lastError: z.string(),
  attempts: z.number(),
  deadLetteredAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type FailedEvent = z.infer<typeof failedEvent>;

export const failedEventList = z.object({ events: z.array(failedEvent) });

/** Sent to the Queue again. */
export const failedEventReplayed = z.object({ replayed: z.literal(true) });
