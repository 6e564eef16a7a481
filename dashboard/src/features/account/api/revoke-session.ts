// DELETE /api/me/sessions/:id: signs that device out at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ok } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { sessionsKey } from './get-sessions.ts';

export const revokeSession = (sessionId: string) =>
  api.request(`/api/me/sessions/${sessionId}`, ok, { method: 'DELETE' });

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeSession,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
