// GET /dev/mail?to=: the local mail sink (npm run dev and tests only; 404 in staging and production),
// so a developer can follow a reset or invitation link without a mail server.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { devMailbox, type SunkMail } from '../../../../../contract/rest/dev-mail.ts';
import { api } from '../../../lib/api-client.ts';

export const getDevMail = (to: string) => api.request('/dev/mail', devMailbox, { query: { to }, auth: false });

const matching = (mails: SunkMail[], subjectIncludes: string) =>
  mails.filter((m) => m.subject.includes(subjectIncludes));

export const devMailQueryOptions = (to: string, subjectIncludes: string) =>
  queryOptions({
    queryKey: ['dev-mail', to.toLowerCase()],
    queryFn: () => getDevMail(to),
    select: (data) => matching(data.mails, subjectIncludes),
    // The mail is sent after the response: poll until one with this subject shows up.
    refetchInterval: (query) =>
      matching(query.state.data?.mails ?? [], subjectIncludes).length > 0 || query.state.status === 'error'
        ? false
        : 1000,
    retry: false,
  });

export function useDevMail(to: string, subjectIncludes: string) {
  return useQuery({ ...devMailQueryOptions(to, subjectIncludes), enabled: Boolean(to) });
}

/** The first dashboard link in a mail body (links carry their token in the fragment). */
export function firstLink(text: string): string | null {
  return /https?:\/\/\S+/.exec(text)?.[0] ?? null;
}
