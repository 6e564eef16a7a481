// The label picker: a search field over the project's labels (a combobox with a multi-select
// listbox). Arrow keys move, Enter toggles the active label, Escape closes and gives focus back.
// For several conversations (the inbox's bulk bar) a label on some of them says "on some".
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { CheckIcon } from '../../../components/ui/icons.tsx';
import { LabelDot } from '../../../components/ui/label-chip.tsx';
import { cn } from '../../../lib/cn.ts';
import type { Label } from '../api/get-labels.ts';

export function filterLabels(labels: readonly Label[], query: string): Label[] {
  const q = query.trim().toLowerCase();
  return q ? labels.filter((l) => l.name.toLowerCase().includes(q)) : [...labels];
}

export function LabelPicker({
  labels,
  selected,
  onToggle,
  onClose,
  emptyHint,
  partial = [],
}: {
  labels: readonly Label[];
  selected: readonly string[];
  /** On some of the conversations but not all (not in `selected`). */
  partial?: readonly string[];
  onToggle: (label: Label, on: boolean) => void;
  onClose: () => void;
  emptyHint: string;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => filterLabels(labels, query), [labels, query]);
  const current = shown[Math.min(active, shown.length - 1)];
  const optionId = (labelId: string) => `${id}-option-${labelId}`;

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => {
    if (current) document.getElementById(optionId(current.id))?.scrollIntoView({ block: 'nearest' });
  });

  const toggle = (label: Label) => onToggle(label, !selected.includes(label.id));
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
    else if (event.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (event.key === 'Home') setActive(0);
    else if (event.key === 'End') setActive(shown.length - 1);
    else if (event.key === 'Enter' && current) toggle(current);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.stopPropagation();
      onClose();
      return;
    } else return;
    event.preventDefault();
  };

  return (
    <div
      role="dialog"
      aria-label="Labels"
      className="absolute top-full left-0 z-30 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-lg bg-white shadow-lg ring-1 ring-slate-200"
      data-testid="label-picker"
    >
      <div className="border-b border-slate-100 p-2">
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={current ? optionId(current.id) : undefined}
          aria-label="Find a label"
          placeholder="Find a label…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          className="block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset placeholder:text-slate-500 focus:ring-2 focus:ring-brand-600"
        />
      </div>
      <div
        id={`${id}-list`}
        role="listbox"
        aria-label="Labels"
        aria-multiselectable="true"
        className="scroll-thin max-h-64 overflow-y-auto py-1"
      >
        {shown.map((label) => {
          const on = selected.includes(label.id);
          return (
            // The input keeps focus and drives the list (aria-activedescendant); a click toggles too.
            <div
              key={label.id}
              id={optionId(label.id)}
              role="option"
              aria-selected={on}
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => toggle(label)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') toggle(label);
              }}
              className={cn(
                'flex cursor-pointer items-center gap-2.5 px-3 py-2 text-sm text-slate-700',
                current?.id === label.id && 'bg-slate-100',
              )}
            >
              <LabelDot color={label.color} />
              <span className="flex-1 truncate">{label.name}</span>
              {on && <CheckIcon size={14} className="text-brand-600" />}
              {!on && partial.includes(label.id) && (
                <span className="text-xs text-slate-500" data-testid="label-partial">
                  on some
                </span>
              )}
            </div>
          );
        })}
      </div>
      {shown.length === 0 && (
        <p className="px-3 pt-1 pb-3 text-sm text-slate-500">{labels.length === 0 ? emptyHint : 'No label matches.'}</p>
      )}
    </div>
  );
}
