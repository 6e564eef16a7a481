// The bulk bar's "Label" button: the label picker over the selected conversations. A label on all
// of them is checked and picking it takes it off all of them; any other label (on some, or none)
// is put on all of them — Gmail's rule for labelling many at once. One label per change; the
// picker closes on a pick, since the bar's buttons wait for the answer.
import { useEffect, useRef, useState } from 'react';
import { buttonClasses } from '../../../components/ui/button.tsx';
import { TagIcon } from '../../../components/ui/icons.tsx';
import type { Label } from '../api/get-labels.ts';
import { LabelPicker } from './label-picker.tsx';

/** Which labels every conversation has (`all`), and which only some have (`some`). */
export function sharedLabels(labelIdsOf: readonly (readonly string[])[]): { all: string[]; some: string[] } {
  const counts = new Map<string, number>();
  for (const ids of labelIdsOf) for (const id of new Set(ids)) counts.set(id, (counts.get(id) ?? 0) + 1);
  const all: string[] = [];
  const some: string[] = [];
  for (const [id, n] of counts) (n === labelIdsOf.length ? all : some).push(id);
  return { all, some };
}

export function BulkLabelMenu({
  labels,
  labelIdsOf,
  canDefine,
  busy,
  onLabel,
}: {
  labels: readonly Label[];
  /** Each selected conversation's labels. */
  labelIdsOf: readonly (readonly string[])[];
  canDefine: boolean;
  busy: boolean;
  onLabel: (op: 'add' | 'remove', labelId: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const { all, some } = sharedLabels(labelIdsOf);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!boxRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    triggerRef.current?.focus();
  };

  return (
    // Not positioned: the picker (wider than a phone leaves beside the button) lines up with the
    // bar's row, which is.
    <div ref={boxRef}>
      <button
        ref={triggerRef}
        type="button"
        className={buttonClasses('secondary', 'sm')}
        disabled={busy}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <TagIcon size={14} />
        Label
      </button>
      {open && (
        <LabelPicker
          labels={labels}
          selected={all}
          partial={some}
          emptyHint={
            canDefine ? 'No labels yet: define them in Settings › Labels.' : 'No labels yet: a Manager defines them.'
          }
          onClose={close}
          onToggle={(label, on) => {
            close();
            onLabel(on ? 'add' : 'remove', label.id);
          }}
        />
      )}
    </div>
  );
}
