// A label as the inbox and the conversation draw it: a tinted chip with a colour dot, from the
// fixed palette (contract/rest/labels.ts). Each family is mirrored in dark mode (index.css), so
// the same classes keep the name readable on both themes.
import type { LabelColor } from '../../../../contract/rest/labels.ts';
import { cn } from '../../lib/cn.ts';

const CHIP: Record<LabelColor, string> = {
  gray: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  red: 'bg-red-50 text-red-800 ring-red-600/20',
  orange: 'bg-orange-50 text-orange-800 ring-orange-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  green: 'bg-green-50 text-green-800 ring-green-600/20',
  teal: 'bg-teal-50 text-teal-800 ring-teal-600/20',
  blue: 'bg-blue-50 text-blue-800 ring-blue-600/20',
  indigo: 'bg-indigo-50 text-indigo-800 ring-indigo-600/20',
  purple: 'bg-purple-50 text-purple-800 ring-purple-600/20',
  pink: 'bg-pink-50 text-pink-800 ring-pink-600/20',
};

const DOT: Record<LabelColor, string> = {
  gray: 'bg-slate-500',
  red: 'bg-red-500',
  orange: 'bg-orange-500',
  amber: 'bg-amber-500',
  green: 'bg-green-500',
  teal: 'bg-teal-500',
  blue: 'bg-blue-500',
  indigo: 'bg-indigo-500',
  purple: 'bg-purple-500',
  pink: 'bg-pink-500',
};

export function LabelDot({ color, className }: { color: LabelColor; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn('inline-block size-2 shrink-0 rounded-full', DOT[color] ?? DOT.gray, className)}
    />
  );
}

export function LabelChip({ name, color, className }: { name: string; color: LabelColor; className?: string }) {
  return (
    <span
      data-testid="label-chip"
      className={cn(
        'inline-flex max-w-40 items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        CHIP[color] ?? CHIP.gray,
        className,
      )}
    >
      <LabelDot color={color} />
      <span className="truncate">{name}</span>
    </span>
  );
}
