// POST, PATCH and DELETE /api/projects/:projectId/contact-attributes[/:attributeId]: defining,
// changing and removing a custom attribute (Managers, or Agents when allowed).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { type AttributeType, attributeDefinitionSaved } from '../../../../../contract/rest/contacts.ts';
import { api } from '../../../lib/api-client.ts';
import { attributeDefinitionsKey } from './get-attribute-definitions.ts';

export interface NewAttribute {
  key: string;
  label: string;
  type: AttributeType;
  options?: string[];
}

const base = (projectId: string) => `/api/projects/${projectId}/contact-attributes`;

export function useCreateAttribute(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewAttribute) =>
      api.request(base(projectId), attributeDefinitionSaved, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attributeDefinitionsKey(projectId) }),
  });
}

export function useUpdateAttribute(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: { label?: string; options?: string[] } }) =>
      api.request(`${base(projectId)}/${id}`, attributeDefinitionSaved, { method: 'PATCH', body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attributeDefinitionsKey(projectId) }),
  });
}

export function useDeleteAttribute(projectId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request(`${base(projectId)}/${id}`, ok, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attributeDefinitionsKey(projectId) }),
  });
}
