// The open conversation's labels, under its header: the chips, and the "Label" button that opens
// the picker (also `l` anywhere in the inbox).
import { useEffect, useRef } from 'react';
import { TagIcon } from '../../../components/ui/icons.tsx';
import { LabelChip } from '../../../components/ui/label-chip.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';
import { toast } from '../../../stores/toast-store.ts';
import type { Label } from '../api/get-labels.ts';
import { useToggleConversationLabel } from '../api/toggle-conversation-label.ts';
import { useLabelPickerStore } from '../stores/label-picker-store.ts';
import { LabelPicker } from './label-picker.tsx';

export function ConversationLabels({
  conversation,
  labels,
  canDefine,
}: {
  conversation: ConversationSummary;
  labels: readonly Label[];
  canDefine: boolean;
}) {
  const open = useLabelPickerStore((s) => s.open);
  const setOpen = useLabelPickerStore((s) => s.setOpen);
  const toggle = useToggleConversationLabel(conversation.projectId, conversation.id);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const selected = conversation.labelIds ?? [];
  const byId = new Map(labels.map((l) => [l.id, l]));
  const shown = selected.flatMap((id) => byId.get(id) ?? []);

  // A picker left open belongs to the conversation it was opened on.
  useEffect(() => () => setOpen(false), [setOpen]);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!boxRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open, setOpen]);

  const close = () => {
    setOpen(false);
    triggerRef.current?.focus();
  };

  return (
    <div className="mt-2 flex flex-wrap items-center gap-1.5" data-testid="conversation-labels">
      {shown.map((l) => (
        <LabelChip key={l.id} name={l.name} color={l.color} />
      ))}
      <div ref={boxRef} className="relative">
        <button
          ref={triggerRef}
          type="button"
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-keyshortcuts="l"
          onClick={() => setOpen(!open)}
          className="inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 hover:text-slate-900"
        >
          <TagIcon size={12} /> {shown.length > 0 ? 'Labels' : 'Add label'}
        </button>
        {open && (
          <LabelPicker
            labels={labels}
            selected={selected}
            emptyHint={
              canDefine ? 'No labels yet: define them in Settings › Labels.' : 'No labels yet: a Manager defines them.'
            }
            onClose={close}
            onToggle={(label, on) =>
              toggle.mutate({ labelId: label.id, on }, { onError: (error) => toast.error(errorMessage(error)) })
            }
          />
        )}
      </div>
    </div>
  );
}
