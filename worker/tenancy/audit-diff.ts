// Field-level diffs for the audit log: what a settings change changed, before → after, flattened
// to dotted paths (`widgetSettings.color`), recorded as the event's `data.diff` (a JSON string of
// contract/rest/audit.ts `auditDiff`). A field that names a secret, token, password, hash or key
// is recorded as changed but its values never are: both sides read `[redacted]`.
import { AUDIT_REDACTED, type AuditChange } from '../../contract/rest/audit.ts';

type Scalar = AuditChange['from'];

const SECRET = /secret|token|password|hash|key|credential/i;
/** Long values (a greeting) are cut: the log says what changed, it is not a copy of the settings. */
const MAX_VALUE = 200;
const MAX_CHANGES = 50;

function scalar(value: unknown): Scalar {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value))
    return scalar(value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', '));
  return scalar(JSON.stringify(value));
}

function flatten(value: unknown, path: string, out: Map<string, Scalar>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, `${path}.${k}`, out);
    return;
  }
  out.set(path, scalar(value));
}

/** The changed leaves of `fields` between two versions of a record, secrets redacted. */
export function fieldDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): AuditChange[] {
  const changes: AuditChange[] = [];
  for (const field of [...fields].sort()) {
    const was = new Map<string, Scalar>();
    const now = new Map<string, Scalar>();
    flatten(before[field], field, was);
    flatten(after[field], field, now);
    for (const path of [...new Set([...was.keys(), ...now.keys()])].sort()) {
      const from = was.get(path) ?? null;
      const to = now.get(path) ?? null;
      if (from === to) continue;
      changes.push(
        SECRET.test(path) ? { field: path, from: AUDIT_REDACTED, to: AUDIT_REDACTED } : { field: path, from, to },
      );
    }
  }
  return changes.slice(0, MAX_CHANGES);
}

/** The audit event's data for a change: the changed top-level fields and the diff. */
export function changeData(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): { fields: string; diff: string } {
  return { fields: [...fields].sort().join(','), diff: JSON.stringify(fieldDiff(before, after, fields)) };
}
