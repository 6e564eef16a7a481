// Tunables of the event pipeline: the webhook variables as the configuration parsed them
// (core/platform/config.ts), and the fixed retention and timeout values.
import { readConfig } from '../../core/platform/config.ts';
import { dohResolver, type HostResolver } from './webhooks/doh.ts';
import type { WebhookUrlPolicy } from './webhooks/url-guard.ts';

export interface EventSettings {
  /** Seconds to wait before each webhook retry; its length is the number of retries. */
  webhookRetrySchedule: number[];
  /** Deliver webhooks to private/loopback addresses (local development and tests only). */
  webhookAllowPrivate: boolean;
  /** Ports a webhook URL may name (WEBHOOK_ALLOWED_PORTS); ignored when private is allowed. */
  webhookAllowedPorts: number[];
  /** Resolves a webhook host's name before each request (DNS-over-HTTPS; tests pass a fake). */
  resolveHost: HostResolver;
  /** Consecutive failed attempts after which an endpoint is disabled. */
  webhookDisableAfter: number;
  webhookTimeoutMs: number;
  outboxRetentionDays: number;
  processedRetentionDays: number;
}

/** One per isolate, so its short cache of answers is shared by every delivery the isolate makes. */
const sharedResolver = dohResolver();

export function eventSettings(env: Env): EventSettings {
  const config = readConfig(env);
  return {
    webhookRetrySchedule: config.WEBHOOK_RETRY_SCHEDULE,
    webhookAllowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    webhookAllowedPorts: config.WEBHOOK_ALLOWED_PORTS,
    resolveHost: sharedResolver,
    webhookDisableAfter: config.WEBHOOK_DISABLE_AFTER,
    webhookTimeoutMs: 10_000,
    outboxRetentionDays: 7,
    processedRetentionDays: 30,
  };
}

/** What the SSRF guard needs from the settings. */
export const webhookUrlPolicy = (settings: EventSettings): WebhookUrlPolicy => ({
  allowPrivate: settings.webhookAllowPrivate,
  allowedPorts: settings.webhookAllowedPorts,
  resolveHost: settings.resolveHost,
});

/** Consumer retry delay for a failing event: 2, 4, 8 … seconds, capped at 5 minutes. */
export function consumerRetryDelay(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 300);
}
