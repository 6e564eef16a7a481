// The header's Priority menu: Urgent, High, Medium, Low, or None, each with its coloured flag. Its
// open state is in a store so that `p` in the inbox opens it; a conversation left with it open
// does not open the next one's. The inbox's bulk bar draws one of its own (`standalone`: its own
// open state, so `p` never opens it, and no level marked: the selection may hold several).
import { useEffect, useState } from 'react';
import { PriorityFlag } from '../../../components/ui/priority-badge.tsx';
import { type ConversationPriority, isPriority, PRIORITIES, priorityLabel } from '../../../lib/priority.ts';
import { usePriorityMenuStore } from '../stores/priority-menu-store.ts';
import { HeaderMenu } from './header-menu.tsx';

export function PriorityMenu({
  priority,
  busy,
  onPriority,
  standalone = false,
  align,
}: {
  /** undefined: not known yet, or several (the menu marks nothing). */
  priority: ConversationPriority | null | undefined;
  busy: boolean;
  onPriority: (priority: ConversationPriority | null) => void;
  standalone?: boolean;
  align?: 'left' | 'right';
}) {
  const shared = usePriorityMenuStore();
  const [ownOpen, setOwnOpen] = useState(false);
  const open = standalone ? ownOpen : shared.open;
  const setOpen = standalone ? setOwnOpen : shared.setOpen;
  const closeShared = shared.setOpen;
  useEffect(() => () => (standalone ? undefined : closeShared(false)), [standalone, closeShared]);
  const current = isPriority(priority) ? priority : null;
  const items = [...PRIORITIES, null].map((p) => ({
    id: p ?? 'none',
    label: p ? priorityLabel(p) : 'None',
    icon: <PriorityFlag priority={p} />,
    selected: priority !== undefined && current === p,
    disabled: busy,
    onSelect: () => {
      // One conversation: choosing its level again changes nothing. A selection: every choice goes.
      if (priority === undefined || p !== current) onPriority(p);
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
      {...(align ? { align } : {})}
    >
      {/* The level alone on screen; "Priority: Urgent" to a screen reader. */}
      {current && <span className="sr-only">Priority: </span>}
      <span data-testid="priority">{current ? priorityLabel(current) : 'Priority'}</span>
    </HeaderMenu>
  );
}
