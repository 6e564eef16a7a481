// The settings and account section menu on a phone: a compact select above the content, where
// the desktop has a side menu that would take half the screen.
import { useId } from 'react';
import { ChevronDownIcon } from '../../components/ui/icons.tsx';
import { navigate } from '../../lib/router.tsx';

export function SectionPicker<S extends string>({
  label,
  sections,
  current,
  labelOf,
  pathOf,
}: {
  label: string;
  sections: readonly S[];
  current: S;
  labelOf: (section: S) => string;
  pathOf: (section: S) => string;
}) {
  const id = useId();
  return (
    <div className="shrink-0 border-b border-slate-200 bg-white px-4 py-3 md:hidden">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <div className="relative">
        <select
          id={id}
          value={current}
          onChange={(event) => {
            const next = sections.find((s) => s === event.target.value);
            if (next) navigate(pathOf(next));
          }}
          className="block w-full appearance-none rounded-lg border-0 bg-white py-2 pr-9 pl-3 text-base font-medium text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
        >
          {sections.map((s) => (
            <option key={s} value={s}>
              {labelOf(s)}
            </option>
          ))}
        </select>
        <ChevronDownIcon
          size={16}
          className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-slate-500"
        />
      </div>
    </div>
  );
}
