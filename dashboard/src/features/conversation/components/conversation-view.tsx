// One conversation, live: header with triage actions, the thread, the composer and the visitor panel
// (below xl the panel is a view of its own, behind the header's "Visitor details" button).
import { type ReactNode, useMemo, useState } from 'react';
import { LoadingBlock } from '../../../components/ui/spinner.tsx';
import { ErrorState } from '../../../components/ui/states.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { cn } from '../../../lib/cn.ts';
import { visitorName } from '../../../lib/format.ts';
import type { Author, ConversationSummary } from '../../../lib/protocol.ts';
import { toast } from '../../../stores/toast-store.ts';
import { useConversationSettings } from '../../privacy/api/conversation-settings.ts';
import { useThread } from '../api/get-conversation.ts';
import { useLoadEarlierMessages } from '../api/get-earlier-messages.ts';
import { type ConversationChange, useUpdateConversation } from '../api/update-conversation.ts';
import { useConversationRoom } from '../hooks/use-conversation-room.ts';
import { useUploads } from '../hooks/use-uploads.ts';
import type { CannedResponse } from '../utils/canned.ts';
import { Composer } from './composer.tsx';
import { type AgentOption, ConversationHeader } from './conversation-header.tsx';
import { DropZone } from './drop-zone.tsx';
import { MessageList } from './message-list.tsx';
import { RatingBlock } from './rating-block.tsx';
import { VisitorPanel } from './visitor-panel.tsx';

export function ConversationView({
  projectId,
  conversationId,
  me,
  manager,
  agents,
  cannedResponses,
  renderLabels,
}: {
  projectId: string;
  conversationId: string;
  me: { id: string; name: string };
  /** Managers see the block, erase and delete actions. */
  manager: boolean;
  agents: AgentOption[];
  cannedResponses: CannedResponse[];
  /** The labels row under the header (the labels feature draws it; the inbox route composes). */
  renderLabels?: (conversation: ConversationSummary) => ReactNode;
}) {
  const thread = useThread(projectId, conversationId);
  const author: Author = useMemo(() => ({ kind: 'agent', id: me.id, name: me.name }), [me.id, me.name]);
  const room = useConversationRoom({ projectId, conversationId, me: author, ready: thread.isSuccess });
  const earlier = useLoadEarlierMessages(projectId, conversationId);
  const update = useUpdateConversation(projectId);
  const [visitorShown, setVisitorShown] = useState(false);
  const uploads = useUploads(projectId, conversationId);
  // The project's deletion window for authors (any member may read it); 0 until known.
  const deleteWindowMinutes = useConversationSettings(projectId).data?.messageDeleteWindowMinutes ?? 0;

  if (thread.isPending) return <LoadingBlock className="flex-1" label="Opening the conversation…" />;
  if (thread.isError) {
    return (
      <div className="flex flex-1 items-center justify-center">
        <ErrorState error={thread.error} onRetry={() => void thread.refetch()} />
      </div>
    );
  }
  const data = thread.data;
  // Names for a note's mentions: the team handed in, me, and the agents who wrote in this thread
  // (an Agent's team is who is online; the thread's authors fill some of the gaps).
  const names = new Map<string, string>();
  for (const m of data.messages)
    if (m.author.kind === 'agent' && m.author.id && m.author.name) names.set(m.author.id, m.author.name);
  for (const a of agents) names.set(a.id, a.name);
  names.set(me.id, me.name);
  const change = (c: ConversationChange) =>
    update.mutate(
      { conversationId, change: c },
      {
        onSuccess: () => {
          if (c.kind === 'status' && c.status === 'resolved') toast.success('Conversation resolved');
          if (c.kind === 'snooze') toast.success('Conversation snoozed');
        },
        onError: (error) => toast.error(errorMessage(error)),
      },
    );

  return (
    <div className="flex min-w-0 flex-1">
      <DropZone
        className={cn('min-w-0 flex-1 flex-col xl:flex', visitorShown ? 'hidden' : 'flex')}
        onFiles={uploads.limits?.types.length ? uploads.add : undefined}
      >
        <ConversationHeader
          conversation={data.conversation}
          meId={me.id}
          manager={manager}
          agents={agents}
          viewers={room.viewers}
          roomStatus={room.status}
          onChange={change}
          busy={update.isPending}
          onShowVisitor={() => setVisitorShown(true)}
        >
          {renderLabels?.(data.conversation)}
        </ConversationHeader>
        {room.rating ? <RatingBlock rating={room.rating} conversation={data.conversation} /> : null}
        <MessageList
          thread={data}
          meId={me.id}
          visitorLabel={visitorName(data.conversation.visitor)}
          visitorTyping={room.visitorTyping}
          agentsTyping={room.agentsTyping}
          loadingEarlier={earlier.isPending}
          onLoadEarlier={() => earlier.mutate(data.messages[0]?.seq ?? 1)}
          onRetry={room.retry}
          onDiscard={room.discard}
          deleteWindowMinutes={deleteWindowMinutes}
          onDelete={room.remove}
          nameOf={(id) => names.get(id)}
        />
        <Composer
          conversationId={conversationId}
          cannedResponses={cannedResponses}
          team={agents}
          meId={me.id}
          templateValues={{
            visitorName: data.conversation.visitor.name,
            visitorEmail: data.conversation.visitor.email,
            agentName: me.name,
          }}
          onSend={room.send}
          onTyping={room.typing}
          onStopTyping={room.stopTyping}
          uploads={uploads}
        />
      </DropZone>
      <VisitorPanel
        projectId={projectId}
        conversationId={conversationId}
        summary={data.conversation.visitor}
        manager={manager}
        shownOnSmall={visitorShown}
        onHide={() => setVisitorShown(false)}
      />
    </div>
  );
}
