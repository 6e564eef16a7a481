// Attribute values between the forms (strings in inputs) and the API (typed values): what an
// editor sends for a definition, and how a stored value reads. The Worker checks them again.
import type { AttributeDefinition, AttributeValue } from '../../../../../contract/rest/contacts.ts';

/** What a write sends: a typed value, or null to remove it. */
export type AttributeInput = AttributeValue | null;

/** The form's text for a stored value ('' when none). */
export function toFormValue(value: AttributeValue | undefined): string {
  return value === undefined ? '' : String(value);
}

/** The typed value a form's text means for `def`; null for empty (remove); undefined when it is not one. */
export function fromFormValue(
  def: Pick<AttributeDefinition, 'type' | 'options'>,
  text: string,
): AttributeInput | undefined {
  const value = text.trim();
  if (value === '') return null;
  switch (def.type) {
    case 'text':
      return value;
    case 'number': {
      const n = Number(value);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : undefined;
    case 'list':
      return def.options.includes(value) ? value : undefined;
  }
}

/** A stored value as a person reads it. */
export function displayValue(def: Pick<AttributeDefinition, 'type'> | undefined, value: AttributeValue): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (def?.type === 'date' && typeof value === 'string') {
    const d = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(d.getTime())
      ? value
      : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  }
  return String(value);
}
