// Tunables of the event pipeline, read from optional Worker vars with production defaults.
export interface EventSettings {
  /** Seconds to wait before each webhook retry; its length is the number of retries. */
  webhookRetrySchedule: number[];
  /** Deliver webhooks to private/loopback addresses (local development and tests only). */
  webhookAllowPrivate: boolean;
  /** Consecutive failed attempts after which an endpoint is disabled. */
  webhookDisableAfter: number;
  webhookTimeoutMs: number;
  outboxRetentionDays: number;
  processedRetentionDays: number;
}

const DEFAULT_SCHEDULE = [10, 60, 300, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600];

export function eventSettings(env: Env): EventSettings {
  const vars = env as unknown as Record<string, string | undefined>;
  const schedule = (vars.WEBHOOK_RETRY_SCHEDULE ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n) && n >= 0 && n <= 43_200);
  const allowPrivate = vars.WEBHOOK_ALLOW_PRIVATE === 'true' && vars.APP_ENV !== 'production';
  return {
    webhookRetrySchedule: schedule.length > 0 ? schedule : DEFAULT_SCHEDULE,
    webhookAllowPrivate: allowPrivate,
    webhookDisableAfter: Number(vars.WEBHOOK_DISABLE_AFTER ?? 20) || 20,
    webhookTimeoutMs: 10_000,
    outboxRetentionDays: 7,
    processedRetentionDays: 30,
  };
}

/** Consumer retry delay for a failing event: 2, 4, 8 … seconds, capped at 5 minutes. */
export function consumerRetryDelay(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 300);
}
