// The header's Assign menu: to me, to another agent (with a presence dot), or to nobody.
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
}: {
  assigneeId: string | null;
  meId: string;
  agents: AgentOption[];
  busy: boolean;
  onAssign: (assigneeId: string | null) => void;
}) {
  const items = assignChoices(meId, agents).map((choice) => ({
    id: choice.id,
    label: choice.label,
    icon: choiceIcon(choice),
    selected: assigneeId === choice.assigneeId,
    onSelect: () => onAssign(choice.assigneeId),
  }));
  return (
    <HeaderMenu label="Assign" header="Assign to" icon={<UserPlusIcon size={14} />} items={items} busy={busy}>
      <span data-testid="assignee">{assigneeLabel(assigneeId, meId, agents) ?? 'Assign'}</span>
      <ChevronDownIcon size={14} className="text-slate-400" />
    </HeaderMenu>
  );
}
