// Everything the screens rely on: the query client, the toasts, a last-resort error boundary, the
// reaction to a session ending under us (revoked elsewhere, refresh token reused), and the
// "Confirm it's you" dialog sensitive changes may ask for.
import { QueryClientProvider } from '@tanstack/react-query';
import { Component, type ErrorInfo, type ReactNode, useEffect } from 'react';
import { Button } from '../components/ui/button.tsx';
import { Toaster } from '../components/ui/toaster.tsx';
import { paths } from '../config/paths.ts';
import { ReauthenticateDialog } from '../features/auth/components/reauthenticate-dialog.tsx';
import { api } from '../lib/api-client.ts';
import { queryClient } from '../lib/query-client.ts';
import { navigate } from '../lib/router.tsx';
import { toast } from '../stores/toast-store.ts';

class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('dashboard crashed', error.message, info.componentStack);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="flex min-h-full flex-col items-center justify-center gap-3 p-8 text-center">
        <p className="text-lg font-semibold">Something went wrong</p>
        <p className="max-w-md text-sm text-slate-500">{this.state.error.message}</p>
        <Button onClick={() => window.location.reload()}>Reload</Button>
      </div>
    );
  }
}

function SessionWatcher() {
  useEffect(
    () =>
      api.onSignedOut(() => {
        queryClient.clear();
        toast.info('Your session ended. Please sign in again.');
        const here = `${window.location.pathname}${window.location.search}`;
        navigate(paths.signIn(here), { replace: true });
      }),
    [],
  );
  return null;
}

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <SessionWatcher />
        {children}
        <ReauthenticateDialog />
        <Toaster />
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
