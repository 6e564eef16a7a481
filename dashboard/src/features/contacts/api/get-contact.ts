// GET /api/projects/:projectId/contacts/:contactId: one contact, its visitors and every conversation of theirs.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { contactDetail } from '../../../../../contract/rest/contacts.ts';
import { api } from '../../../lib/api-client.ts';
import { contactsKey } from './get-contacts.ts';

export type { ContactDetail } from '../../../../../contract/rest/contacts.ts';

export const contactKey = (projectId: string, contactId: string) => [...contactsKey(projectId), contactId] as const;

export const getContact = (projectId: string, contactId: string) =>
  api.request(`/api/projects/${projectId}/contacts/${contactId}`, contactDetail);

export function useContact(projectId: string, contactId: string) {
  return useQuery(
    queryOptions({ queryKey: contactKey(projectId, contactId), queryFn: () => getContact(projectId, contactId) }),
  );
}
