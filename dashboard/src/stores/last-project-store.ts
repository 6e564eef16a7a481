// The project the agent last worked in: where "/" and the account pages lead back to.
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

interface LastProjectState {
  projectId: string | null;
  setProjectId: (projectId: string) => void;
}

export const useLastProjectStore = create<LastProjectState>()(
  persist(
    (set) => ({
      projectId: null,
      setProjectId: (projectId) => set({ projectId }),
    }),
    { name: 'parley.last-project' },
  ),
);
