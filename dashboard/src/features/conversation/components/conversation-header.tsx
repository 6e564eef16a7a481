// The conversation's header: who the visitor is, who else is looking, and the triage actions —
// assign, snooze, resolve / reopen.
import { useState } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { Badge, type BadgeTone } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import {
  CheckIcon,
  ChevronDownIcon,
  CircleCheckIcon,
  ClockIcon,
  RefreshIcon,
  UserIcon,
  UserPlusIcon,
} from '../../../components/ui/icons.tsx';
import { Menu } from '../../../components/ui/menu.tsx';
import { cn } from '../../../lib/cn.ts';
import { visitorName } from '../../../lib/format.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import type { SocketStatus } from '../../../lib/ws-client.ts';
import type { ConversationChange } from '../api/update-conversation.ts';
import { parseLocalDateTime, snoozeOptions } from '../utils/snooze.ts';

export interface AgentOption {
  id: string;
  name: string;
  online?: boolean;
}

const STATUS_TONE: Record<ConversationSummary['status'], BadgeTone> = {
  open: 'green',
  pending: 'amber',
  snoozed: 'violet',
  resolved: 'slate',
};

export function ConversationHeader({
  conversation,
  meId,
  agents,
  viewers,
  roomStatus,
  onChange,
  busy,
}: {
  conversation: ConversationSummary;
  meId: string;
  agents: AgentOption[];
  viewers: { id: string; name: string }[];
  roomStatus: SocketStatus;
  onChange: (change: ConversationChange) => void;
  busy: boolean;
}) {
  const [custom, setCustom] = useState('');
  const name = visitorName(conversation.visitor);
  const assignee = conversation.assigneeId
    ? conversation.assigneeId === meId
      ? 'You'
      : (agents.find((a) => a.id === conversation.assigneeId)?.name ?? 'Another agent')
    : null;
  const resolved = conversation.status === 'resolved';

  const assignItems = [
    {
      id: 'me',
      label: 'Me',
      icon: <UserIcon size={14} />,
      selected: conversation.assigneeId === meId,
      onSelect: () => onChange({ kind: 'assign', assigneeId: meId }),
    },
    ...agents
      .filter((a) => a.id !== meId)
      .map((a) => ({
        id: a.id,
        label: a.name,
        icon: <span className={cn('block size-2 rounded-full', a.online ? 'bg-emerald-500' : 'bg-slate-300')} />,
        selected: conversation.assigneeId === a.id,
        onSelect: () => onChange({ kind: 'assign', assigneeId: a.id }),
      })),
    {
      id: 'none',
      label: 'Unassigned',
      icon: <span className="block size-3.5" />,
      selected: conversation.assigneeId === null,
      onSelect: () => onChange({ kind: 'assign', assigneeId: null }),
    },
  ];

  const now = new Date();
  const snoozeItems = snoozeOptions(now).map((o) => ({
    id: o.id,
    label: o.label,
    hint: o.until.toLocaleString('en', { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
    onSelect: () => onChange({ kind: 'snooze', until: o.until.toISOString() }),
  }));

  return (
    <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-5 py-3">
      <Avatar name={name} seed={conversation.visitor.id} />
      <div className="min-w-0 flex-1">
        <div className="flex items-center gap-2">
          <h2 className="truncate text-sm font-semibold text-slate-900" data-testid="conversation-title">
            {name}
          </h2>
          <Badge tone={STATUS_TONE[conversation.status]} className="capitalize">
            <span data-testid="conversation-status">{conversation.status}</span>
          </Badge>
          {roomStatus !== 'open' && (
            <span className="text-xs text-amber-600" data-testid="room-connection" data-status={roomStatus}>
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
      {viewers.length > 0 && (
        <div className="flex -space-x-1.5" title={`Also here: ${viewers.map((v) => v.name).join(', ')}`}>
          {viewers.slice(0, 3).map((v) => (
            <Avatar key={v.id} name={v.name} seed={v.id} size="sm" className="ring-2 ring-white" />
          ))}
        </div>
      )}
      <Menu
        label="Assign"
        align="right"
        header="Assign to"
        items={assignItems}
        trigger={({ toggle }) => (
          <Button variant="secondary" size="sm" onClick={toggle} icon={<UserPlusIcon size={14} />} disabled={busy}>
            <span data-testid="assignee">{assignee ?? 'Assign'}</span>
            <ChevronDownIcon size={14} className="text-slate-400" />
          </Button>
        )}
      />
      {!resolved && (
        <Menu
          label="Snooze"
          align="right"
          header="Snooze until"
          items={snoozeItems}
          trigger={({ toggle }) => (
            <Button variant="secondary" size="sm" onClick={toggle} icon={<ClockIcon size={14} />} disabled={busy}>
              Snooze
            </Button>
          )}
          footer={(close) => (
            <form
              className="mt-1 flex gap-1.5 border-t border-slate-100 px-3 pt-2 pb-1.5"
              onSubmit={(e) => {
                e.preventDefault();
                const until = parseLocalDateTime(custom, new Date());
                if (until) {
                  onChange({ kind: 'snooze', until });
                  close();
                }
              }}
            >
              <input
                type="datetime-local"
                value={custom}
                onChange={(e) => setCustom(e.target.value)}
                className="min-w-0 flex-1 rounded-md border-0 px-2 py-1 text-xs ring-1 ring-slate-300"
                aria-label="Snooze until"
              />
              <Button type="submit" size="sm" variant="secondary" disabled={!parseLocalDateTime(custom, now)}>
                <CheckIcon size={14} />
              </Button>
            </form>
          )}
        />
      )}
      {resolved ? (
        <Button
          variant="secondary"
          size="sm"
          icon={<RefreshIcon size={14} />}
          busy={busy}
          onClick={() => onChange({ kind: 'status', status: 'open' })}
        >
          Reopen
        </Button>
      ) : (
        <Button
          size="sm"
          icon={<CircleCheckIcon size={14} />}
          busy={busy}
          onClick={() => onChange({ kind: 'status', status: 'resolved' })}
          title="Resolve (e)"
        >
          Resolve
        </Button>
      )}
    </header>
  );
}
