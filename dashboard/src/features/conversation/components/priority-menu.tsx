// The header's Priority menu: Urgent, High, Medium, Low, or None, each with its coloured flag. Its
// open state is in a store so that `p` in the inbox opens it; a conversation left with it open
// does not open the next one's.
import { useEffect } from 'react';
import { PriorityFlag } from '../../../components/ui/priority-badge.tsx';
import { type ConversationPriority, isPriority, PRIORITIES, priorityLabel } from '../../../lib/priority.ts';
import { usePriorityMenuStore } from '../stores/priority-menu-store.ts';
import { HeaderMenu } from './header-menu.tsx';

export function PriorityMenu({
  priority,
  busy,
  onPriority,
}: {
  /** undefined: not known yet (the menu marks nothing). */
  priority: ConversationPriority | null | undefined;
  busy: boolean;
  onPriority: (priority: ConversationPriority | null) => void;
}) {
  const open = usePriorityMenuStore((s) => s.open);
  const setOpen = usePriorityMenuStore((s) => s.setOpen);
  useEffect(() => () => setOpen(false), [setOpen]);
  const current = isPriority(priority) ? priority : null;
  const items = [...PRIORITIES, null].map((p) => ({
    id: p ?? 'none',
    label: p ? priorityLabel(p) : 'None',
    icon: <PriorityFlag priority={p} />,
    selected: priority !== undefined && current === p,
    disabled: busy,
    onSelect: () => {
      if (p !== current) onPriority(p);
    },
  }));
  return (
    <HeaderMenu
      label="Priority"
      header="Set priority"
      icon={<PriorityFlag priority={current} />}
      items={items}
      open={open}
      onOpenChange={setOpen}
      busy={busy}
    >
      {/* The level alone on screen; "Priority: Urgent" to a screen reader. */}
      {current && <span className="sr-only">Priority: </span>}
      <span data-testid="priority">{current ? priorityLabel(current) : 'Priority'}</span>
    </HeaderMenu>
  );
}
