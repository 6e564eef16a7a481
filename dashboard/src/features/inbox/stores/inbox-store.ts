// The inbox's UI state: which list is shown (assignee, status and label filters), the search text and
// whether the shortcut sheet is open. Server data never lives here.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { AssigneeFilter, StatusFilter } from '../utils/list-cache.ts';

interface InboxUiState {
  assignee: AssigneeFilter;
  status: StatusFilter;
  search: string;
  /** A label id, or null for every conversation; not kept across reloads (labels are per project). */
  label: string | null;
  shortcutsOpen: boolean;
  setAssignee: (assignee: AssigneeFilter) => void;
  setStatus: (status: StatusFilter) => void;
  setSearch: (search: string) => void;
  setLabel: (label: string | null) => void;
  setShortcutsOpen: (open: boolean) => void;
}

export const useInboxStore = create<InboxUiState>()(
  persist(
    (set) => ({
      assignee: 'all',
      status: 'open',
      search: '',
      label: null,
      shortcutsOpen: false,
      setAssignee: (assignee) => set({ assignee }),
      setStatus: (status) => set({ status }),
      setSearch: (search) => set({ search }),
      setLabel: (label) => set({ label }),
      setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
    }),
    {
      name: 'parley.inbox',
      // Only the chosen list survives a reload; search and the sheet start fresh.
      partialize: (state) => ({ assignee: state.assignee, status: state.status }),
    },
  ),
);
