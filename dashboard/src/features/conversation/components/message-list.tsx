// The thread: day separators, grouped bubbles (visitor left, agents right, private notes in amber,
// system lines centred), our in-flight sends with their state, "Seen" receipts and the typing line.
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { AlertIcon, CheckCheckIcon, CheckIcon, ClockIcon, LockIcon, TrashIcon } from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { cn } from '../../../lib/cn.ts';
import { clockTime } from '../../../lib/format.ts';
import type { Author, Message } from '../../../lib/protocol.ts';
import { toast } from '../../../stores/toast-store.ts';
import { canDelete, type PendingMessage, startsGroup, type Thread } from '../utils/thread.ts';
import { AttachmentView } from './attachment-view.tsx';
import { MessageText } from './message-text.tsx';

function dayLabel(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (date.toDateString() === today.toDateString()) return 'Today';
  if (date.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return date.toLocaleDateString('en', { weekday: 'long', day: 'numeric', month: 'long' });
}

function authorLabel(author: Author, meId: string, visitorLabel: string): string {
  if (author.kind === 'agent' && author.id === meId) return 'You';
  if (author.kind === 'visitor') return author.name ?? visitorLabel;
  return author.name ?? (author.kind === 'system' ? 'Parley' : 'Agent');
}

export function MessageList({
  thread,
  meId,
  visitorLabel,
  visitorTyping,
  agentsTyping,
  onLoadEarlier,
  loadingEarlier,
  onRetry,
  onDiscard,
  deleteWindowMinutes = 0,
  onDelete,
  nameOf,
}: {
  thread: Thread;
  meId: string;
  /** How the visitor is called when their messages carry no name. */
  visitorLabel: string;
  visitorTyping: boolean;
  agentsTyping: Author[];
  onLoadEarlier: () => void;
  loadingEarlier: boolean;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** The project's window for authors (minutes; 0: never). Visitor messages are always deletable. */
  deleteWindowMinutes?: number;
  onDelete?: (messageId: string) => Promise<void>;
  /** A teammate's name by user id: a note's mentions are drawn highlighted when their names are known. */
  nameOf?: (id: string) => string | null | undefined;
}) {
  const [confirming, setConfirming] = useState<Message | null>(null);
  const [deleting, setDeleting] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const firstSeq = thread.messages[0]?.seq ?? 0;
  const previousFirst = useRef(firstSeq);
  const previousHeight = useRef(0);

  // Follow new messages only while the agent is at the bottom; keep the position when history loads.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (firstSeq < previousFirst.current && previousHeight.current > 0) {
      el.scrollTop += el.scrollHeight - previousHeight.current;
    } else if (stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    previousFirst.current = firstSeq;
    previousHeight.current = el.scrollHeight;
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: another conversation starts at its newest message
  useEffect(() => {
    stickToBottom.current = true;
  }, [thread.conversation.id]);

  const lastSeenSeq = (() => {
    let seen = 0;
    for (const m of thread.messages) {
      if (m.author.kind === 'agent' && !m.private && m.seq <= thread.visitorReadSeq) seen = m.seq;
    }
    return seen;
  })();
  const lastAgentSeq = [...thread.messages].reverse().find((m) => m.author.kind === 'agent' && !m.private)?.seq ?? 0;

  let previous: Message | undefined;
  let previousDay = '';
  const rows: ReactNode[] = [];
  for (const m of thread.messages) {
    const day = dayLabel(m.createdAt);
    if (day !== previousDay) {
      rows.push(
        <div key={`day-${m.seq}`} className="my-4 flex items-center gap-3 text-xs font-medium text-slate-500">
          <span className="h-px flex-1 bg-slate-200" />
          {day}
          <span className="h-px flex-1 bg-slate-200" />
        </div>,
      );
      previousDay = day;
      previous = undefined;
    }
    rows.push(
      <MessageBubble
        key={m.id}
        message={m}
        meId={meId}
        visitorLabel={visitorLabel}
        nameOf={nameOf}
        first={startsGroup(previous, m)}
        receipt={m.seq === lastAgentSeq ? (m.seq <= lastSeenSeq ? 'seen' : 'sent') : null}
        onDelete={onDelete && canDelete(m, meId, deleteWindowMinutes, Date.now()) ? () => setConfirming(m) : undefined}
      />,
    );
    previous = m;
  }

  return (
    <div
      ref={scroller}
      className="scroll-thin min-h-0 flex-1 overflow-y-auto bg-slate-50 px-6 py-4"
      onScroll={(e) => {
        const el = e.currentTarget;
        stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
      data-testid="message-list"
    >
      {thread.hasMoreBefore && (
        <div className="mb-2 text-center">
          <Button variant="ghost" size="sm" busy={loadingEarlier} onClick={onLoadEarlier}>
            Load earlier messages
          </Button>
        </div>
      )}
      {thread.messages.length === 0 && thread.pending.length === 0 && (
        <p className="py-10 text-center text-sm text-slate-500">No messages yet.</p>
      )}
      {rows}
      {thread.pending.map((p) => (
        <PendingBubble key={p.clientId} pending={p} onRetry={onRetry} onDiscard={onDiscard} />
      ))}
      {(visitorTyping || agentsTyping.length > 0) && (
        <div className="mt-3 flex items-center gap-2 text-xs text-slate-500" data-testid="typing-indicator">
          <span className="flex gap-0.5 rounded-full bg-white px-2.5 py-2 shadow-sm ring-1 ring-slate-200">
            <span className="typing-dot size-1.5 rounded-full bg-slate-400" />
            <span className="typing-dot size-1.5 rounded-full bg-slate-400 [animation-delay:150ms]" />
            <span className="typing-dot size-1.5 rounded-full bg-slate-400 [animation-delay:300ms]" />
          </span>
          {visitorTyping
            ? `${visitorLabel} is typing…`
            : `${agentsTyping.map((a) => a.name ?? 'An agent').join(', ')} typing…`}
        </div>
      )}
      <Modal
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        size="sm"
        title="Delete this message?"
        description={
          confirming?.author.kind === 'visitor'
            ? 'Its text and attachment are erased for everyone; the visitor sees “This message was deleted”.'
            : 'Its text is erased for everyone; both sides see “This message was deleted”.'
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={deleting}
              data-testid="confirm-delete-message"
              onClick={() => {
                const target = confirming;
                if (!target || !onDelete) return;
                setDeleting(true);
                onDelete(target.id)
                  .then(() => setConfirming(null))
                  .catch((error: unknown) => toast.error(errorMessage(error)))
                  .finally(() => setDeleting(false));
              }}
            >
              Delete
            </Button>
          </>
        }
      />
    </div>
  );
}

function MessageBubble({
  message: m,
  meId,
  visitorLabel,
  nameOf,
  first,
  receipt,
  onDelete,
}: {
  message: Message;
  meId: string;
  visitorLabel: string;
  nameOf?: ((id: string) => string | null | undefined) | undefined;
  first: boolean;
  receipt: 'seen' | 'sent' | null;
  /** Present when this agent may delete the message: asks to confirm. */
  onDelete?: (() => void) | undefined;
}) {
  if (m.author.kind === 'system') {
    return (
      <p className="my-3 text-center text-xs text-slate-500" data-seq={m.seq}>
        {m.body}
      </p>
    );
  }
  const outgoing = m.author.kind === 'agent';
  const fileOnly = !m.body && m.attachment !== null && !m.private;
  const label = authorLabel(m.author, meId, visitorLabel);
  const deleted = Boolean(m.deletedAt);
  return (
    <div
      className={cn('group flex gap-2.5', outgoing ? 'flex-row-reverse' : 'flex-row', first ? 'mt-4' : 'mt-1')}
      data-seq={m.seq}
      data-testid={m.private ? 'note' : outgoing ? 'agent-message' : 'visitor-message'}
      data-deleted={deleted ? 'true' : undefined}
    >
      <div className="w-7 shrink-0">
        {first && (
          <Avatar name={outgoing ? (m.author.name ?? label) : label} seed={m.author.id ?? m.author.kind} size="sm" />
        )}
      </div>
      <div className={cn('flex max-w-[70%] flex-col', outgoing ? 'items-end' : 'items-start')}>
        {first && (
          <div className="mb-1 flex items-center gap-1.5 text-xs text-slate-500">
            <span className="font-medium text-slate-700">{label}</span>
            {m.private && (
              <span className="inline-flex items-center gap-0.5 text-amber-700">
                <LockIcon size={11} /> Private note
              </span>
            )}
            <span>{clockTime(m.createdAt)}</span>
          </div>
        )}
        <div className={cn('flex items-center gap-1', outgoing ? 'flex-row-reverse' : 'flex-row')}>
          {deleted ? (
            <div
              className={cn(
                'rounded-2xl px-3.5 py-2 text-sm text-slate-600 italic ring-1 ring-slate-300 ring-inset',
                outgoing ? 'rounded-tr-md' : 'rounded-tl-md',
              )}
              data-testid="message-tombstone"
            >
              This message was deleted
            </div>
          ) : (
            <div
              className={cn(
                'rounded-2xl text-sm leading-relaxed break-words whitespace-pre-wrap',
                // A file alone shows as itself, without a bubble around it.
                fileOnly ? 'text-slate-800' : 'px-3.5 py-2',
                m.private
                  ? 'bg-amber-50 text-amber-950 ring-1 ring-amber-200'
                  : fileOnly
                    ? ''
                    : outgoing
                      ? 'bg-brand-600 text-white'
                      : 'bg-white text-slate-800 shadow-sm ring-1 ring-slate-200',
                outgoing ? 'rounded-tr-md' : 'rounded-tl-md',
              )}
            >
              {m.body && (
                <MessageText
                  body={m.body}
                  {...(m.private && m.mentions?.length && nameOf
                    ? { mentions: { ids: m.mentions, nameOf, meId } }
                    : {})}
                />
              )}
              {m.attachment && (
                <AttachmentView attachment={m.attachment} outgoing={outgoing && !m.private && !fileOnly} />
              )}
            </div>
          )}
          {onDelete && (
            <button
              type="button"
              onClick={onDelete}
              aria-label="Delete message"
              title="Delete message"
              data-testid="delete-message"
              className="rounded-md p-1 text-slate-500 opacity-0 group-hover:opacity-100 hover:bg-slate-200 hover:text-red-700 focus-visible:opacity-100"
            >
              <TrashIcon size={14} />
            </button>
          )}
        </div>
        {receipt && (
          <span className="mt-1 inline-flex items-center gap-1 text-[11px] text-slate-500" data-testid="receipt">
            {receipt === 'seen' ? (
              <>
                <CheckCheckIcon size={12} className="text-brand-500" /> Seen
              </>
            ) : (
              <>
                <CheckIcon size={12} /> Sent
              </>
            )}
          </span>
        )}
      </div>
    </div>
  );
}

function PendingBubble({
  pending: p,
  onRetry,
  onDiscard,
}: {
  pending: PendingMessage;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}) {
  const failed = p.state === 'failed';
  return (
    <div className="mt-1 flex flex-row-reverse gap-2.5" data-testid="pending-message" data-state={p.state}>
      <div className="w-7 shrink-0" />
      <div className="flex max-w-[70%] flex-col items-end">
        <div
          className={cn(
            'rounded-2xl rounded-tr-md px-3.5 py-2 text-sm leading-relaxed break-words whitespace-pre-wrap',
            p.private ? 'bg-amber-50 text-amber-950 ring-1 ring-amber-200' : 'bg-brand-600 text-white',
            failed ? 'opacity-60 ring-2 ring-red-300' : 'opacity-70',
          )}
        >
          {p.body}
        </div>
        {failed ? (
          <span className="mt-1 inline-flex items-center gap-2 text-[11px] text-red-600">
            <AlertIcon size={12} /> {p.error ?? 'Not sent'}
            <button type="button" className="font-medium underline" onClick={() => onRetry(p.clientId)}>
              Retry
            </button>
            <button type="button" className="text-slate-500 underline" onClick={() => onDiscard(p.clientId)}>
              Discard
            </button>
          </span>
        ) : (
          <span className="mt-1 inline-flex items-center gap-1 text-[11px] text-slate-500">
            <ClockIcon size={11} /> Sending…
          </span>
        )}
      </div>
    </div>
  );
}
