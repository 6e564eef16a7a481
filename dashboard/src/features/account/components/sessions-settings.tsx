// Account → Sessions: every device signed in, with revoke (and sign out everywhere).
import { useState } from 'react';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card } from '../../../components/ui/card.tsx';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog.tsx';
import { MonitorIcon } from '../../../components/ui/icons.tsx';
import { PageHeader } from '../../../components/ui/page.tsx';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/states.tsx';
import { signOutLocally } from '../../../lib/auth.tsx';
import { describeUserAgent, relativeTime } from '../../../lib/format.ts';
import { toastResult } from '../../../stores/toast-store.ts';
import { useSessions } from '../api/get-sessions.ts';
import { useRevokeSession } from '../api/revoke-session.ts';
import { useSignOutEverywhere } from '../api/sign-out-everywhere.ts';

export function SessionsSettings() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const everywhere = useSignOutEverywhere();
  const [confirm, setConfirm] = useState(false);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Sessions"
        description="Where your account is signed in. Revoking one signs that device out at once."
        actions={
          <Button variant="secondary" onClick={() => setConfirm(true)}>
            Sign out everywhere
          </Button>
        }
      />
      <Card>
        {sessions.isPending ? (
          <LoadingBlock />
        ) : sessions.isError ? (
          <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : sessions.data.length === 0 ? (
          <EmptyState title="No sessions" />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="sessions-list">
            {sessions.data.map((s) => (
              <li key={s.id} className="flex items-center gap-4 px-5 py-4">
                <span className="flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-500">
                  <MonitorIcon size={18} />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
                    {describeUserAgent(s.userAgent)}
                    {s.current && <Badge tone="green">This device</Badge>}
                  </p>
                  <p className="text-xs text-slate-500">
                    {s.ip ?? 'Unknown address'} · signed in {relativeTime(s.createdAt)} · active{' '}
                    {relativeTime(s.lastUsedAt)}
                  </p>
                </div>
                {!s.current && (
                  <Button
                    variant="secondary"
                    size="sm"
                    busy={revoke.isPending && revoke.variables === s.id}
                    onClick={() => revoke.mutate(s.id, toastResult('Session revoked'))}
                  >
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ConfirmDialog
        open={confirm}
        onClose={() => setConfirm(false)}
        title="Sign out everywhere?"
        description="Every session ends, this one too. You will sign in again here."
        confirmLabel="Sign out everywhere"
        busy={everywhere.isPending}
        onConfirm={() => everywhere.mutate(undefined, { onSettled: signOutLocally })}
      />
    </div>
  );
}
