// Per agent or per label: one horizontal bar per group (conversations opened, and the resolved
// share inside it), as plain elements so long names wrap on a phone. A list, read in order by
// screen readers; the table under it has every figure. A label shows its colour; a deleted one
// (its removal not yet counted) is set apart in muted italics.
import type { ReportGroup, ReportGrouping } from '../../../../../contract/rest/reports.ts';
import { LabelDot } from '../../../components/ui/label-chip.tsx';
import { cn } from '../../../lib/cn.ts';

export function RankedBars({
  groups,
  label,
  report,
}: {
  groups: ReportGroup[];
  label: string;
  report: ReportGrouping;
}) {
  const max = Math.max(1, ...groups.map((g) => Math.max(g.figures.opened, g.figures.resolved)));
  if (groups.length === 0)
    return <p className="py-6 text-center text-sm text-slate-500">No conversations in this range.</p>;
  return (
    <ul className="space-y-3" aria-label={label} data-testid="ranked-bars">
      {groups.slice(0, 12).map((g) => (
        <li key={g.key ?? 'none'} className="grid grid-cols-[minmax(0,10rem)_1fr] items-center gap-3 text-sm">
          <span className="flex min-w-0 items-center gap-1.5 text-slate-700" title={g.name}>
            {g.color && <LabelDot color={g.color} />}
            <span
              className={cn('truncate', g.key !== null && !g.color && report === 'label' && 'italic text-slate-500')}
            >
              {g.name}
            </span>
          </span>
          <span className="flex flex-col gap-1">
            <span className="flex items-center gap-2">
              <span className="h-2.5 rounded-sm bg-brand-500" style={{ width: `${(g.figures.opened / max) * 100}%` }} />
              <span className="text-xs text-slate-600 tabular-nums">{g.figures.opened} opened</span>
            </span>
            <span className="flex items-center gap-2">
              <span
                className="h-2.5 rounded-sm bg-emerald-500"
                style={{ width: `${(g.figures.resolved / max) * 100}%` }}
              />
              <span className="text-xs text-slate-600 tabular-nums">{g.figures.resolved} resolved</span>
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
