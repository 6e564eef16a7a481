// The conversation's header: who the visitor is, who else is looking, and the triage actions —
// assign, priority, snooze, resolve / reopen. The name and status have the first row to themselves while the
// conversation's column is narrower than 48rem (a container query: at 1280 px beside the list and the
// visitor panel it is); the actions then take a second row and wrap there. On a phone it also gets
// the way back to the list and to the visitor's details.
import type { ReactNode } from 'react';
import { Avatar } from '../../../components/ui/avatar.tsx';
import { ChevronLeftIcon, UserIcon } from '../../../components/ui/icons.tsx';
import { paths } from '../../../config/paths.ts';
import { visitorName } from '../../../lib/format.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { Link } from '../../../lib/router.tsx';
import type { SocketStatus } from '../../../lib/ws-client.ts';
import { ConversationMoreMenu } from '../../privacy/components/conversation-more-menu.tsx';
import type { ConversationChange } from '../api/update-conversation.ts';
import type { AgentOption } from '../utils/assignee.ts';
import { AssignMenu } from './assign-menu.tsx';
import { ConversationHeading } from './conversation-heading.tsx';
import { PriorityMenu } from './priority-menu.tsx';
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
  onShowVisitor,
  children,
}: {
  conversation: ConversationSummary;
  meId: string;
  manager: boolean;
  agents: AgentOption[];
  viewers: { id: string; name: string }[];
  roomStatus: SocketStatus;
  onChange: (change: ConversationChange) => void;
  busy: boolean;
  /** Below xl the visitor panel is a view of its own: this opens it. */
  onShowVisitor: () => void;
  /** A row under the header's (the conversation's labels). */
  children?: ReactNode;
}) {
  const name = visitorName(conversation.visitor);
  const resolved = conversation.status === 'resolved';
  return (
    <header className="@container border-b border-slate-200 bg-white px-3 py-3 md:px-5">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <Link
          to={paths.inbox(conversation.projectId)}
          aria-label="Back to the inbox"
          className="-ml-1 rounded-lg p-1.5 text-slate-600 hover:bg-slate-100 md:hidden"
        >
          <ChevronLeftIcon size={20} />
        </Link>
        <Avatar name={name} seed={conversation.visitor.id} />
        <ConversationHeading conversation={conversation} name={name} roomStatus={roomStatus} />
        <button
          type="button"
          onClick={onShowVisitor}
          aria-label="Visitor details"
          className="rounded-lg p-1.5 text-slate-600 hover:bg-slate-100 xl:hidden"
        >
          <UserIcon size={20} />
        </button>
        <div
          className="flex w-full flex-wrap items-center gap-1.5 @3xl:ml-auto @3xl:w-auto @3xl:justify-end"
          data-testid="conversation-actions"
        >
          <ViewerStack viewers={viewers} />
          <AssignMenu
            assigneeId={conversation.assigneeId}
            meId={meId}
            agents={agents}
            busy={busy}
            onAssign={(assigneeId) => onChange({ kind: 'assign', assigneeId })}
          />
          <PriorityMenu
            priority={conversation.priority}
            busy={busy}
            onPriority={(priority) => onChange({ kind: 'priority', priority })}
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
        </div>
      </div>
      {children}
    </header>
  );
}
