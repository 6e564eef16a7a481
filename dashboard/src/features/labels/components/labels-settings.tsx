// Settings › Labels: the project's labels (name, colour from a fixed palette, description), and
// for Managers the switch that lets Agents define them too. Who may not define labels sees the list.
import { type FormEvent, useId, useState } from 'react';
import { LABEL_COLORS } from '../../../../../contract/rest/labels.ts';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody } from '../../../components/ui/card.tsx';
import { TextField } from '../../../components/ui/field.tsx';
import { CheckIcon, TagIcon } from '../../../components/ui/icons.tsx';
import { LabelChip, LabelDot } from '../../../components/ui/label-chip.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { SettingsList } from '../../../components/ui/settings-list.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { cn } from '../../../lib/cn.ts';
import { toast, toastResult } from '../../../stores/toast-store.ts';
import { type Label, type LabelColor, useLabels } from '../api/get-labels.ts';
import { useDeleteLabel, useSaveLabel, useUpdateLabelSettings } from '../api/save-label.ts';

const COLOR_NAMES: Record<LabelColor, string> = {
  gray: 'Grey',
  red: 'Red',
  orange: 'Orange',
  amber: 'Amber',
  green: 'Green',
  teal: 'Teal',
  blue: 'Blue',
  indigo: 'Indigo',
  purple: 'Purple',
  pink: 'Pink',
};

export function LabelsSettings({ projectId, manager }: { projectId: string; manager: boolean }) {
  const list = useLabels(projectId);
  const remove = useDeleteLabel(projectId);
  const settings = useUpdateLabelSettings(projectId);

  return (
    <SettingsList
      title="Labels"
      description="Tag conversations (press L in an open conversation) and filter the inbox by them."
      newLabel="New label"
      canDefine={list.data?.canDefine ?? false}
      query={list}
      items={list.data?.labels}
      nameOf={(l) => l.name}
      confirmDelete={(l) => `Delete “${l.name}”? It comes off every conversation.`}
      remove={remove}
      empty={{ icon: <TagIcon />, title: 'No labels yet', hint: 'Billing, Bug, VIP… whatever your team sorts by.' }}
      listTestId="label-list"
      rowClassName="flex items-center gap-4 px-5 py-3.5"
      renderRow={(l) => (
        <div className="min-w-0 flex-1">
          <LabelChip name={l.name} color={l.color} />
          {l.description && <p className="mt-1 line-clamp-2 text-sm text-slate-500">{l.description}</p>}
        </div>
      )}
      renderEditor={(label, onClose) => <LabelEditor projectId={projectId} label={label} onClose={onClose} />}
      below={
        manager &&
        list.data && (
          <Card>
            <CardBody>
              <Switch
                checked={list.data.agentsMayDefine}
                disabled={settings.isPending}
                onChange={(on) =>
                  settings.mutate(on, toastResult(on ? 'Agents can now define labels' : 'Only Managers define labels'))
                }
                label="Agents may define labels"
                description="Off: only Managers create, rename and delete labels. Every member can put them on conversations."
              />
            </CardBody>
          </Card>
        )
      }
    />
  );
}

function LabelEditor({ projectId, label, onClose }: { projectId: string; label: Label | null; onClose: () => void }) {
  const save = useSaveLabel(projectId);
  const [name, setName] = useState(label?.name ?? '');
  const [color, setColor] = useState<LabelColor>(label?.color ?? 'blue');
  const [description, setDescription] = useState(label?.description ?? '');
  const colorsId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { id: label?.id ?? null, input: { name: name.trim(), color, description: description.trim() } },
      {
        onSuccess: () => {
          toast.success(label ? 'Saved' : `${name.trim()} added`);
          onClose();
        },
      },
    );
  };

  return (
    <Modal open onClose={onClose} title={label ? `Edit ${label.name}` : 'New label'}>
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label="Name"
          value={name}
          maxLength={50}
          onChange={(e) => setName(e.target.value)}
          placeholder="Billing"
          autoFocus
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-900">Colour</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {LABEL_COLORS.map((c) => (
              <label
                key={c}
                title={COLOR_NAMES[c]}
                className={cn(
                  'relative flex size-8 cursor-pointer items-center justify-center rounded-full ring-1 ring-slate-200 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600',
                  color === c && 'ring-2 ring-slate-900',
                )}
              >
                <input
                  type="radio"
                  name={colorsId}
                  value={c}
                  checked={color === c}
                  onChange={() => setColor(c)}
                  aria-label={COLOR_NAMES[c]}
                  className="absolute inset-0 cursor-pointer appearance-none rounded-full opacity-0"
                />
                <LabelDot color={c} className="pointer-events-none size-5" />
                {color === c && <CheckIcon size={12} className="pointer-events-none absolute text-white" />}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          label="Description"
          value={description}
          maxLength={200}
          onChange={(e) => setDescription(e.target.value)}
          placeholder="Questions about invoices and payments"
          hint="Optional: when to use it."
        />
        <div className="flex items-center gap-2 text-sm text-slate-500">
          Preview: <LabelChip name={name.trim() || 'Label'} color={color} />
        </div>
        <FormError error={save.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={save.isPending} disabled={!name.trim()}>
            {label ? 'Save' : 'Add label'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
