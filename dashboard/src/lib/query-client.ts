// The one TanStack Query client: server state lives here (and socket frames are written into it);
// retries skip the errors retrying cannot fix.
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client.ts';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => {
        if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429)
          return false;
        return failures < 2;
      },
    },
    mutations: { retry: false },
  },
});
