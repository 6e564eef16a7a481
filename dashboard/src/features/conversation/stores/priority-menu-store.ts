// Whether the open conversation's Priority menu is shown: `p` in the inbox opens it from anywhere
// (the inbox route wires the key to this, as `l` to the label picker).
import { create } from 'zustand';

interface PriorityMenuState {
  open: boolean;
  setOpen: (open: boolean) => void;
}

export const usePriorityMenuStore = create<PriorityMenuState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));
