// A dropdown menu: a trigger button and a list of items, closed by a click outside or Escape.
// Keyboard: opening it focuses the chosen item (else the first), ↑/↓ (Home/End) move, Enter picks,
// and closing it with focus inside returns focus to the trigger. It is nudged sideways to stay on
// screen (right-aligned under a button near a phone's left edge it would start off it). Open state
// is its own unless the caller holds it (`open`/`onOpenChange`: a shortcut opens it from elsewhere).
import {
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
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
  open: openProp,
  onOpenChange,
}: {
  trigger: (props: { open: boolean; toggle: () => void }) => ReactNode;
  items: MenuItem[];
  align?: 'left' | 'right';
  header?: ReactNode;
  footer?: (close: () => void) => ReactNode;
  label: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const open = openProp ?? ownOpen;
  const changeRef = useRef(onOpenChange);
  changeRef.current = onOpenChange;
  const setOpen = useCallback((next: boolean) => {
    setOwnOpen(next);
    changeRef.current?.(next);
  }, []);
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
  }, [open, setOpen]);
  const wasOpen = useRef(false);
  useEffect(() => {
    const box = ref.current;
    if (open) {
      wasOpen.current = true;
      keepOnScreen(box?.querySelector<HTMLElement>('[role="menu"]') ?? null);
      const chosen = box?.querySelector<HTMLElement>('[role="menuitem"][data-selected]:not(:disabled)');
      (chosen ?? menuItems(box)[0])?.focus();
    } else if (wasOpen.current) {
      wasOpen.current = false;
      // Closed from inside (an item picked, Escape): focus goes back to the trigger, not the page's top.
      const active = document.activeElement;
      if (!active || active === document.body || box?.contains(active))
        box?.querySelector<HTMLElement>('button')?.focus();
    }
  }, [open]);
  const onMenuKey = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const items = menuItems(ref.current);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to =
      event.key === 'ArrowDown'
        ? (at + 1) % items.length
        : event.key === 'ArrowUp'
          ? (at - 1 + items.length) % items.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? items.length - 1
              : null;
    if (to === null || items.length === 0) return;
    event.preventDefault();
    items[to]?.focus();
  };
  return (
    <div ref={ref} className="relative">
      {trigger({ open, toggle: () => setOpen(!open) })}
      {open && (
        <div
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
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
              data-selected={item.selected || undefined}
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

function menuItems(box: HTMLElement | null): HTMLElement[] {
  return [...(box?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? [])];
}

/**
 * Shifts an open menu sideways so it keeps 8px from both edges of the viewport (if it fits at all).
 * The viewport is the layout viewport (`clientWidth`): on a phone, a menu overflowing the right edge
 * widens `window.innerWidth` (the page zooms out to it), which then measured the menu as on screen.
 */
function keepOnScreen(panel: HTMLElement | null): void {
  if (!panel) return;
  panel.style.translate = '';
  const { left, right } = panel.getBoundingClientRect();
  const margin = 8;
  const width = document.documentElement.clientWidth;
  const shift = left < margin ? margin - left : right > width - margin ? width - margin - right : 0;
  if (shift !== 0) panel.style.translate = `${shift}px 0`;
}
