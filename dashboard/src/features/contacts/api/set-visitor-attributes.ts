// PATCH /api/projects/:projectId/visitors/:visitorId/attributes: the visitor panel's editor (any
// member); the visitor gets a contact now if they had none.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { attributesResponse } from '../../../../../contract/rest/contacts.ts';
import { api } from '../../../lib/api-client.ts';
import type { AttributeInput } from '../utils/attribute-input.ts';
import { contactsKey } from './get-contacts.ts';

export function useSetVisitorAttributes(projectId: string, visitorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attributes: Record<string, AttributeInput>) =>
      api.request(`/api/projects/${projectId}/visitors/${visitorId}/attributes`, attributesResponse, {
        method: 'PATCH',
        body: { attributes },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'visitors', visitorId] });
      void queryClient.invalidateQueries({ queryKey: contactsKey(projectId) });
    },
  });
}
