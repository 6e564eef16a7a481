// GET /api/projects/:projectId/contacts: the Contacts page, newest first, page by page (keyset
// cursor), optionally searched by name, email or attribute value.
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { contactList } from '../../../../../contract/rest/contacts.ts';
import { api } from '../../../lib/api-client.ts';

export type { ContactListItem } from '../../../../../contract/rest/contacts.ts';

export const contactsKey = (projectId: string) => ['projects', projectId, 'contacts'] as const;

export const getContacts = (projectId: string, q: string, cursor: string | null) => {
  const params = new URLSearchParams({ limit: '25' });
  if (q) params.set('q', q);
  if (cursor) params.set('cursor', cursor);
  return api.request(`/api/projects/${projectId}/contacts?${params}`, contactList);
};

export const contactsQueryOptions = (projectId: string, q: string) =>
  infiniteQueryOptions({
    queryKey: [...contactsKey(projectId), 'list', q],
    queryFn: ({ pageParam }) => getContacts(projectId, q, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Typing a search keeps the last results on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

export function useContacts(projectId: string, q: string) {
  return useInfiniteQuery(contactsQueryOptions(projectId, q));
}
