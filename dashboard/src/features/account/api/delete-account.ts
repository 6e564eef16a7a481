// DELETE /api/me (sudo): the account is deleted; 409 `last_manager` while the user is the last
// Manager of a project.
import { useMutation } from '@tanstack/react-query';
import { noContent } from '../../../../../contract/rest/common.ts';
import { api } from '../../../lib/api-client.ts';
import { withReauthentication } from '../../../lib/reauthentication.ts';

export const deleteAccount = () => withReauthentication(() => api.request('/api/me', noContent, { method: 'DELETE' }));

export function useDeleteAccount() {
  return useMutation({ mutationFn: deleteAccount });
}
