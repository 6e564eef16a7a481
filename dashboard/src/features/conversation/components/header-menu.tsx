// A triage menu of the conversation header (Assign, Snooze): a small secondary button that opens
// a right-aligned menu and is disabled while a change is on its way.
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
  children,
}: {
  label: string;
  header: string;
  icon: ReactNode;
  items: MenuItem[];
  busy: boolean;
  footer?: (close: () => void) => ReactNode;
  children: ReactNode;
}) {
  return (
    <Menu
      label={label}
      align="right"
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
