// REST shapes of a project's settings (/api/projects/:projectId/settings, Managers): allowed
// domains, widget look, identity and 2FA policy; and the identity secret, shown once.
import { z } from 'zod';
import { widgetSettings } from '../widget-settings.ts';

/** The widget settings under their document name: the settings and the patch share one component. */
export const namedWidgetSettings = widgetSettings.meta({ id: 'WidgetSettings' });

export const projectSettings = z
  .object({
    allowedDomains: z.array(z.string()),
    widgetSettings: namedWidgetSettings,
    requireVerifiedIdentity: z.boolean(),
    require2fa: z.boolean(),
    /** Agents may define contact attributes too (by default only Managers do). */
    agentsDefineAttributes: z.boolean(),
    /** The secret is never shown again, only whether there is one. */
    identitySecretConfigured: z.boolean(),
  })
  .meta({ id: 'ProjectSettings' });
export type ProjectSettings = z.infer<typeof projectSettings>;

export const identitySecret = z.object({ secret: z.string() }).meta({ id: 'IdentitySecret' });
