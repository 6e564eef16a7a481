// Mine / Unassigned / All / Mentions: which conversations the list shows, each with its unread count
// once the inbox socket has sent one; Mentions (notes that mention me) has a dot instead, lit by a
// new mention until the tab is shown.
import { useEffect } from 'react';
import { CountPill } from '../../../components/ui/badge.tsx';
import { cn } from '../../../lib/cn.ts';
import type { UnreadCounts } from '../api/get-unread-counts.ts';
import { useInboxStore } from '../stores/inbox-store.ts';
import type { AssigneeFilter } from '../utils/list-cache.ts';

const ASSIGNEE_TABS: { id: AssigneeFilter; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'All' },
  { id: 'mentions', label: 'Mentions' },
];

export function AssigneeTabs({ counts }: { counts: UnreadCounts | null }) {
  const assignee = useInboxStore((s) => s.assignee);
  const setAssignee = useInboxStore((s) => s.setAssignee);
  const mentionDot = useInboxStore((s) => s.mentionDot);
  const mentionsSeen = useInboxStore((s) => s.mentionsSeen);
  // Shown (chosen now, or already chosen when a mention arrives): nothing unseen is left.
  useEffect(() => {
    if (assignee === 'mentions' && mentionDot) mentionsSeen();
  }, [assignee, mentionDot, mentionsSeen]);
  return (
    <div className="mt-3 flex gap-0.5 rounded-lg bg-slate-100 p-0.5" role="tablist" aria-label="Assignee">
      {ASSIGNEE_TABS.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={assignee === tab.id}
          onClick={() => setAssignee(tab.id)}
          data-testid={`assignee-tab-${tab.id}`}
          className={cn(
            'flex flex-auto items-center justify-center gap-1 rounded-md px-1.5 py-1.5 text-xs font-medium whitespace-nowrap transition-colors',
            assignee === tab.id ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-500 hover:text-slate-700',
          )}
        >
          {tab.label}
          {tab.id === 'mentions'
            ? mentionDot && (
                <span className="block size-2 rounded-full bg-brand-600" data-testid="mentions-dot">
                  <span className="sr-only">(new)</span>
                </span>
              )
            : counts && <CountPill count={counts[tab.id]} className="h-4 min-w-4 px-1 text-[10px]" />}
        </button>
      ))}
    </div>
  );
}
