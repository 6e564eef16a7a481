// GET /api/auth/oauth/providers: the OAuth providers this deployment offers (those configured).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface OAuthProvider {
  id: string;
  name: string;
}

export const getOAuthProviders = () =>
  api.request<{ providers: OAuthProvider[] }>('/api/auth/oauth/providers', { auth: false });

export const oauthProvidersQueryOptions = () =>
  queryOptions({
    queryKey: ['oauth-providers'],
    queryFn: getOAuthProviders,
    select: (data) => data.providers,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

export function useOAuthProviders() {
  return useQuery(oauthProvidersQueryOptions());
}

/** Where the browser goes to start a provider's sign-in (a full navigation, not a fetch). */
export const oauthStartUrl = (provider: string, next: string) =>
  `/api/auth/oauth/${encodeURIComponent(provider)}/start?next=${encodeURIComponent(next)}`;
