// Tunables of the event pipeline: the webhook variables as the configuration parsed them
// (core/platform/config.ts), and the fixed retention and timeout values.
import { readConfig } from '../../core/platform/config.ts';

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

export function eventSettings(env: Env): EventSettings {
  const config = readConfig(env);
  return {
    webhookRetrySchedule: config.WEBHOOK_RETRY_SCHEDULE,
    webhookAllowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    webhookDisableAfter: config.WEBHOOK_DISABLE_AFTER,
    webhookTimeoutMs: 10_000,
    outboxRetentionDays: 7,
    processedRetentionDays: 30,
  };
}

/** Consumer retry delay for a failing event: 2, 4, 8 … seconds, capped at 5 minutes. */
export function consumerRetryDelay(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 300);
}
