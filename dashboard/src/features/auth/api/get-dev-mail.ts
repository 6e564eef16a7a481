// GET /dev/mail?to=: the local mail sink (npm run dev and tests only; 404 in staging and production),
// so a developer can follow a reset or invitation link without a mail server.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface SunkMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

export const getDevMail = (to: string) =>
  api.request<{ mails: SunkMail[] }>('/dev/mail', { query: { to }, auth: false });

export const devMailQueryOptions = (to: string) =>
  queryOptions({
    queryKey: ['dev-mail', to.toLowerCase()],
    queryFn: () => getDevMail(to),
    // The mail is sent after the response: poll briefly until it shows up.
    refetchInterval: (query) => ((query.state.data?.mails.length ?? 0) > 0 ? false : 1000),
    retry: false,
  });

export function useDevMail(to: string, enabled: boolean) {
  return useQuery({ ...devMailQueryOptions(to), enabled });
}

/** The first dashboard link in a mail body (links carry their token in the fragment). */
export function firstLink(text: string): string | null {
  return /https?:\/\/\S+/.exec(text)?.[0] ?? null;
}
