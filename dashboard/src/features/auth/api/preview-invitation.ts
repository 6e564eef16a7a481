// POST /api/invitations/preview: what an invitation is for, before accepting or signing up.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Role } from '../../../../../contract/enums.ts';
import { api } from '../../../lib/api-client.ts';

export interface InvitationPreview {
  projectName: string;
  email: string;
  role: Role;
  expiresAt: string;
}

export const previewInvitation = (token: string) =>
  api.request<InvitationPreview>('/api/invitations/preview', { method: 'POST', body: { token }, auth: false });

export const invitationPreviewQueryOptions = (token: string) =>
  queryOptions({ queryKey: ['invitation-preview', token], queryFn: () => previewInvitation(token), retry: false });

export function useInvitationPreview(token: string | null) {
  return useQuery({ ...invitationPreviewQueryOptions(token ?? ''), enabled: Boolean(token) });
}
