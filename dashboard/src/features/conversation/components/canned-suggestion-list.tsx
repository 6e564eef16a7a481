// The canned responses matching the "/shortcut" being typed, above the composer. Chosen on
// mousedown so the textarea keeps its focus (a click would take it away and close the list first).
import { ZapIcon } from '../../../components/ui/icons.tsx';
import { cn } from '../../../lib/cn.ts';
import type { CannedResponse } from '../utils/canned.ts';

export function CannedSuggestionList({
  suggestions,
  highlight,
  onChoose,
  onHighlight,
}: {
  suggestions: CannedResponse[];
  highlight: number;
  onChoose: (response: CannedResponse) => void;
  onHighlight: (index: number) => void;
}) {
  return (
    <ul
      className="absolute right-0 bottom-full left-0 z-20 mb-2 max-h-64 overflow-y-auto rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200"
      aria-label="Canned responses"
      data-testid="canned-suggestions"
    >
      {suggestions.map((r, i) => (
        <li key={r.id}>
          <button
            type="button"
            aria-current={i === highlight ? 'true' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              onChoose(r);
            }}
            onMouseEnter={() => onHighlight(i)}
            className={cn('flex w-full flex-col px-3 py-2 text-left', i === highlight && 'bg-brand-50')}
          >
            <span className="flex items-center gap-2 text-sm">
              <ZapIcon size={12} className="text-brand-500" />
              <span className="font-mono text-xs font-semibold text-brand-700">/{r.shortcut}</span>
              <span className="font-medium text-slate-800">{r.title}</span>
            </span>
            <span className="mt-0.5 line-clamp-1 text-xs text-slate-500">{r.body}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
