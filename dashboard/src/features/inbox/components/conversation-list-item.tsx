// One row of the inbox: who, the last message, when, unread count, its labels and who has it. The conversation
// open in a visible tab has no unread count: the agent is reading it (its room is told, and the
// server's count follows within the room's read flush). Its checkbox (for a bulk change) sits over
// the avatar, beside the row's link rather than in it (no control inside a link): on a desktop it
// shows on hover or focus, and on every row once one is checked or a phone's "Select" was tapped.

import type { Label } from '../../../../../contract/rest/labels.ts';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { CountPill } from '../../../components/ui/badge.tsx';
import { ClockIcon, ShieldCheckIcon } from '../../../components/ui/icons.tsx';
import { LabelChip } from '../../../components/ui/label-chip.tsx';
import { PriorityBadge } from '../../../components/ui/priority-badge.tsx';
import { paths } from '../../../config/paths.ts';
import { cn } from '../../../lib/cn.ts';
import { shortTime, visitorName } from '../../../lib/format.ts';
import { activityAt, type ConversationSummary } from '../../../lib/protocol.ts';
import { Link } from '../../../lib/router.tsx';
import { usePageVisible } from '../hooks/use-page-visible.ts';

export function ConversationListItem({
  conversation: c,
  projectId,
  selected,
  assigneeName,
  labels,
  checked,
  checkboxes,
  onCheck,
}: {
  conversation: ConversationSummary;
  projectId: string;
  selected: boolean;
  assigneeName: string | null;
  labels: readonly Label[];
  /** Checked for a bulk change. */
  checked: boolean;
  /** Every row shows its checkbox (something is checked, or "Select" on a phone). */
  checkboxes: boolean;
  /** The checkbox was clicked (with Shift: a range) or pressed. */
  onCheck: (range: boolean) => void;
}) {
  const name = visitorName(c.visitor);
  const reading = usePageVisible() && selected;
  const unreadCount = reading ? 0 : c.unreadByAgent;
  const unread = unreadCount > 0;
  return (
    <li className="group relative" data-row-id={c.id}>
      <label
        className={cn(
          'absolute top-3.5 left-4 z-10 size-9 cursor-pointer items-center justify-center rounded-full',
          checkboxes
            ? 'flex'
            : 'hidden md:flex md:opacity-0 md:group-focus-within:opacity-100 md:group-hover:opacity-100',
        )}
      >
        <input
          type="checkbox"
          checked={checked}
          // React's change event on a checkbox is the click: Shift+click extends a range.
          onChange={(e) => onCheck((e.nativeEvent as MouseEvent).shiftKey === true)}
          aria-label={`Select ${name}`}
          data-testid="row-checkbox"
          className="size-4 cursor-pointer accent-brand-600"
        />
      </label>
      <Link
        to={paths.conversation(projectId, c.id)}
        data-conversation-id={c.id}
        aria-current={selected ? 'page' : undefined}
        className={cn(
          'group relative flex gap-3 border-b border-slate-100 px-4 py-3.5 transition-colors',
          selected ? 'bg-brand-50/80' : checked ? 'bg-brand-50/40' : 'hover:bg-slate-50',
        )}
      >
        {selected && <span className="absolute inset-y-0 left-0 w-0.5 bg-brand-600" />}
        {/* The checkbox takes the avatar's place while it shows. */}
        <Avatar
          name={name}
          seed={c.visitor.id}
          className={checkboxes ? 'invisible' : 'md:group-focus-within:invisible md:group-hover:invisible'}
        />
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1.5">
            <span
              className={cn('truncate text-sm', unread ? 'font-semibold text-slate-900' : 'font-medium text-slate-800')}
            >
              {name}
            </span>
            {c.visitor.verified && (
              <ShieldCheckIcon size={14} className="shrink-0 text-emerald-600" aria-label="Verified identity" />
            )}
            {/* Nothing for no priority; the word is in the badge. */}
            <PriorityBadge priority={c.priority} />
            <span className={cn('ml-auto shrink-0 text-xs', unread ? 'font-medium text-brand-700' : 'text-slate-500')}>
              {shortTime(activityAt(c))}
            </span>
          </div>
          <div className="mt-0.5 flex items-center gap-2">
            <p className={cn('line-clamp-1 flex-1 text-sm', unread ? 'text-slate-700' : 'text-slate-500')}>
              {c.lastMessagePreview ?? <span className="italic">No messages yet</span>}
            </p>
            {unread && (
              <span data-testid="unread-count">
                <CountPill count={unreadCount} />
              </span>
            )}
          </div>
          {labels.length > 0 && (
            <div className="mt-1.5 flex flex-wrap gap-1" data-testid="row-labels">
              {labels.slice(0, 3).map((l) => (
                <LabelChip key={l.id} name={l.name} color={l.color} />
              ))}
              {labels.length > 3 && <span className="text-xs text-slate-500">+{labels.length - 3}</span>}
            </div>
          )}
          {(assigneeName || c.status === 'snoozed') && (
            <div className="mt-1.5 flex items-center gap-2 text-xs text-slate-500">
              {c.status === 'snoozed' && c.snoozedUntil && (
                <span className="inline-flex items-center gap-1 text-amber-700">
                  <ClockIcon size={12} /> until{' '}
                  {new Date(c.snoozedUntil).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })}
                </span>
              )}
              {assigneeName && (
                <span className="inline-flex items-center gap-1">
                  <Avatar name={assigneeName} seed={c.assigneeId ?? ''} size="xs" /> {assigneeName}
                </span>
              )}
            </div>
          )}
        </div>
      </Link>
    </li>
  );
}

export function ConversationListSkeleton() {
  return (
    <ul aria-hidden="true">
      {Array.from({ length: 7 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <li key={i} className="flex gap-3 border-b border-slate-100 px-4 py-3.5">
          <span className="size-9 animate-pulse rounded-full bg-slate-100" />
          <span className="flex-1 space-y-2 py-0.5">
            <span className="block h-3 w-1/2 animate-pulse rounded bg-slate-100" />
            <span className="block h-3 w-4/5 animate-pulse rounded bg-slate-100" />
          </span>
        </li>
      ))}
    </ul>
  );
}
