// A project's widget look and copy, as Managers set it (PATCH settings), Postgres stores it
// (projects.widget_settings) and the widget renders it. The widget imports the type only.
import { z } from 'zod';
import { text } from './text.ts';

export const WIDGET_THEMES = ['auto', 'light', 'dark'] as const;
export type WidgetTheme = (typeof WIDGET_THEMES)[number];

export const widgetSettings = z
  .object({
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb')
      .optional(),
    position: z.enum(['left', 'right']).optional(),
    launcherLabel: text().max(40).optional(),
    greeting: text().max(500).optional(),
    awayMessage: text().max(500).optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale like en or pt-BR')
      .optional(),
    preChatForm: z.boolean().optional(),
    /** Light or dark panel; `auto` follows the visitor's device (prefers-color-scheme). */
    theme: z.enum(WIDGET_THEMES).optional(),
    /**
     * CSAT: after a resolution the widget asks for a rating and the follow-up email carries rating
     * links. On unless set to false; off, the room refuses ratings (`csat_off`).
     */
    csat: z.boolean().optional(),
  })
  .strict();
export type WidgetSettings = z.infer<typeof widgetSettings>;
