// A contact's attribute values, read and edited against the project's definitions: one typed
// input per attribute (text, number, date, yes/no, a list's options). Shared by the contact page
// and the conversation's visitor panel; the Worker checks every value again.
import { type FormEvent, useState } from 'react';
import type { AttributeValue } from '../../../../../contract/rest/contacts.ts';
import { Button } from '../../../components/ui/button.tsx';
import { inputClasses } from '../../../components/ui/field.tsx';
import { Spinner } from '../../../components/ui/spinner.tsx';
import { FormError } from '../../../components/ui/states.tsx';
import { paths } from '../../../config/paths.ts';
import { Link } from '../../../lib/router.tsx';
import { type AttributeDefinition, useAttributeDefinitions } from '../api/get-attribute-definitions.ts';
import { type AttributeInput, displayValue, fromFormValue, toFormValue } from '../utils/attribute-input.ts';

export function AttributeEditor({
  projectId,
  values,
  saving,
  error,
  onSave,
}: {
  projectId: string;
  values: Record<string, AttributeValue>;
  saving: boolean;
  error: unknown;
  onSave: (changes: Record<string, AttributeInput>, done: () => void) => void;
}) {
  const definitions = useAttributeDefinitions(projectId);
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  if (definitions.isPending) return <Spinner size={14} className="text-slate-400" />;
  const defs = definitions.data?.attributes ?? [];
  if (defs.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No attributes are defined yet.{' '}
        <Link to={paths.settings(projectId, 'attributes')} className="text-brand-700 underline">
          Define them in Settings
        </Link>
        .
      </p>
    );
  }

  if (!draft) {
    return (
      <div>
        <dl className="space-y-2" data-testid="attribute-values">
          {defs.map((d) => (
            <div key={d.key} className="flex items-baseline justify-between gap-3 text-sm">
              <dt className="text-slate-500">{d.label}</dt>
              <dd className="min-w-0 truncate text-right font-medium text-slate-800" data-attribute={d.key}>
                {values[d.key] === undefined ? (
                  <span className="font-normal text-slate-400">—</span>
                ) : (
                  displayValue(d, values[d.key] as AttributeValue)
                )}
              </dd>
            </div>
          ))}
        </dl>
        <Button
          variant="ghost"
          size="sm"
          className="mt-3 -ml-2"
          onClick={() => setDraft(Object.fromEntries(defs.map((d) => [d.key, toFormValue(values[d.key])])))}
        >
          Edit attributes
        </Button>
      </div>
    );
  }

  const parsed = defs.map((d) => ({ def: d, value: fromFormValue(d, draft[d.key] ?? '') }));
  const invalid = parsed.filter((p) => p.value === undefined).map((p) => p.def.key);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes: Record<string, AttributeInput> = {};
    for (const { def, value } of parsed) {
      if (value === undefined) return;
      const before = values[def.key] ?? null;
      if (value !== before) changes[def.key] = value;
    }
    if (Object.keys(changes).length === 0) return setDraft(null);
    onSave(changes, () => setDraft(null));
  };
  return (
    <form onSubmit={submit} className="space-y-3" data-testid="attribute-form">
      {defs.map((d) => (
        <AttributeField
          key={d.key}
          def={d}
          value={draft[d.key] ?? ''}
          invalid={invalid.includes(d.key)}
          onChange={(v) => setDraft({ ...draft, [d.key]: v })}
        />
      ))}
      <FormError error={error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={() => setDraft(null)}>
          Cancel
        </Button>
        <Button type="submit" size="sm" busy={saving} disabled={invalid.length > 0}>
          Save
        </Button>
      </div>
    </form>
  );
}

function AttributeField({
  def,
  value,
  invalid,
  onChange,
}: {
  def: AttributeDefinition;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
}) {
  const id = `attribute-${def.key}`;
  const common = { id, value, className: inputClasses, 'aria-invalid': invalid || undefined };
  let input: React.ReactNode;
  if (def.type === 'boolean' || def.type === 'list') {
    const choices =
      def.type === 'boolean'
        ? [
            ['true', 'Yes'],
            ['false', 'No'],
          ]
        : def.options.map((o) => [o, o]);
    input = (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {choices.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    );
  } else {
    const type = def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text';
    input = (
      <input
        {...common}
        type={type}
        step={def.type === 'number' ? 'any' : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {def.label}
      </label>
      {input}
      {invalid && <p className="mt-1 text-xs text-red-600">Not a valid {def.type === 'list' ? 'option' : def.type}.</p>}
    </div>
  );
}
