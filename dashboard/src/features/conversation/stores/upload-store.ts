// Uploads per conversation while they travel (progress, the way to cancel) or after they were
// refused (the reason, until dismissed). Kept while the agent moves between conversations.
import { create } from 'zustand';

export interface UploadItem {
  id: string;
  name: string;
  /** 0–1 while uploading. */
  progress: number;
  /** Why the file was refused (before upload, or by the server). */
  error?: string;
  abort?: () => void;
}

interface UploadState {
  items: Record<string, UploadItem[]>;
  put: (conversationId: string, item: UploadItem) => void;
  patch: (conversationId: string, id: string, change: Partial<UploadItem>) => void;
  remove: (conversationId: string, id: string) => void;
}

export const useUploadStore = create<UploadState>((set) => ({
  items: {},
  put: (conversationId, item) =>
    set((s) => ({ items: { ...s.items, [conversationId]: [...(s.items[conversationId] ?? []), item] } })),
  patch: (conversationId, id, change) =>
    set((s) => ({
      items: {
        ...s.items,
        [conversationId]: (s.items[conversationId] ?? []).map((i) => (i.id === id ? { ...i, ...change } : i)),
      },
    })),
  remove: (conversationId, id) =>
    set((s) => ({
      items: { ...s.items, [conversationId]: (s.items[conversationId] ?? []).filter((i) => i.id !== id) },
    })),
}));
