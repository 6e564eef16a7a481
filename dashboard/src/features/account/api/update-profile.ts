// PATCH /api/me: change the display name, the dashboard theme, or whether to get email notifications while offline.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ThemePreference } from '../../../../../contract/enums.ts';
import { user } from '../../../../../contract/rest/me.ts';
import { api } from '../../../lib/api-client.ts';
import { meQueryOptions } from '../../../lib/auth.tsx';

export const updateProfile = (input: { name?: string; theme?: ThemePreference; emailNotifications?: boolean }) =>
  api.request('/api/me', user, { method: 'PATCH', body: input });

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (user) => queryClient.setQueryData(meQueryOptions().queryKey, user),
  });
}
