// The inbox's label filter: every conversation, or those carrying one label. It narrows the list
// (with the status and assignee filters) and the search results alike.
import { useId } from 'react';
import type { Label } from '../../../../../contract/rest/labels.ts';
import { ChevronDownIcon } from '../../../components/ui/icons.tsx';
import { cn } from '../../../lib/cn.ts';
import { useInboxStore } from '../stores/inbox-store.ts';

export function LabelFilter({ labels, value }: { labels: readonly Label[]; value: string | null }) {
  const id = useId();
  const setLabel = useInboxStore((s) => s.setLabel);
  return (
    <div className="relative">
      <label htmlFor={id} className="sr-only">
        Filter by label
      </label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => setLabel(event.target.value || null)}
        data-testid="label-filter"
        className={cn(
          'max-w-40 appearance-none truncate rounded-full border-0 py-1 pr-7 pl-2.5 text-xs font-medium ring-1 ring-inset focus:ring-2 focus:ring-brand-600',
          value ? 'bg-brand-50 text-brand-700 ring-brand-600/30' : 'bg-white text-slate-600 ring-slate-300',
        )}
      >
        <option value="">All labels</option>
        {labels.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <ChevronDownIcon
        size={12}
        className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 text-slate-500"
      />
    </div>
  );
}
