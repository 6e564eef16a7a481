// The bulk action bar: over the inbox's header while conversations are checked (or a phone's
// "Select" is on). "N selected" with a select-all-on-this-page checkbox, Resolve (Reopen on the
// Resolved list) and Clear; under them Snooze, Assign, Label and Priority — each for all of them
// in one request. Two rows, so that at a phone's width and in the desktop's 22rem column every menu opens
// on screen. The Snooze, Assign, Priority and Label menus are the conversation's and the labels feature's
// own, handed in by the inbox route (features never import each other). A toolbar: ←/→ move
// between its controls.
import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import type { Label } from '../../../../../contract/rest/labels.ts';
import { Button } from '../../../components/ui/button.tsx';
import { CircleCheckIcon, RefreshIcon, XIcon } from '../../../components/ui/icons.tsx';
import { Kbd } from '../../../components/ui/kbd.tsx';
import { cn } from '../../../lib/cn.ts';
import type { ConversationPriority } from '../../../lib/priority.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { useBulkChange } from '../api/bulk-change.ts';
import { useSelectionStore } from '../stores/selection-store.ts';
import type { BulkAction, BulkNames } from '../utils/bulk-summary.ts';
import type { StatusFilter } from '../utils/list-cache.ts';
import { pageSelectionState, SELECTION_MAX } from '../utils/selection.ts';

/** The menus the bar borrows from other features (composed in `app/routes/inbox-route.tsx`). */
export interface BulkMenus {
  snooze: (props: { busy: boolean; onSnooze: (until: string) => void }) => ReactNode;
  assign: (props: { busy: boolean; onAssign: (assigneeId: string | null) => void }) => ReactNode;
  /** `labelIdsOf`: each selected conversation's labels (the picker marks those on all, or on some). */
  labels: (props: {
    busy: boolean;
    labelIdsOf: readonly (readonly string[])[];
    onLabel: (op: 'add' | 'remove', labelId: string) => void;
  }) => ReactNode;
  priority: (props: { busy: boolean; onPriority: (priority: ConversationPriority | null) => void }) => ReactNode;
}

/** The bar's own controls for ←/→, not those inside an open menu or picker. */
function controls(bar: HTMLElement): HTMLElement[] {
  return [...bar.querySelectorAll<HTMLElement>('button, input[type="checkbox"]')].filter(
    (el) => !el.closest('[role="menu"], [role="dialog"]') && !(el as HTMLButtonElement).disabled,
  );
}

