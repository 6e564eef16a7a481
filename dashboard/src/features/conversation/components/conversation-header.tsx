// The conversation's header: who the visitor is, who else is looking, and the triage actions —
// assign, snooze, resolve / reopen.
import { Avatar } from '../../../components/ui/avatar.tsx';
import { visitorName } from '../../../lib/format.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import type { SocketStatus } from '../../../lib/ws-client.ts';
import { ConversationMoreMenu } from '../../privacy/components/conversation-more-menu.tsx';
import type { ConversationChange } from '../api/update-conversation.ts';
import type { AgentOption } from '../utils/assignee.ts';
import { AssignMenu } from './assign-menu.tsx';
import { ConversationHeading } from './conversation-heading.tsx';
import { ResolveButton } from './resolve-button.tsx';
import { SnoozeMenu } from './snooze-menu.tsx';
import { ViewerStack } from './viewer-stack.tsx';

// The inbox route builds the agent list it passes in, so it takes the type from here.
export type { AgentOption } from '../utils/assignee.ts';

export function ConversationHeader({
  conversation,
  meId,
  manager,
  agents,
  viewers,
  roomStatus,
  onChange,
  busy,
}: {
  conversation: ConversationSummary;
  meId: string;
  manager: boolean;
  agents: AgentOption[];
  viewers: { id: string; name: string }[];
  roomStatus: SocketStatus;
  onChange: (change: ConversationChange) => void;
  busy: boolean;
}) {
  const name = visitorName(conversation.visitor);
  const resolved = conversation.status === 'resolved';
  return (
    <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-5 py-3">
      <Avatar name={name} seed={conversation.visitor.id} />
      <ConversationHeading conversation={conversation} name={name} roomStatus={roomStatus} />
      <ViewerStack viewers={viewers} />
      <AssignMenu
        assigneeId={conversation.assigneeId}
        meId={meId}
        agents={agents}
        busy={busy}
        onAssign={(assigneeId) => onChange({ kind: 'assign', assigneeId })}
      />
      {!resolved && <SnoozeMenu busy={busy} onSnooze={(until) => onChange({ kind: 'snooze', until })} />}
      <ResolveButton resolved={resolved} busy={busy} onStatus={(status) => onChange({ kind: 'status', status })} />
      {manager && (
        <ConversationMoreMenu
          projectId={conversation.projectId}
          conversationId={conversation.id}
          visitorId={conversation.visitor.id}
          visitorName={name}
        />
      )}
    </header>
  );
}
