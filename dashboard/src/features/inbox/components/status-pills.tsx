// Open / Pending / Snoozed / Resolved: the status the list shows, as toggle pills.
import { cn } from '../../../lib/cn.ts';
import { useInboxStore } from '../stores/inbox-store.ts';
import type { StatusFilter } from '../utils/list-cache.ts';

const STATUSES: { id: StatusFilter; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'pending', label: 'Pending' },
  { id: 'snoozed', label: 'Snoozed' },
  { id: 'resolved', label: 'Resolved' },
];

export function StatusPills() {
  const status = useInboxStore((s) => s.status);
  const setStatus = useInboxStore((s) => s.setStatus);
  return (
    <div className="flex gap-1">
      {STATUSES.map((s) => (
        <button
          key={s.id}
          type="button"
          aria-pressed={status === s.id}
          onClick={() => setStatus(s.id)}
          className={cn(
            'rounded-full px-2.5 py-1 text-xs font-medium transition-colors',
            status === s.id ? 'bg-slate-900 text-white' : 'text-slate-500 hover:bg-slate-100 hover:text-slate-700',
          )}
        >
          {s.label}
        </button>
      ))}
    </div>
  );
}
