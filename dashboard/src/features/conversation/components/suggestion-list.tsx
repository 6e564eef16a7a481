// A list of suggestions above the composer (canned responses, teammates to mention). Chosen on
// mousedown so the textarea keeps its focus (a click would take it away and close the list
// first). Its height is capped by the small viewport height too, so on a phone, above the
// composer, it stays on screen over the keyboard.
import type { ReactNode } from 'react';
import { cn } from '../../../lib/cn.ts';

export function SuggestionList<T>({
  label,
  testId,
  items,
  itemKey,
  renderItem,
  highlight,
  onChoose,
  onHighlight,
}: {
  label: string;
  testId: string;
  items: T[];
  itemKey: (item: T) => string;
  renderItem: (item: T) => ReactNode;
  highlight: number;
  onChoose: (item: T) => void;
  onHighlight: (index: number) => void;
}) {
  return (
    <ul
      className="absolute right-0 bottom-full left-0 z-20 mb-2 max-h-[min(16rem,40svh)] overflow-y-auto rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200"
      aria-label={label}
      data-testid={testId}
    >
      {items.map((item, i) => (
        <li key={itemKey(item)}>
          <button
            type="button"
            aria-current={i === highlight ? 'true' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              onChoose(item);
            }}
            onMouseEnter={() => onHighlight(i)}
            className={cn('flex w-full flex-col px-3 py-2 text-left', i === highlight && 'bg-brand-50')}
          >
            {renderItem(item)}
          </button>
        </li>
      ))}
    </ul>
  );
}
