// The inbox's multi-select: which conversations are checked (UI state; the rules are
// utils/selection.ts), the row the last toggle was on (Shift+click's anchor), and on a phone
// whether "Select" has shown the checkboxes. The inbox panel clears it when the list's filter or
// the project changes and prunes ids that left the list.
import { create } from 'zustand';
import { pruneSelection, rangeSelection, selectAllOnPage, toggleSelection } from '../utils/selection.ts';

interface SelectionState {
  ids: readonly string[];
  anchor: string | null;
  /** A phone's "Select" was tapped: the checkboxes show before anything is checked. */
  selecting: boolean;
  toggle: (id: string) => void;
  /** Shift+click on `id`, over the list's `order`. */
  extendTo: (id: string, order: readonly string[]) => void;
  selectAll: (order: readonly string[]) => void;
  /** Only these stay selected (a bulk change's failures). */
  keep: (ids: readonly string[]) => void;
  prune: (order: readonly string[]) => void;
  setSelecting: (selecting: boolean) => void;
  clear: () => void;
}

export const useSelectionStore = create<SelectionState>()((set, get) => ({
  ids: [],
  anchor: null,
  selecting: false,
  toggle: (id) => set({ ids: toggleSelection(get().ids, id), anchor: id }),
  extendTo: (id, order) => set({ ids: rangeSelection(get().ids, order, get().anchor, id), anchor: id }),
  selectAll: (order) => set({ ids: selectAllOnPage(order) }),
  keep: (ids) => set({ ids: get().ids.filter((id) => ids.includes(id)) }),
  prune: (order) => {
    const ids = pruneSelection(get().ids, order);
    if (ids !== get().ids) set({ ids });
  },
  setSelecting: (selecting) => set({ selecting }),
  clear: () => {
    const { ids, selecting, anchor } = get();
    if (ids.length > 0 || selecting || anchor !== null) set({ ids: [], anchor: null, selecting: false });
  },
}));
