// REST shapes of a project's business hours (/api/projects/:projectId/business-hours): what a
// Manager saves, and what members read — with the availability it gives right now.
import { z } from 'zod';
import { availability, businessHours } from '../availability.ts';

export const businessHoursView = z.object({
  businessHours,
  /** False until a Manager saves hours: the defaults are shown (always inside hours, measured reply time). */
  configured: z.boolean(),
  /** What the widget is told right now. */
  availability,
});
export type BusinessHoursView = z.infer<typeof businessHoursView>;
