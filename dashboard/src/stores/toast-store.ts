// Toasts: short confirmations and failures ("Invitation sent", "Could not save"), and notices that
// open something when clicked ("Bo mentioned you"); UI state only.
import { create } from 'zustand';
import { errorMessage } from '../lib/api-client.ts';

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  message: string;
  /** A second line (a notice's preview). */
  detail?: string;
  /** Clicking the toast does this (and dismisses it). */
  onOpen?: () => void;
}

interface ToastState {
  toasts: Toast[];
  push: (tone: Toast['tone'], message: string, extra?: Pick<Toast, 'detail' | 'onOpen'>, ms?: number) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useToastStore = create<ToastState>((set) => ({
  toasts: [],
  push: (tone, message, extra, ms = 4000) => {
    const id = nextId++;
    set((state) => ({ toasts: [...state.toasts.slice(-3), { id, tone, message, ...extra }] }));
    setTimeout(() => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })), ms);
  },
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) })),
}));

export const toast = {
  success: (message: string) => useToastStore.getState().push('success', message),
  error: (message: string) => useToastStore.getState().push('error', message),
  info: (message: string) => useToastStore.getState().push('info', message),
  /** A notice worth reading (kept 8 s) that opens what it is about when clicked. */
  notice: (message: string, detail: string, onOpen: () => void) =>
    useToastStore.getState().push('info', message, { detail, onOpen }, 8000),
};

/** A mutation's callbacks that say how it went: `message` when it worked, the error's own words when not. */
export function toastResult(message: string) {
  return {
    onSuccess: () => toast.success(message),
    onError: (error: unknown) => toast.error(errorMessage(error)),
  };
}
