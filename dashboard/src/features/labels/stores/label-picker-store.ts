// Whether the open conversation's label picker is shown: `l` in the inbox opens it from anywhere.
import { create } from 'zustand';

interface LabelPickerState {
  open: boolean;
  setOpen: (open: boolean) => void;
}

export const useLabelPickerStore = create<LabelPickerState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));
