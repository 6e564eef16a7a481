// Toasts: short confirmations and failures ("Invitation sent", "Could not save"), UI state only.
import { create } from 'zustand';
import { errorMessage } from '../lib/api-client.ts';

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  message: string;
}

interface ToastState {
  toasts: Toast[];
  push: (tone: Toast['tone'], message: string) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useToastStore = create<ToastState>((set) => ({
  toasts: [],
  push: (tone, message) => {
    const id = nextId++;
    set((state) => ({ toasts: [...state.toasts.slice(-3), { id, tone, message }] }));
    setTimeout(() => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })), 4000);
  },
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
}));

export const toast = {
  success: (message: string) => useToastStore.getState().push('success', message),
  error: (message: string) => useToastStore.getState().push('error', message),
  info: (message: string) => useToastStore.getState().push('info', message),
};

/** A mutation's callbacks that say how it went: `message` when it worked, the error's own words when not. */
export function toastResult(message: string) {
  return {
    onSuccess: () => toast.success(message),
    onError: (error: unknown) => toast.error(errorMessage(error)),
  };
}
