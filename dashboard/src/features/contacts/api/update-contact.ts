// PATCH /api/projects/:projectId/contacts/:contactId: name, email or attribute values (any member).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { contact } from '../../../../../contract/rest/contacts.ts';
import { api } from '../../../lib/api-client.ts';
import type { AttributeInput } from '../utils/attribute-input.ts';
import { contactsKey } from './get-contacts.ts';

export interface ContactPatch {
  name?: string | null;
  email?: string | null;
  attributes?: Record<string, AttributeInput>;
}

export const updateContact = (projectId: string, contactId: string, patch: ContactPatch) =>
  api.request(`/api/projects/${projectId}/contacts/${contactId}`, contact, { method: 'PATCH', body: patch });

export function useUpdateContact(projectId: string, contactId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ContactPatch) => updateContact(projectId, contactId, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsKey(projectId) }),
  });
}
