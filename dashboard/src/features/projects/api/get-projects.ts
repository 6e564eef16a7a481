// GET /api/projects: the caller's projects and their role in each.

import { queryOptions, useQuery } from '@tanstack/react-query';
import { projectList } from '../../../../../contract/rest/projects.ts';
import { api } from '../../../lib/api-client.ts';

export type { Role } from '../../../../../contract/enums.ts';
export type { Project } from '../../../../../contract/rest/projects.ts';

export const getProjects = () => api.request('/api/projects', projectList);

export const projectsQueryOptions = () =>
  queryOptions({ queryKey: ['project-list'], queryFn: getProjects, select: (data) => data.projects });

export function useProjects() {
  return useQuery(projectsQueryOptions());
}
