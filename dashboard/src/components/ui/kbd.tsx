// A keyboard key, for shortcut hints.
import type { ReactNode } from 'react';

export function Kbd({ children }: { children: ReactNode }) {
  return (
    <kbd className="inline-flex h-5 min-w-5 items-center justify-center rounded border border-slate-300 bg-white px-1 font-sans text-[11px] font-medium text-slate-600 shadow-[0_1px_0_0] shadow-slate-300">
      {children}
    </kbd>
  );
}
