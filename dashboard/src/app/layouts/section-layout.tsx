// The frame of the settings and account pages: their sections as a side menu on a desktop (a
// select above the content on a phone, section-picker.tsx) beside the chosen section's content.
import { type ReactNode, useEffect, useRef } from 'react';
import { cn } from '../../lib/cn.ts';
import { Link } from '../../lib/router.tsx';
import { SectionPicker } from './section-picker.tsx';

export function SectionLayout<S extends string>({
  title,
  sections,
  current,
  about,
  pathOf,
  navTestId,
  children,
}: {
  /** "Settings": the menu's heading and landmark name ("Settings section" on a phone). */
  title: string;
  sections: readonly S[];
  current: S;
  about: Record<S, { label: string; icon: ReactNode }>;
  pathOf: (section: S) => string;
  navTestId?: string;
  children: ReactNode;
}) {
  // The content scrolls in its own box, which outlives the sections: another section starts at
  // its top, as a new page would (navigate() can only scroll the window). Only on a change of
  // section: a new box starts at its top anyway, and a section that scrolls itself to an anchor
  // on mount (its effect runs before this one) stays where it went.
  const content = useRef<HTMLDivElement>(null);
  const shown = useRef(current);
  useEffect(() => {
    if (shown.current === current) return;
    shown.current = current;
    if (content.current) content.current.scrollTop = 0;
  }, [current]);
  return (
    <div className="flex h-full min-h-0 flex-col md:flex-row">
      <SectionPicker
        label={`${title} section`}
        sections={sections}
        current={current}
        labelOf={(s) => about[s].label}
        pathOf={pathOf}
      />
      <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white px-3 py-5 md:block" aria-label={title}>
        <p className="px-3 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</p>
        <nav className="space-y-0.5" data-testid={navTestId}>
          {sections.map((s) => (
            <Link
              key={s}
              to={pathOf(s)}
              aria-current={s === current ? 'page' : undefined}
              className={cn(
                'flex items-center gap-2.5 rounded-lg px-3 py-2 text-sm font-medium',
                s === current ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900',
              )}
            >
              <span className={s === current ? 'text-brand-600' : 'text-slate-400'}>{about[s].icon}</span>
              {about[s].label}
            </Link>
          ))}
        </nav>
      </aside>
      <div ref={content} className="scroll-thin min-w-0 flex-1 overflow-y-auto" data-testid="section-content">
        <div className="mx-auto max-w-4xl px-4 py-5 md:px-8 md:py-8">{children}</div>
      </div>
    </div>
  );
}
