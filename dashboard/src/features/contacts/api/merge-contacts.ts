// POST /api/projects/:projectId/contacts/:contactId/merge: another contact's visitors and
// conversations move into this one, which keeps its own values (any member).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contactMergeResponse } from '../../../../../contract/rest/contacts.ts';
import { api } from '../../../lib/api-client.ts';
import { contactsKey } from './get-contacts.ts';

export const mergeContacts = (projectId: string, keepId: string, mergeId: string) =>
  api.request(`/api/projects/${projectId}/contacts/${keepId}/merge`, contactMergeResponse, {
    method: 'POST',
    body: { contactId: mergeId },
  });

export function useMergeContacts(projectId: string, keepId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: string) => mergeContacts(projectId, keepId, mergeId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsKey(projectId) }),
  });
}
