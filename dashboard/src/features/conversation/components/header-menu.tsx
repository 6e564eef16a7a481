// A triage menu of the conversation header (Assign, Snooze; the inbox's bulk bar borrows them): a
// small secondary button that opens a menu (right-aligned unless told) and is disabled while a
// change is on its way.
import type { ReactNode } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { Menu, type MenuItem } from '../../../components/ui/menu.tsx';

export function HeaderMenu({
  label,
  header,
  icon,
  items,
  open,
  onOpenChange,
  busy,
  footer,
  align = 'right',
  children,
}: {
  label: string;
  header: string;
  icon: ReactNode;
  items: MenuItem[];
  /** Held by the caller when a shortcut opens it (the Priority menu's `p`). */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  busy: boolean;
  footer?: (close: () => void) => ReactNode;
  /** The side the menu lines up with: `left` for a button near the screen's left edge. */
  align?: 'left' | 'right';
  children: ReactNode;
}) {
  return (
    <Menu
      label={label}
      align={align}
      header={header}
      items={items}
      open={open}
      onOpenChange={onOpenChange}
      trigger={({ open: shown, toggle }) => (
        <Button
          variant="secondary"
          size="sm"
          onClick={toggle}
          icon={icon}
          disabled={busy}
          aria-haspopup="menu"
          aria-expanded={shown}
        >
          {children}
        </Button>
      )}
      footer={footer}
    />
  );
}
