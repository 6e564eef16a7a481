// A conversation's priority as a small tinted badge with a flag and its word (urgent red, high
// orange, medium amber, low slate), and the flag alone for menus beside the word. The word is
// always there, so the level never rests on colour alone. Each colour family is mirrored in
// dark mode (index.css), so the classes read on both themes.
import type { ConversationPriority } from '../../../../contract/enums.ts';
import { cn } from '../../lib/cn.ts';
import { isPriority, priorityLabel } from '../../lib/priority.ts';
import { FlagIcon } from './icons.tsx';

const TINT: Record<ConversationPriority, string> = {
  urgent: 'bg-red-50 text-red-700 ring-red-600/20',
  high: 'bg-orange-50 text-orange-800 ring-orange-600/20',
  medium: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  low: 'bg-slate-100 text-slate-700 ring-slate-500/20',
};

const FLAG: Record<ConversationPriority, string> = {
  urgent: 'text-red-600',
  high: 'text-orange-600',
  medium: 'text-amber-500',
  low: 'text-slate-500',
};

/** The flag in the level's colour; an outline in slate for none. */
export function PriorityFlag({ priority, size = 14 }: { priority: ConversationPriority | null; size?: number }) {
  return isPriority(priority) ? (
    <FlagIcon size={size} className={FLAG[priority]} fill="currentColor" fillOpacity={0.25} />
  ) : (
    <FlagIcon size={size} className="text-slate-400" />
  );
}

/** Nothing for no priority (or one not known); the word is visible, "Priority:" read out before it. */
export function PriorityBadge({
  priority,
  className,
}: {
  priority: ConversationPriority | null | undefined;
  className?: string;
}) {
  if (!isPriority(priority)) return null;
  const word = priorityLabel(priority);
  return (
    <span
      data-testid="priority-badge"
      data-priority={priority}
      title={`Priority: ${word}`}
      className={cn(
        'inline-flex shrink-0 items-center gap-1 rounded-full px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset',
        TINT[priority],
        className,
      )}
    >
      <FlagIcon size={12} fill="currentColor" fillOpacity={0.25} />
      <span className="sr-only">Priority: </span>
      {word}
    </span>
  );
}
