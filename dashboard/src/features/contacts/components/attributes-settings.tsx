// Settings › Attributes: the custom attributes contacts carry (text, number, date, yes/no, a list
// of options), set from the widget's `Parley('update', { attributes })`, the REST API and the
// visitor panel. Managers define them, and choose whether Agents may too.
import { type FormEvent, useState } from 'react';
import { ATTRIBUTE_TYPES, type AttributeType } from '../../../../../contract/rest/contacts.ts';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Card, CardBody } from '../../../components/ui/card.tsx';
import { Select, TextField } from '../../../components/ui/field.tsx';
import { SlidersIcon } from '../../../components/ui/icons.tsx';
import { Modal } from '../../../components/ui/modal.tsx';
import { SettingsList } from '../../../components/ui/settings-list.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { Switch } from '../../../components/ui/switch.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { toast } from '../../../stores/toast-store.ts';
import { useSettings } from '../../project-settings/api/get-settings.ts';
import { useUpdateSettings } from '../../project-settings/api/update-settings.ts';
import { type AttributeDefinition, useAttributeDefinitions } from '../api/get-attribute-definitions.ts';
import { useCreateAttribute, useDeleteAttribute, useUpdateAttribute } from '../api/save-attribute-definition.ts';

const TYPE_LABELS: Record<AttributeType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
  list: 'List',
};
const KEY = /^[a-z][a-z0-9_]{0,39}$/;

export function AttributesSettings({ projectId, manager }: { projectId: string; manager: boolean }) {
  const list = useAttributeDefinitions(projectId);
  const remove = useDeleteAttribute(projectId);
  return (
    <SettingsList
      title="Attributes"
      description={
        <>
          What you know about your contacts, set from your site with{' '}
          <code className="rounded bg-slate-100 px-1">{"Parley('update', { attributes })"}</code>, the REST API or the
          visitor panel.
        </>
      }
      newLabel="New attribute"
      canDefine={list.data?.canDefine ?? false}
      query={list}
      items={list.data?.attributes}
      nameOf={(a) => a.label}
      confirmDelete={(a) => `Delete “${a.label}” and its value on every contact?`}
      remove={remove}
      empty={{
        icon: <SlidersIcon />,
        title: 'No attributes yet',
        hint: 'Add the facts your team needs: plan, company, renewal date…',
      }}
      listTestId="attribute-list"
      rowClassName="flex flex-wrap items-center gap-3 px-5 py-3"
      renderRow={(a) => (
        <>
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium text-slate-900">{a.label}</p>
            <p className="truncate text-xs text-slate-500">
              <code>{a.key}</code>
              {a.type === 'list' && ` · ${a.options.join(', ')}`}
            </p>
          </div>
          <Badge tone="slate">{TYPE_LABELS[a.type]}</Badge>
        </>
      )}
      renderEditor={(attribute, onClose) => (
        <AttributeDialog projectId={projectId} attribute={attribute} onClose={onClose} />
      )}
      above={manager && <AgentsMayDefine projectId={projectId} />}
    />
  );
}

function AgentsMayDefine({ projectId }: { projectId: string }) {
  const settings = useSettings(projectId);
  const update = useUpdateSettings(projectId);
  return (
    <Card>
      <CardBody>
        <Switch
          checked={settings.data?.agentsDefineAttributes ?? false}
          disabled={!settings.data || update.isPending}
          onChange={(agentsDefineAttributes) =>
            update.mutate({ agentsDefineAttributes }, { onError: (e) => toast.error(errorMessage(e)) })
          }
          label="Agents may define attributes"
          description="Off: only Managers add, change and delete attributes. Everyone can set their values."
        />
      </CardBody>
    </Card>
  );
}

function AttributeDialog({
  projectId,
  attribute,
  onClose,
}: {
  projectId: string;
  attribute: AttributeDefinition | null;
  onClose: () => void;
}) {
  const create = useCreateAttribute(projectId);
  const update = useUpdateAttribute(projectId);
  const [label, setLabel] = useState(attribute?.label ?? '');
  const [key, setKey] = useState(attribute?.key ?? '');
  const [keyEdited, setKeyEdited] = useState(false);
  const [type, setType] = useState<AttributeType>(attribute?.type ?? 'text');
  const [options, setOptions] = useState(attribute?.options.join(', ') ?? '');
  const mutation = attribute ? update : create;
  const optionList = options
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const keyOf = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+|_+$/g, '')
      .slice(0, 40);
  const valid = label.trim() && KEY.test(key) && (type !== 'list' || optionList.length > 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const done = {
      onSuccess: () => {
        toast.success(attribute ? 'Saved' : `${label.trim()} added`);
        onClose();
      },
    };
    if (attribute) {
      update.mutate(
        { id: attribute.id, patch: { label: label.trim(), ...(type === 'list' ? { options: optionList } : {}) } },
        done,
      );
    } else {
      create.mutate({ key, label: label.trim(), type, ...(type === 'list' ? { options: optionList } : {}) }, done);
    }
  };

  return (
    <Modal open onClose={onClose} title={attribute ? `Edit ${attribute.label}` : 'New attribute'}>
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label="Label"
          value={label}
          onChange={(e) => {
            setLabel(e.target.value);
            if (!attribute && !keyEdited) setKey(keyOf(e.target.value));
          }}
          placeholder="Plan"
          autoFocus
        />
        <TextField
          label="Key"
          value={key}
          disabled={!!attribute}
          onChange={(e) => {
            setKeyEdited(true);
            setKey(e.target.value);
          }}
          hint={
            <>
              What your site sends: <code>{`Parley('update', { attributes: { ${key || 'plan'}: … } })`}</code>
            </>
          }
          error={key && !KEY.test(key) ? 'Lowercase letters, digits and _, starting with a letter' : null}
        />
        <Select
          label="Type"
          value={type}
          disabled={!!attribute}
          onChange={(e) => setType(e.target.value as AttributeType)}
        >
          {ATTRIBUTE_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </Select>
        {type === 'list' && (
          <TextField
            label="Options"
            value={options}
            onChange={(e) => setOptions(e.target.value)}
            placeholder="free, pro, enterprise"
            hint="Separated by commas."
          />
        )}
        <FormError error={mutation.error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={mutation.isPending} disabled={!valid}>
            {attribute ? 'Save' : 'Add attribute'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
