// The header's Assign menu: to me, to another agent (with a presence dot), or to nobody. The
// inbox's bulk bar uses it too, for many conversations at once: no assignee of theirs is marked.
import type { ReactNode } from 'react';
import { ChevronDownIcon, UserIcon, UserPlusIcon } from '../../../components/ui/icons.tsx';
import { cn } from '../../../lib/cn.ts';
import { type AgentOption, type AssignChoice, assignChoices, assigneeLabel } from '../utils/assignee.ts';
import { HeaderMenu } from './header-menu.tsx';

function choiceIcon(choice: AssignChoice): ReactNode {
  if (choice.kind === 'me') return <UserIcon size={14} />;
  if (choice.kind === 'nobody') return <span className="block size-3.5" />;
  return <span className={cn('block size-2 rounded-full', choice.online ? 'bg-emerald-500' : 'bg-slate-300')} />;
}

export function AssignMenu({
  assigneeId,
  meId,
  agents,
  busy,
  onAssign,
  align,
}: {
  /** Who has the conversation; undefined for several conversations (the button says "Assign"). */
  assigneeId: string | null | undefined;
  meId: string;
  agents: AgentOption[];
  busy: boolean;
  onAssign: (assigneeId: string | null) => void;
  align?: 'left' | 'right';
}) {
  const items = assignChoices(meId, agents).map((choice) => ({
    id: choice.id,
    label: choice.label,
    icon: choiceIcon(choice),
    selected: assigneeId === choice.assigneeId,
    onSelect: () => onAssign(choice.assigneeId),
  }));
  return (
    <HeaderMenu
      label="Assign"
      header="Assign to"
      icon={<UserPlusIcon size={14} />}
      items={items}
      busy={busy}
      align={align}
    >
      <span data-testid={assigneeId === undefined ? undefined : 'assignee'}>
        {assigneeLabel(assigneeId ?? null, meId, agents) ?? 'Assign'}
      </span>
      <ChevronDownIcon size={14} className="text-slate-400" />
    </HeaderMenu>
  );
}
