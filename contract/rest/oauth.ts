// REST answer of /api/auth/oauth/providers: which OAuth sign-ins this deployment offers.
import { z } from 'zod';

export const OAUTH_PROVIDERS = ['github', 'google'] as const;
export const oauthProviderId = z.enum(OAUTH_PROVIDERS);
export type OAuthProviderId = z.infer<typeof oauthProviderId>;

/** Only the configured ones. */
export const oauthProviders = z.object({ providers: z.array(oauthProviderId) });