export function BulkActionBar({
  projectId,
  meId,
  status,
  conversations,
  labels,
  agentName,
  menus,
  onLeave,
  className,
}: {
  projectId: string;
  meId: string | null;
  status: StatusFilter;
  /** The list as loaded, in its order: "select all on this page" takes these. */
  conversations: readonly ConversationSummary[];
  labels: readonly Label[];
  agentName: (id: string) => string | null;
  menus: BulkMenus;
  /** The bar went away with focus in it: put focus back in the list. */
  onLeave: () => void;
  className?: string;
}) {
  const ids = useSelectionStore((s) => s.ids);
  const { selectAll, keep, clear } = useSelectionStore.getState();
  const bulk = useBulkChange(projectId, meId);
  const barRef = useRef<HTMLDivElement>(null);
  const allRef = useRef<HTMLInputElement>(null);
  const order = conversations.map((c) => c.id);
  const page = pageSelectionState(ids, order);
  const count = ids.length;
  const pending = bulk.isPending;
  const running = pending ? bulk.variables?.change.action : undefined;
  const idle = pending || count === 0;

  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = page === 'some';
  }, [page]);

  // Shown by a phone's "Select", whose button it covers: focus starts on its first control. Focus
  // that was in the bar when it goes (Clear, a change that worked) goes back to the list.
  const hadFocus = useRef(false);
  const onLeaveRef = useRef(onLeave);
  onLeaveRef.current = onLeave;
  useEffect(() => {
    const { selecting, ids: held } = useSelectionStore.getState();
    if (selecting && held.length === 0) allRef.current?.focus();
    return () => {
      if (!hadFocus.current) return;
      queueMicrotask(() => {
        if (!document.activeElement || document.activeElement === document.body) onLeaveRef.current();
      });
    };
  }, []);

  const run = (action: BulkAction, names?: BulkNames) => {
    if (idle) return;
    bulk.mutate({ change: { conversationIds: [...ids], action }, names });
  };
  const resolved = status === 'resolved';

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    const bar = barRef.current;
    const list = bar ? controls(bar) : [];
    const at = list.indexOf(event.target as HTMLElement);
    if (at === -1) return;
    event.preventDefault();
    const next = list[(at + (event.key === 'ArrowRight' ? 1 : -1) + list.length) % list.length];
    next?.focus();
  };

  return (
    <div
      ref={barRef}
      role="toolbar"
      aria-label="Bulk actions"
      aria-orientation="horizontal"
      data-testid="bulk-bar"
      onKeyDown={onKeyDown}
      onFocusCapture={() => {
        hadFocus.current = true;
      }}
      onBlurCapture={(event) => {
        // Focus moving elsewhere on the page; a control removed under it (null) still counts as in.
        if (event.relatedTarget && !event.currentTarget.contains(event.relatedTarget as Node)) hadFocus.current = false;
      }}
      className={cn('border-b border-slate-200 bg-white px-4 pt-4 pb-3', className)}
    >
      <div className="flex items-center gap-3">
        <input
          ref={allRef}
          type="checkbox"
          checked={page === 'all'}
          onChange={() => (page === 'all' ? keep([]) : selectAll(order))}
          disabled={pending || order.length === 0}
          aria-label="Select all on this page"
          className="size-4 cursor-pointer accent-brand-600"
        />
        <p className="min-w-0 flex-1 text-sm font-semibold text-slate-900" aria-live="polite" data-testid="bulk-count">
          {count === 0 ? 'Select conversations' : `${count} selected`}
          {count >= SELECTION_MAX && (
            <span className="ml-1.5 text-xs font-normal text-slate-500">(the most at once)</span>
          )}
        </p>
        {resolved ? (
          <Button
            variant="secondary"
            size="sm"
            icon={<RefreshIcon size={14} />}
            busy={running?.kind === 'status'}
            disabled={idle}
            onClick={() => run({ kind: 'status', status: 'open' })}
          >
            Reopen
          </Button>
        ) : (
          <Button
            size="sm"
            icon={<CircleCheckIcon size={14} />}
            busy={running?.kind === 'status' && running.status === 'resolved'}
            disabled={idle}
            onClick={() => run({ kind: 'status', status: 'resolved' })}
          >
            Resolve
          </Button>
        )}
        <button
          type="button"
          onClick={clear}
          aria-label={count === 0 ? 'Stop selecting' : 'Clear selection'}
          title={count === 0 ? 'Stop selecting (Esc)' : 'Clear selection (Esc)'}
          className="-mr-1.5 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
        >
          <XIcon size={16} />
        </button>
      </div>
      {/* Positioned: the label picker lines up with this row (it is wider than a phone leaves beside
          the Label button, on either side). */}
      <div className="relative mt-3 flex flex-wrap items-center gap-1.5">
        {!resolved &&
          menus.snooze({
            busy: idle,
            onSnooze: (until) => run({ kind: 'status', status: 'snoozed', snoozedUntil: until }),
          })}
        {menus.assign({
          busy: idle,
          onAssign: (assigneeId) =>
            run(
              { kind: 'assign', assigneeId },
              { assignee: assigneeId === null ? null : assigneeId === meId ? 'you' : agentName(assigneeId) },
            ),
        })}
        {menus.labels({
          busy: idle,
          labelIdsOf: conversations.filter((c) => ids.includes(c.id)).map((c) => c.labelIds ?? []),
          onLabel: (op, labelId) =>
            run({ kind: 'labels', op, labelIds: [labelId] }, { label: labels.find((l) => l.id === labelId)?.name }),
        })}
        {menus.priority({ busy: idle, onPriority: (priority) => run({ kind: 'priority', priority }) })}
      </div>
      <p className="mt-3 hidden text-xs text-slate-500 md:block">
        <Kbd>x</Kbd> checks the focused row, Shift+click a range, <Kbd>Esc</Kbd> clears.
      </p>
    </div>
  );
}
