// Who is signed in: the session restore on load (refresh cookie → access token in memory), the
// current user as a query, and the sign-in / sign-out transitions every screen shares.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SignedIn } from '../../../contract/rest/auth.ts';
import { ok } from '../../../contract/rest/common.ts';
import { user } from '../../../contract/rest/me.ts';
import { api } from './api-client.ts';
import { queryClient } from './query-client.ts';
import { navigate } from './router.tsx';

export type { SignedIn } from '../../../contract/rest/auth.ts';
export type { User } from '../../../contract/rest/me.ts';

export const meQueryOptions = () =>
  queryOptions({
    queryKey: ['me'],
    queryFn: () => api.request('/api/me', user),
    staleTime: 5 * 60_000,
  });

export function useUser() {
  return useQuery(meQueryOptions());
}

let restore: Promise<void> | null = null;

/**
 * Restores the session from the refresh cookie once per page load; skipped (no request, no 401 in
 * the console) when this browser has not signed in since it last signed out.
 */
function restoreSession(): Promise<void> {
  restore ??=
    api.hasAccessToken() || !api.mayHaveSession()
      ? Promise.resolve()
      : api.refresh().then(
          () => undefined,
          () => undefined,
        );
  return restore;
}

export type SessionState = 'restoring' | 'signed-in' | 'signed-out';

export function useSession(): SessionState {
  const [restored, setRestored] = useState(api.hasAccessToken());
  const signedIn = useSyncExternalStore(api.onTokenChange, api.hasAccessToken);
  useEffect(() => {
    let live = true;
    void restoreSession().then(() => {
      if (live) setRestored(true);
    });
    return () => {
      live = false;
    };
  }, []);
  if (!restored && !signedIn) return 'restoring';
  return signedIn ? 'signed-in' : 'signed-out';
}

export function completeSignIn(body: SignedIn): void {
  queryClient.clear();
  api.setAccessToken(body);
  queryClient.setQueryData(meQueryOptions().queryKey, body.user);
}

export async function signOut(): Promise<void> {
  try {
    await api.request('/api/auth/logout', ok, { method: 'POST' });
  } catch {
    // Already signed out server-side: nothing more to undo.
  }
  signOutLocally();
}

/** Forgets the session in this tab (the server already ended it). */
export function signOutLocally(): void {
  api.clearAccessToken();
  queryClient.clear();
  navigate('/sign-in', { replace: true });
}

/** The path to come back to after signing in (only same-site paths). */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
