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
  busy,
  footer,
  align = 'right',
  children,
}: {
  label: string;
  header: string;
  icon: ReactNode;
  items: MenuItem[];
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
      trigger={({ toggle }) => (
        <Button variant="secondary" size="sm" onClick={toggle} icon={icon} disabled={busy}>
          {children}
        </Button>
      )}
      footer={footer}
    />
  );
}
