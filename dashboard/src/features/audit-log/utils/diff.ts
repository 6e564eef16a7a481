// Reads a settings change's field-level diff (`data.diff`, a JSON string of the contract's
// auditDiff) into lines such as "widgetSettings.color: #2563eb → #059669". Anything unreadable
// is no diff at all: the row then shows its other data as before.
import { type AuditChange, auditDiff } from '../../../../../contract/rest/audit.ts';

export function readDiff(data: Record<string, unknown>): AuditChange[] | null {
  if (typeof data.diff !== 'string') return null;
  try {
    const parsed = auditDiff.safeParse(JSON.parse(data.diff));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const show = (value: AuditChange['from']) => (value === null || value === '' ? '(none)' : String(value));

export const describeChange = (change: AuditChange) => `${change.field}: ${show(change.from)} → ${show(change.to)}`;
