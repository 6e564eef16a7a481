// The project menu at the top of the sidebar: the current project, the others, and "new project".
import { useEffect, useRef, useState } from 'react';
import { CheckIcon, ChevronDownIcon, PlusIcon } from '../../../components/ui/icons.tsx';
import { paths } from '../../../config/paths.ts';
import { cn } from '../../../lib/cn.ts';
import { Link } from '../../../lib/router.tsx';
import type { Project } from '../api/get-projects.ts';

export function ProjectSwitcher({ projects, current }: { projects: Project[]; current: Project }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        className="flex w-full items-center gap-2.5 rounded-lg px-2 py-1.5 text-left hover:bg-white/10"
        aria-haspopup="menu"
        aria-expanded={open}
      >
        <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-white text-sm font-bold text-brand-700">
          {current.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-semibold text-white">{current.name}</span>
          <span className="block text-xs text-slate-400 capitalize">{current.role}</span>
        </span>
        <ChevronDownIcon size={16} className="text-slate-400" />
      </button>
      {open && (
        <div
          role="menu"
          className="absolute top-full left-0 z-30 mt-1 w-64 rounded-lg bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200"
        >
          <p className="px-3 pt-1.5 pb-1 text-xs font-medium text-slate-400">Projects</p>
          {projects.map((p) => (
            <Link
              key={p.id}
              to={paths.inbox(p.id)}
              role="menuitem"
              onClick={() => setOpen(false)}
              className={cn('flex items-center gap-2 px-3 py-2 text-slate-700 hover:bg-slate-50')}
            >
              <span className="flex-1 truncate">{p.name}</span>
              <span className="text-xs text-slate-400 capitalize">{p.role}</span>
              {p.id === current.id && <CheckIcon size={14} className="text-brand-600" />}
            </Link>
          ))}
          <div className="my-1 border-t border-slate-100" />
          <Link
            to={paths.newProject}
            role="menuitem"
            onClick={() => setOpen(false)}
            className="flex items-center gap-2 px-3 py-2 text-slate-700 hover:bg-slate-50"
          >
            <PlusIcon size={14} /> New project
          </Link>
        </div>
      )}
    </div>
  );
}
