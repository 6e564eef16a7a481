// GET /api/projects: the caller's projects and their role in each.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Role } from '../../../../../contract/enums.ts';
import { api } from '../../../lib/api-client.ts';

export type { Role };

export interface Project {
  id: string;
  name: string;
  widgetKey: string;
  role: Role;
  /** The project requires 2FA and this user has not enabled it: its routes answer 403 mfa_required. */
  mfaRequired: boolean;
  createdAt: string;
}

export const getProjects = () => api.request<{ projects: Project[] }>('/api/projects');

export const projectsQueryOptions = () =>
  queryOptions({ queryKey: ['project-list'], queryFn: getProjects, select: (data) => data.projects });

export function useProjects() {
  return useQuery(projectsQueryOptions());
}
