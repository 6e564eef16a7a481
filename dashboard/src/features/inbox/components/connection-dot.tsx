// The inbox socket's state beside the Inbox title: Live, Reconnecting… or Offline.
import { cn } from '../../../lib/cn.ts';
import type { SocketStatus } from '../../../lib/ws-client.ts';

export function ConnectionDot({ status }: { status: SocketStatus }) {
  const label = status === 'open' ? 'Live' : status === 'offline' || status === 'closed' ? 'Offline' : 'Reconnecting…';
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 rounded-full px-1.5 py-0.5 text-[10px] font-medium',
        status === 'open' ? 'bg-emerald-50 text-emerald-700' : 'bg-amber-50 text-amber-700',
      )}
      data-testid="inbox-connection"
      data-status={status}
    >
      <span
        className={cn('size-1.5 rounded-full', status === 'open' ? 'bg-emerald-500' : 'animate-pulse bg-amber-500')}
      />
      {label}
    </span>
  );
}
