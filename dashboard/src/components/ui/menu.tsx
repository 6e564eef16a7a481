// A dropdown menu: a trigger button and a list of items, closed by a click outside or Escape.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { cn } from '../../lib/cn.ts';

export interface MenuItem {
  id: string;
  label: ReactNode;
  icon?: ReactNode;
  hint?: ReactNode;
  selected?: boolean;
  disabled?: boolean;
  onSelect: () => void;
}

export function Menu({
  trigger,
  items,
  align = 'left',
  header,
  footer,
  label,
}: {
  trigger: (props: { open: boolean; toggle: () => void }) => ReactNode;
  items: MenuItem[];
  align?: 'left' | 'right';
  header?: ReactNode;
  footer?: (close: () => void) => ReactNode;
  label: string;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Taken: the inbox's Escape (clear the selection) leaves an Escape that closed a menu alone.
      event.preventDefault();
      setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div ref={ref} className="relative">
      {trigger({ open, toggle: () => setOpen(!open) })}
      {open && (
        <div
          role="menu"
          aria-label={label}
          className={cn(
            'absolute top-full z-30 mt-1 min-w-56 rounded-lg bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200',
            align === 'right' ? 'right-0' : 'left-0',
          )}
        >
          {header && <div className="px-3 pt-1.5 pb-1 text-xs font-medium text-slate-500">{header}</div>}
          {items.map((item) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              disabled={item.disabled}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
              className={cn(
                'flex w-full items-center gap-2.5 px-3 py-2 text-left text-slate-700 hover:bg-slate-50 disabled:text-slate-300',
                item.selected && 'font-medium text-slate-900',
              )}
            >
              {item.icon && <span className="shrink-0 text-slate-400">{item.icon}</span>}
              <span className="flex-1 truncate">{item.label}</span>
              {item.hint && <span className="text-xs text-slate-500">{item.hint}</span>}
              {item.selected && <span className="size-1.5 rounded-full bg-brand-600" />}
            </button>
          ))}
          {footer?.(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
