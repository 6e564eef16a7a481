// The inbox's priority filter: every conversation, those of one level, or those without one. It
// narrows the list server-side (`?priority=`, with the status, assignee and label filters) and the
// live pushes alike (utils/list-cache.ts); search does not take it, so it hides while searching.
import { useId } from 'react';
import { ChevronDownIcon } from '../../../components/ui/icons.tsx';
import { cn } from '../../../lib/cn.ts';
import {
  type PriorityFilter as Filter,
  PRIORITIES,
  parsePriorityFilter,
  priorityLabel,
} from '../../../lib/priority.ts';
import { useInboxStore } from '../stores/inbox-store.ts';

export function PriorityFilter({ value, className }: { value: Filter | null; className?: string }) {
  const id = useId();
  const setPriority = useInboxStore((s) => s.setPriority);
  return (
    <div className={cn('relative', className)}>
      <label htmlFor={id} className="sr-only">
        Filter by priority
      </label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => setPriority(parsePriorityFilter(event.target.value))}
        data-testid="priority-filter"
        className={cn(
          'max-w-36 appearance-none truncate rounded-full border-0 py-1 pr-7 pl-2.5 text-xs font-medium ring-1 ring-inset focus:ring-2 focus:ring-brand-600',
          value ? 'bg-brand-50 text-brand-700 ring-brand-600/30' : 'bg-white text-slate-600 ring-slate-300',
        )}
      >
        <option value="">All priorities</option>
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {priorityLabel(p)}
          </option>
        ))}
        <option value="none">No priority</option>
      </select>
      <ChevronDownIcon
        size={12}
        className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-slate-500"
      />
    </div>
  );
}
