// One webhook delivery attempt: lease the row (so a sweep and a retry message never send it
// twice at once), re-check the destination (SSRF: DNS may have changed since registration), POST
// the signed body, record the status code and a failure class (never the network's error text),
// schedule the next try or give up, and disable an endpoint after repeated failures.
import { and, eq, lte, sql } from 'drizzle-orm';
import type { WebhookFailure } from '../../../contract/enums.ts';
import type { QueueMessage } from '../../../contract/events.ts';
import type { Config } from '../../../core/platform/config.ts';
import type { Db } from '../../../core/platform/db.ts';
import { currentTrace, errorFields, log } from '../../../core/platform/log.ts';
import type { Metrics } from '../../../core/platform/metrics.ts';
import { decryptSecret } from '../../../core/platform/secrets.ts';
import { webhookDeliveries, webhookEndpoints } from '../../../drizzle/schema/events.ts';
import { type EventSettings, webhookUrlPolicy } from '../settings.ts';
import { failureOf } from './failure.ts';
import { signWebhook } from './signature.ts';
import { vetWebhookUrl } from './url-guard.ts';

/** How long an attempt holds its lease; longer than the request timeout. */
const LEASE_SECONDS = 60;

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'not_due';

export const endpointSecretContext = (endpointId: string) => `webhook_endpoints.secret:${endpointId}`;

export interface DeliveryDeps {
  db: Db;
  config: Config;
  settings: EventSettings;
  queue: Queue<QueueMessage>;
  fetch?: typeof fetch;
  metrics?: Metrics;
}

/** A failed attempt's class for metrics and logs (an HTTP answer by its status class): never the
 * receiver's answer or the URL. */
function failureClass(responseCode: number | null, error: WebhookFailure): string {
  if (error === 'http_error' && responseCode !== null) return `http_${Math.floor(responseCode / 100)}xx`;
  return error;
}

export async function attemptDelivery(deps: DeliveryDeps, deliveryId: string): Promise<AttemptOutcome> {
  const { db, settings } = deps;
  const leased = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, sql`now()`),
      ),
    )
    .returning();
  const delivery = leased[0];
  if (!delivery) return 'not_due';
  const endpoint = (await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.endpointId)))[0];

  let responseCode: number | null = null;
  let error: WebhookFailure | null = null;
  if (!endpoint?.enabled) {
    await db
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: 'endpoint_disabled' satisfies WebhookFailure })
      .where(eq(webhookDeliveries.id, deliveryId));
    failed(deps, delivery, 'endpoint_disabled', 'failed', null);
    return 'failed';
  }
  const verdict = await vetWebhookUrl(endpoint.url, webhookUrlPolicy(settings));
  if (!verdict.ok) {
    error = verdict.failure;
  } else {
    try {
      const secret = await decryptSecret(
        deps.config.ENCRYPTION_KEYS,
        endpoint.secret,
        endpointSecretContext(endpoint.id),
      );
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await (deps.fetch ?? fetch)(verdict.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.webhookTimeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Parley-Webhooks/1',
          'parley-event-id': delivery.eventId,
          'parley-event-type': delivery.eventType,
          'parley-delivery-id': delivery.id,
          'parley-signature': await signWebhook(secret, delivery.body, timestamp),
        },
        body: delivery.body,
      });
      responseCode = res.status;
      // Drain the body so the connection can be reused; its content is not kept.
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = 'http_error';
    } catch (err) {
      error = failureOf(err);
      // By class and place only: the network's error text names hosts and addresses (shown to a
      // tenant it would map the private network), and log lines carry no free text.
      log.warn('webhook request failed', { deliveryId: delivery.id, ...errorFields(err) });
    }
  }

  const attempts = delivery.attempts + 1;
  if (error === null) {
    await db
      .update(webhookDeliveries)
      .set({ status: 'succeeded', attempts, responseCode, lastError: null, deliveredAt: sql`now()` })
      .where(eq(webhookDeliveries.id, deliveryId));
    await db.update(webhookEndpoints).set({ consecutiveFailures: 0 }).where(eq(webhookEndpoints.id, endpoint.id));
    return 'succeeded';
  }

  const retryIn = settings.webhookRetrySchedule[attempts - 1];
  const giveUp = retryIn === undefined;
  failed(
    deps,
    { ...delivery, attempts },
    failureClass(responseCode, error),
    giveUp ? 'failed' : 'retrying',
    responseCode,
  );
  await db
    .update(webhookDeliveries)
    .set({
      status: giveUp ? 'failed' : 'pending',
      attempts,
      responseCode,
      lastError: error,
      nextAttemptAt: giveUp ? sql`now()` : sql`now() + make_interval(secs => ${retryIn})`,
    })
    .where(eq(webhookDeliveries.id, deliveryId));
  const failures = await db
    .update(webhookEndpoints)
    .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning({ consecutiveFailures: webhookEndpoints.consecutiveFailures });
  if ((failures[0]?.consecutiveFailures ?? 0) >= settings.webhookDisableAfter) {
    await db
      .update(webhookEndpoints)
      .set({
        enabled: false,
        disabledReason: `disabled after ${settings.webhookDisableAfter} consecutive failed attempts`,
      })
      .where(eq(webhookEndpoints.id, endpoint.id));
  }
  if (giveUp) return 'failed';
  // The cron sweep also retries due deliveries, so a lost message only delays the retry.
  await deps.queue.send(
    { kind: 'webhook.retry', deliveryId, requestId: currentTrace().requestId },
    { delaySeconds: retryIn, contentType: 'json' },
  );
  return 'retrying';
}

/** A failed attempt, counted and logged by ids and class only. */
function failed(
  deps: DeliveryDeps,
  delivery: { id: string; projectId: string; endpointId: string; attempts: number },
  failure: string,
  outcome: 'retrying' | 'failed',
  status: number | null,
): void {
  deps.metrics?.write({
    metric: 'webhook_failure',
    projectId: delivery.projectId,
    failure,
    outcome,
    attempt: delivery.attempts,
    status: status ?? 0,
  });
  log.warn('webhook attempt failed', {
    deliveryId: delivery.id,
    endpointId: delivery.endpointId,
    projectId: delivery.projectId,
    attempt: delivery.attempts,
    errorCode: failure,
    outcome,
    ...(status !== null ? { status } : {}),
  });
}
