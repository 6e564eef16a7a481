// The keyboard shortcut sheet, opened with "?".
import { Kbd } from '../../../components/ui/kbd.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { SHORTCUTS } from '../hooks/use-inbox-shortcuts.ts';
import { useInboxStore } from '../stores/inbox-store.ts';

export function ShortcutSheet() {
  const open = useInboxStore((s) => s.shortcutsOpen);
  const setOpen = useInboxStore((s) => s.setShortcutsOpen);
  return (
    <Modal open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts" size="sm">
      <ul className="divide-y divide-slate-100" data-testid="shortcut-sheet">
        {SHORTCUTS.map((s) => (
          <li key={s.label} className="flex items-center justify-between py-2.5 text-sm text-slate-700">
            {s.label}
            <span className="flex gap-1">
              {s.keys.map((k) => (
                <Kbd key={k}>{k}</Kbd>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
