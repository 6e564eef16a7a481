// POST /api/invitations/preview: what an invitation is for, before accepting or signing up.

import { queryOptions, useQuery } from '@tanstack/react-query';
import { invitationPreview } from '../../../../../contract/rest/invitations.ts';
import { api } from '../../../lib/api-client.ts';

export type { InvitationPreview } from '../../../../../contract/rest/invitations.ts';

export const previewInvitation = (token: string) =>
  api.request('/api/invitations/preview', invitationPreview, { method: 'POST', body: { token }, auth: false });

export const invitationPreviewQueryOptions = (token: string) =>
  queryOptions({ queryKey: ['invitation-preview', token], queryFn: () => previewInvitation(token), retry: false });

export function useInvitationPreview(token: string | null) {
  return useQuery({ ...invitationPreviewQueryOptions(token ?? ''), enabled: Boolean(token) });
}
