// Checks attribute values against a project's definitions, as pure functions: the widget's
// `Parley('update', { attributes })`, REST and the visitor panel all pass through here, so a value
// is stored only if its key is defined in the contact's project and it has the definition's type.
import type { AttributeType, AttributeValue } from '../../contract/rest/contacts.ts';

export interface Definition {
  key: string;
  type: AttributeType;
  options: readonly string[];
}

export type AttributeCheck =
  | { ok: true; set: Record<string, AttributeValue>; remove: string[] }
  | { ok: false; code: 'unknown_attribute' | 'invalid_attribute'; message: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

const EXPECTED: Record<AttributeType, string> = {
  text: 'a string',
  number: 'a finite number',
  date: 'a date written YYYY-MM-DD',
  boolean: 'true or false',
  list: 'one of its options',
};

function fits(def: Definition, value: unknown): value is AttributeValue {
  switch (def.type) {
    case 'text':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && isIsoDate(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'list':
      return typeof value === 'string' && def.options.includes(value);
  }
}

/**
 * Splits `input` into values to set and keys to remove (`null`), or names the first key that is
 * not defined (`unknown_attribute`) or whose value has the wrong type (`invalid_attribute`).
 */
export function checkAttributes(definitions: readonly Definition[], input: Record<string, unknown>): AttributeCheck {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const set: Record<string, AttributeValue> = {};
  const remove: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    const def = byKey.get(key);
    if (!def) {
      return { ok: false, code: 'unknown_attribute', message: `No attribute "${key}" is defined in this project` };
    }
    if (value === null) {
      remove.push(key);
      continue;
    }
    if (!fits(def, value)) {
      const expected = def.type === 'list' ? `one of: ${def.options.join(', ')}` : EXPECTED[def.type];
      return { ok: false, code: 'invalid_attribute', message: `Attribute "${key}" (${def.type}) must be ${expected}` };
    }
    set[key] = value;
  }
  return { ok: true, set, remove };
}

/** What a merge keeps: the surviving contact's values win, the merged one's fill the gaps. */
export const mergeAttributes = (
  kept: Record<string, AttributeValue>,
  merged: Record<string, AttributeValue>,
): Record<string, AttributeValue> => ({ ...merged, ...kept });
