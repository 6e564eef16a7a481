// GET /api/auth/oauth/providers: the OAuth providers this deployment offers (those configured).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { type OAuthProviderId, oauthProviders } from '../../../../../contract/rest/oauth.ts';
import { api } from '../../../lib/api-client.ts';

export type { OAuthProviderId };

export interface OAuthProvider {
  id: OAuthProviderId;
  name: string;
}

const NAMES: Record<OAuthProviderId, string> = { github: 'GitHub', google: 'Google' };

export const getOAuthProviders = () => api.request('/api/auth/oauth/providers', oauthProviders, { auth: false });

export const oauthProvidersQueryOptions = () =>
  queryOptions({
    queryKey: ['oauth-providers'],
    queryFn: getOAuthProviders,
    select: (data): OAuthProvider[] => data.providers.map((id) => ({ id, name: NAMES[id] ?? id })),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

export function useOAuthProviders() {
  return useQuery(oauthProvidersQueryOptions());
}

/**
 * Where the browser goes to start a provider's sign-in (a full navigation, not a fetch). The
 * provider sends it back to the API, which sets the refresh cookie and redirects to `returnTo`
 * (or to /login#mfa=… or /login#error=…).
 */
export const oauthStartUrl = (provider: OAuthProviderId, returnTo: string) =>
  `/api/auth/oauth/${provider}/start?returnTo=${encodeURIComponent(returnTo)}`;
