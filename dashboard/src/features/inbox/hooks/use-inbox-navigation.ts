// Binds the inbox shortcuts to the list on screen (j/k move, e resolves and moves on, a assigns to
// me, p opens the Priority menu, r replies, x checks the focused row for a bulk change, Escape
// clears the checks, / searches, ? toggles the sheet) and keeps the selected row in view.
import { type RefObject, useEffect } from 'react';
import { paths } from '../../../config/paths.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { navigate } from '../../../lib/router.tsx';
import { useInboxStore } from '../stores/inbox-store.ts';
import { useSelectionStore } from '../stores/selection-store.ts';
import { neighbourId, nextAfterResolve } from '../utils/list-navigation.ts';
import { useInboxShortcuts } from './use-inbox-shortcuts.ts';

export interface InboxNavigation {
  projectId: string;
  conversations: ConversationSummary[];
  selectedId: string | null;
  searchRef: RefObject<HTMLInputElement | null>;
  onResolve: (conversationId: string) => void;
  onAssignToMe: (conversationId: string) => void;
  onReply: () => void;
  onLabels: () => void;
  /** `p`: open the open conversation's Priority menu. */
  onPriority: () => void;
}

export function useInboxNavigation({
  projectId,
  conversations,
  selectedId,
  searchRef,
  onResolve,
  onAssignToMe,
  onReply,
  onLabels,
  onPriority,
}: InboxNavigation): void {
  const open = (id: string | null) => {
    if (id) navigate(paths.conversation(projectId, id));
  };
  const move = (delta: number) => open(neighbourId(conversations, selectedId, delta));

  useInboxShortcuts({
    next: () => move(1),
    previous: () => move(-1),
    resolve: () => {
      if (!selectedId) return;
      const next = nextAfterResolve(conversations, selectedId);
      onResolve(selectedId);
      open(next);
    },
    assignToMe: () => {
      if (selectedId) onAssignToMe(selectedId);
    },
    reply: onReply,
    search: () => searchRef.current?.focus(),
    priority: () => {
      if (selectedId) onPriority();
    },
    labels: () => {
      if (selectedId) onLabels();
    },
    // The row holding keyboard focus (its link or its checkbox), else the open conversation (j/k's).
    select: () => {
      if (useInboxStore.getState().search.trim()) return; // search results take no selection
      const focused = document.activeElement?.closest<HTMLElement>('[data-row-id]')?.dataset.rowId;
      const id = focused ?? (conversations.some((c) => c.id === selectedId) ? selectedId : null);
      if (id) useSelectionStore.getState().toggle(id);
    },
    // (An Escape that closed a menu or the label picker never gets here.)
    clearSelection: () => useSelectionStore.getState().clear(),
    help: () => {
      const { shortcutsOpen, setShortcutsOpen } = useInboxStore.getState();
      setShortcutsOpen(!shortcutsOpen);
    },
  });

  // Keep the selected row in view as j/k move through a long list.
  useEffect(() => {
    if (!selectedId) return;
    document.querySelector(`[data-conversation-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
}
