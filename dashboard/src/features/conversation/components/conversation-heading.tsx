// The header's middle: the visitor's name, the conversation's status, the room connection when it
// is not live, and the visitor's email (with the snooze end when snoozed).
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import type { SocketStatus } from '../../../lib/ws-client.ts';

const STATUS_TONE: Record<ConversationSummary['status'], BadgeTone> = {
  open: 'green',
  pending: 'amber',
  snoozed: 'violet',
  resolved: 'slate',
};

export function ConversationHeading({
  conversation,
  name,
  roomStatus,
}: {
  conversation: ConversationSummary;
  name: string;
  roomStatus: SocketStatus;
}) {
  return (
    <div className="min-w-0 flex-1">
      <div className="flex items-center gap-2">
        <h2 className="truncate text-sm font-semibold text-slate-900" data-testid="conversation-title">
          {name}
        </h2>
        <Badge tone={STATUS_TONE[conversation.status]} className="capitalize">
          <span data-testid="conversation-status">{conversation.status}</span>
        </Badge>
        {roomStatus !== 'open' && (
          <span className="text-xs text-amber-700" data-testid="room-connection" data-status={roomStatus}>
            {roomStatus === 'offline' ? 'Offline — replies go out when you reconnect' : 'Reconnecting…'}
          </span>
        )}
      </div>
      <p className="truncate text-xs text-slate-500">
        {conversation.visitor.email ?? 'No email'}
        {conversation.status === 'snoozed' && conversation.snoozedUntil && (
          <>
            {' '}
            · snoozed until{' '}
            {new Date(conversation.snoozedUntil).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })}
          </>
        )}
      </p>
    </div>
  );
}
