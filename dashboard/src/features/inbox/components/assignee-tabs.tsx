// Mine / Unassigned / All: which conversations the list shows, each with its unread count once
// the inbox socket has sent one.
import { CountPill } from '../../../components/ui/badge.tsx';
import { cn } from '../../../lib/cn.ts';
import type { UnreadCounts } from '../api/get-unread-counts.ts';
import { useInboxStore } from '../stores/inbox-store.ts';
import type { AssigneeFilter } from '../utils/list-cache.ts';

const ASSIGNEE_TABS: { id: AssigneeFilter; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'All' },
];

export function AssigneeTabs({ counts }: { counts: UnreadCounts | null }) {
  const assignee = useInboxStore((s) => s.assignee);
  const setAssignee = useInboxStore((s) => s.setAssignee);
  return (
    <div className="mt-3 flex gap-1 rounded-lg bg-slate-100 p-0.5" role="tablist" aria-label="Assignee">
      {ASSIGNEE_TABS.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          aria-selected={assignee === tab.id}
          onClick={() => setAssignee(tab.id)}
          className={cn(
            'flex flex-1 items-center justify-center gap-1.5 rounded-md px-2 py-1.5 text-xs font-medium transition-colors',
            assignee === tab.id ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-500 hover:text-slate-700',
          )}
        >
          {tab.label}
          {counts && <CountPill count={counts[tab.id]} className="h-4 min-w-4 px-1 text-[10px]" />}
        </button>
      ))}
    </div>
  );
}
