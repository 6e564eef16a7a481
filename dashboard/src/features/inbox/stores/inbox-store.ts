// The inbox's UI state: which list is shown (assignee, status, label and priority filters), the search text,
// whether the shortcut sheet is open, and the dot on the Mentions tab. Server data never lives here.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { type PriorityFilter, parsePriorityFilter } from '../../../lib/priority.ts';
import type { AssigneeFilter, StatusFilter } from '../utils/list-cache.ts';

interface InboxUiState {
  assignee: AssigneeFilter;
  status: StatusFilter;
  search: string;
  /** A label id, or null for every conversation; not kept across reloads (labels are per project). */
  label: string | null;
  /** A priority (or `none`), or null for every conversation; kept across reloads like the status. */
  priority: PriorityFilter | null;
  shortcutsOpen: boolean;
  /** A mention of me arrived since the Mentions tab was last shown. */
  mentionDot: boolean;
  /** A `mention` frame for me: lights the dot, once per note (the frame may come twice). */
  mentioned: (messageId: string) => void;
  /** The Mentions tab is on screen: the dot goes out. */
  mentionsSeen: () => void;
  setAssignee: (assignee: AssigneeFilter) => void;
  setStatus: (status: StatusFilter) => void;
  setSearch: (search: string) => void;
  setLabel: (label: string | null) => void;
  setPriority: (priority: PriorityFilter | null) => void;
  setShortcutsOpen: (open: boolean) => void;
}

/** Notes whose mention already lit the dot (this page's life). */
const noticed = new Set<string>();

export const useInboxStore = create<InboxUiState>()(
  persist(
    (set) => ({
      assignee: 'all',
      status: 'open',
      search: '',
      label: null,
      priority: null,
      shortcutsOpen: false,
      mentionDot: false,
      mentioned: (messageId) => {
        if (noticed.has(messageId)) return;
        noticed.add(messageId);
        set({ mentionDot: true });
      },
      mentionsSeen: () => set({ mentionDot: false }),
      setAssignee: (assignee) => set({ assignee }),
      setStatus: (status) => set({ status }),
      setSearch: (search) => set({ search }),
      setLabel: (label) => set({ label }),
      setPriority: (priority) => set({ priority }),
      setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
    }),
    {
      name: 'parley.inbox',
      // Only the chosen list survives a reload; search and the sheet start fresh.
      // The Mentions dot stays lit across a reload until the tab is opened.
      partialize: (state) => ({
        assignee: state.assignee,
        status: state.status,
        priority: state.priority,
        mentionDot: state.mentionDot,
      }),
      // A stored priority from an older or tampered page is checked, not trusted: unknown is no filter.
      merge: (persisted, current) => {
        const stored = (persisted ?? {}) as Partial<InboxUiState>;
        return { ...current, ...stored, priority: parsePriorityFilter(stored.priority) };
      },
    },
  ),
);
