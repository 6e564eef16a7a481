// REST shapes of a project's labels (/api/projects/:projectId/labels) and of the labels on one
// conversation (/api/projects/:projectId/conversations/:conversationId/labels).
import { z } from 'zod';
import { text } from '../text.ts';

/**
 * The fixed palette a label's colour comes from: each name maps to a background/foreground pair
 * the dashboard draws with enough contrast in light and dark mode, so a label never hides its name.
 */
export const LABEL_COLORS = [
  'gray',
  'red',
  'orange',
  'amber',
  'green',
  'teal',
  'blue',
  'indigo',
  'purple',
  'pink',
] as const;
export const labelColor = z.enum(LABEL_COLORS);
export type LabelColor = z.infer<typeof labelColor>;

/** How many labels a project may define: enough for any team, few enough for one picker. */
export const LABELS_MAX = 200;
/** How many labels one conversation may carry. */
export const LABELS_PER_CONVERSATION_MAX = 20;

const name = text().trim().min(1).max(50);
const description = text().trim().max(200);

export const label = z
  .object({
    id: z.uuid(),
    name: z.string(),
    color: labelColor,
    description: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Label' });
export type Label = z.infer<typeof label>;

export const labelCreate = z.object({ name, color: labelColor, description: description.optional() }).strict();

export const labelUpdate = z
  .object({ name: name.optional(), color: labelColor.optional(), description: description.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

/** The project's labels, with what the caller may do with their definitions. */
export const labelList = z.object({
  labels: z.array(label),
  /** The project lets Agents define labels too (default: Managers only). */
  agentsMayDefine: z.boolean(),
  /** The caller may create, change and delete labels. */
  canDefine: z.boolean(),
});
export type LabelList = z.infer<typeof labelList>;

export const labelSaved = z.object({ label });

export const labelSettings = z.object({ agentsMayDefine: z.boolean() }).strict();

/** PUT …/labels: the whole set after the change. */
export const conversationLabelsReplace = z
  .object({ labelIds: z.array(z.uuid()).max(LABELS_PER_CONVERSATION_MAX) })
  .strict();

/** POST …/labels: labels to add (already present ones are ignored). */
export const conversationLabelsAdd = z
  .object({ labelIds: z.array(z.uuid()).min(1).max(LABELS_PER_CONVERSATION_MAX) })
  .strict();

/** The conversation's labels after the change, and whether anything changed (no event when not). */
export const conversationLabels = z.object({
  conversationId: z.string(),
  labelIds: z.array(z.string()),
  changed: z.boolean(),
});
