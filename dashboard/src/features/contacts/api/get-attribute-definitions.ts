// GET /api/projects/:projectId/contact-attributes: the project's custom attributes and whether the
// caller may define them (Managers; Agents when a Manager allows it).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { attributeDefinitionList } from '../../../../../contract/rest/contacts.ts';
import { api } from '../../../lib/api-client.ts';

export type { AttributeDefinition } from '../../../../../contract/rest/contacts.ts';

export const attributeDefinitionsKey = (projectId: string) => ['projects', projectId, 'contact-attributes'] as const;

export const getAttributeDefinitions = (projectId: string) =>
  api.request(`/api/projects/${projectId}/contact-attributes`, attributeDefinitionList);

export function useAttributeDefinitions(projectId: string) {
  return useQuery(
    queryOptions({
      queryKey: attributeDefinitionsKey(projectId),
      queryFn: () => getAttributeDefinitions(projectId),
      staleTime: 5 * 60_000,
    }),
  );
}
