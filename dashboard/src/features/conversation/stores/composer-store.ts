// The composer's UI state per conversation: the unsent draft, whether it is a reply or a private
// note, and the teammates picked with "@" while writing it — kept while the agent moves between
// conversations.
import { create } from 'zustand';
import type { Teammate } from '../utils/mentions.ts';

export type ComposerMode = 'reply' | 'note';

interface ComposerState {
  drafts: Record<string, string>;
  modes: Record<string, ComposerMode>;
  /** Teammates picked in the draft's mention list; sent only if their "@Name" is still in it. */
  mentionPicks: Record<string, Teammate[]>;
  /** Bumped to ask the composer to take focus (the "r" shortcut). */
  focusRequest: number;
  setDraft: (conversationId: string, text: string) => void;
  setMode: (conversationId: string, mode: ComposerMode) => void;
  pickMention: (conversationId: string, teammate: Teammate) => void;
  clearMentions: (conversationId: string) => void;
  requestFocus: () => void;
}

export const useComposerStore = create<ComposerState>((set) => ({
  drafts: {},
  modes: {},
  mentionPicks: {},
  focusRequest: 0,
  setDraft: (conversationId, text) => set((s) => ({ drafts: { ...s.drafts, [conversationId]: text } })),
  setMode: (conversationId, mode) => set((s) => ({ modes: { ...s.modes, [conversationId]: mode } })),
  pickMention: (conversationId, teammate) =>
    set((s) => {
      const picks = (s.mentionPicks[conversationId] ?? []).filter((t) => t.id !== teammate.id);
      return { mentionPicks: { ...s.mentionPicks, [conversationId]: [...picks, teammate] } };
    }),
  clearMentions: (conversationId) =>
    set((s) => {
      const { [conversationId]: _gone, ...rest } = s.mentionPicks;
      return { mentionPicks: rest };
    }),
  requestFocus: () => set((s) => ({ focusRequest: s.focusRequest + 1 })),
}));
