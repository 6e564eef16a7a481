// Notification preferences (this browser): desktop notifications and sound while the tab is hidden.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

interface NotificationPrefs {
  desktop: boolean;
  sound: boolean;
  setDesktop: (desktop: boolean) => void;
  setSound: (sound: boolean) => void;
}

export const useNotificationStore = create<NotificationPrefs>()(
  persist(
    (set) => ({
      desktop: true,
      sound: true,
      setDesktop: (desktop) => set({ desktop }),
      setSound: (sound) => set({ sound }),
    }),
    { name: 'parley.notifications' },
  ),
);
