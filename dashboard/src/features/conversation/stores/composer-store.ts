// The composer's UI state per conversation: the unsent draft and whether it is a reply or a
// private note — kept while the agent moves between conversations.
import { create } from 'zustand';

export type ComposerMode = 'reply' | 'note';

interface ComposerState {
  drafts: Record<string, string>;
  modes: Record<string, ComposerMode>;
  /** Bumped to ask the composer to take focus (the "r" shortcut). */
  focusRequest: number;
  setDraft: (conversationId: string, text: string) => void;
  setMode: (conversationId: string, mode: ComposerMode) => void;
  requestFocus: () => void;
}

export const useComposerStore = create<ComposerState>((set) => ({
  drafts: {},
  modes: {},
  focusRequest: 0,
  setDraft: (conversationId, text) => set((s) => ({ drafts: { ...s.drafts, [conversationId]: text } })),
  setMode: (conversationId, mode) => set((s) => ({ modes: { ...s.modes, [conversationId]: mode } })),
  requestFocus: () => set((s) => ({ focusRequest: s.focusRequest + 1 })),
}));
