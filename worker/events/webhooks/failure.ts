// The delivery log's failure classes: what an attempt's error becomes before it is stored, and
// how rows stored before classes existed (raw error text) are shown.
import { WEBHOOK_FAILURES, type WebhookFailure } from '../../../contract/enums.ts';

const isFailure = (value: string): value is WebhookFailure => (WEBHOOK_FAILURES as readonly string[]).includes(value);

/** A thrown fetch error: the timeout's abort, or anything else the network said. */
export function failureOf(err: unknown): WebhookFailure {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'connection_failed';
}

/** A stored `last_error` as its class; older rows held the error text itself. */
export function presentFailure(lastError: string | null): WebhookFailure | null {
  if (lastError === null) return null;
  if (isFailure(lastError)) return lastError;
  if (/^HTTP \d{3}/.test(lastError)) return 'http_error';
  if (lastError.startsWith('refused:')) return 'refused_address';
  if (lastError === 'endpoint disabled') return 'endpoint_disabled';
  if (/timeout|timed out/i.test(lastError)) return 'timeout';
  return 'connection_failed';
}
