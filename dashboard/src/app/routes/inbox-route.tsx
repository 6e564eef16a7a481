// /p/:projectId/inbox/:conversationId?: the inbox list beside the open conversation (on a phone,
// one or the other: the URL says which). Composes the
// inbox, conversation, canned-responses, labels and members features (features never import each other):
// the inbox's bulk action bar gets the conversation's Snooze and Assign menus and the labels' picker.
import { useMemo } from 'react';
import { ChatBubbleIcon } from '../../components/ui/icons.tsx';
import { Kbd } from '../../components/ui/kbd.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
import { useCannedResponses } from '../../features/canned-responses/api/get-canned-responses.ts';
import { useUpdateConversation } from '../../features/conversation/api/update-conversation.ts';
import { AssignMenu } from '../../features/conversation/components/assign-menu.tsx';
import type { AgentOption } from '../../features/conversation/components/conversation-header.tsx';
import { ConversationView } from '../../features/conversation/components/conversation-view.tsx';
import { PriorityMenu } from '../../features/conversation/components/priority-menu.tsx';
import { SnoozeMenu } from '../../features/conversation/components/snooze-menu.tsx';
import { useComposerStore } from '../../features/conversation/stores/composer-store.ts';
import { usePriorityMenuStore } from '../../features/conversation/stores/priority-menu-store.ts';
import { usePresence } from '../../features/inbox/api/get-presence.ts';
import type { BulkMenus } from '../../features/inbox/components/bulk-action-bar.tsx';
import { InboxPanel } from '../../features/inbox/components/inbox-panel.tsx';
import { useLabels } from '../../features/labels/api/get-labels.ts';
import { BulkLabelMenu } from '../../features/labels/components/bulk-label-menu.tsx';
import { ConversationLabels } from '../../features/labels/components/conversation-labels.tsx';
import { useLabelPickerStore } from '../../features/labels/stores/label-picker-store.ts';
import { useTeam } from '../../features/members/api/get-team.ts';
import { toastResult } from '../../stores/toast-store.ts';
import type { ProjectContext } from '../layouts/project-layout.tsx';

export function InboxRoute({
  project,
  me,
  inboxStatus,
  conversationId,
}: ProjectContext & { conversationId: string | null }) {
  const canned = useCannedResponses(project.id);
  const labels = useLabels(project.id);
  // The whole team, for Agents too (names and roles only): who to assign and mention.
  const team = useTeam(project.id);
  const presence = usePresence(project.id);
  const update = useUpdateConversation(project.id);
  const requestFocus = useComposerStore((s) => s.requestFocus);

  const agents: AgentOption[] = useMemo(() => {
    const online = new Set(presence.filter((p) => p.status === 'online').map((p) => p.id));
    const byId = new Map<string, AgentOption>();
    for (const m of team.data ?? []) byId.set(m.userId, { id: m.userId, name: m.name, online: online.has(m.userId) });
    for (const p of presence) if (!byId.has(p.id)) byId.set(p.id, { id: p.id, name: p.name, online: online.has(p.id) });
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [team.data, presence]);

  // In the bar's second row every menu opens rightwards: leftwards from a button near a phone's left
  // edge it would leave the screen. Priority, last in the row, would overflow a phone's right edge:
  // the menu's nudge brings it back (components/ui/menu.tsx). The label picker lines up with the row.
  const bulkMenus: BulkMenus = {
    snooze: ({ busy, onSnooze }) => <SnoozeMenu busy={busy} onSnooze={onSnooze} align="left" />,
    assign: ({ busy, onAssign }) => (
      <AssignMenu assigneeId={undefined} meId={me.id} agents={agents} busy={busy} onAssign={onAssign} align="left" />
    ),
    labels: ({ busy, labelIdsOf, onLabel }) => (
      <BulkLabelMenu
        labels={labels.data?.labels ?? []}
        labelIdsOf={labelIdsOf}
        canDefine={labels.data?.canDefine ?? false}
        busy={busy}
        onLabel={onLabel}
      />
    ),
    priority: ({ busy, onPriority }) => (
      <PriorityMenu priority={undefined} busy={busy} onPriority={onPriority} standalone align="left" />
    ),
  };

  const act = (id: string, change: Parameters<typeof update.mutate>[0]['change'], done: string) =>
    update.mutate({ conversationId: id, change }, toastResult(done));

  return (
    <div className="flex h-full min-h-0">
      <InboxPanel
        projectId={project.id}
        meId={me.id}
        selectedId={conversationId}
        socketStatus={inboxStatus}
        agentName={(id) => agents.find((a) => a.id === id)?.name ?? null}
        onResolve={(id) => act(id, { kind: 'status', status: 'resolved' }, 'Conversation resolved')}
        onAssignToMe={(id) => act(id, { kind: 'assign', assigneeId: me.id }, 'Assigned to you')}
        onReply={requestFocus}
        onLabels={() => useLabelPickerStore.getState().setOpen(true)}
        onPriority={() => usePriorityMenuStore.getState().setOpen(true)}
        labels={labels.data?.labels ?? []}
        hiddenOnPhone={conversationId !== null}
        manager={project.role === 'manager'}
        bulkMenus={bulkMenus}
      />
      {conversationId ? (
        <ConversationView
          key={conversationId}
          projectId={project.id}
          conversationId={conversationId}
          me={me}
          manager={project.role === 'manager'}
          agents={agents}
          cannedResponses={canned.data ?? []}
          renderLabels={(conversation) => (
            <ConversationLabels
              conversation={conversation}
              labels={labels.data?.labels ?? []}
              canDefine={labels.data?.canDefine ?? false}
            />
          )}
        />
      ) : (
        <div className="hidden min-w-0 flex-1 md:flex">
          <EmptyState
            className="flex-1 bg-slate-50"
            icon={<ChatBubbleIcon />}
            title="Pick a conversation"
            description={
              <>
                Move with <Kbd>j</Kbd> <Kbd>k</Kbd>, resolve with <Kbd>e</Kbd>, and press <Kbd>?</Kbd> for every
                shortcut.
              </>
            }
          />
        </div>
      )}
    </div>
  );
}
