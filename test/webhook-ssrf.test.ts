// Webhook delivery re-checks the destination before every attempt, as production does (private
// addresses refused, names resolved and their answers checked, ports limited), so a name that
// rebinds to an internal address after registration is never contacted; and the delivery log
// keeps a status code and a generic failure class, never the network's error text (no port-scan
// oracle). The resolver and fetch are fakes: no network is reachable from the tests.
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import type { QueueMessage } from '../contract/events.ts';
import { webhookDeliveries, webhookEndpoints } from '../drizzle/schema/events.ts';
import { eventSettings } from '../worker/events/settings.ts';
import { attemptDelivery } from '../worker/events/webhooks/deliver.ts';
import { config, withDb } from './helpers/db.ts';
import { http } from './helpers/http.ts';
import { memberOf, tenant } from './helpers/tenant.ts';

const receiver = inject('webhookReceiverUrl');
const queue = { send: async () => {} } as unknown as Queue<QueueMessage>;

/** A project with one endpoint registered (tests allow the local receiver), then pointed at `url`. */
async function endpointAt(url: string) {
  const { projectId } = await tenant();
  const manager = await memberOf({ projectId }, 'manager');
  const res = await http('POST', `/api/projects/${projectId}/webhooks`, {
    token: manager.token,
    json: { url: `${receiver}/hooks/ssrf-${projectId}` },
  });
  expect(res.status).toBe(201);
  const { endpoint } = await res.json<{ endpoint: { id: string } }>();
  await withDb(({ db }) => db.update(webhookEndpoints).set({ url }).where(eq(webhookEndpoints.id, endpoint.id)));
  return { projectId, endpointId: endpoint.id, token: manager.token };
}

async function newDelivery(projectId: string, endpointId: string): Promise<string> {
  const [row] = await withDb(({ db }) =>
    db
      .insert(webhookDeliveries)
      .values({ projectId, endpointId, eventId: crypto.randomUUID(), eventType: 'message.created', body: '{}' })
      .returning({ id: webhookDeliveries.id }),
  );
  if (!row) throw new Error('delivery insert failed');
  return row.id;
}

const deliveryRow = async (id: string) =>
  (await withDb(({ db }) => db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id))))[0];

/** A fetch that records what it was asked and answers as told. */
function fakeFetch(answer: () => Promise<Response>) {
  const calls: string[] = [];
  const fn = async (input: RequestInfo | URL) => {
    calls.push(String(input instanceof Request ? input.url : input));
    return answer();
  };
  return { calls, fetch: fn as typeof fetch };
}

/** The settings of production (private refused, names resolved) with a scripted resolver. */
const production = (resolve: (name: string) => string[]) => ({
  ...eventSettings(env),
  webhookAllowPrivate: false,
  webhookRetrySchedule: [0, 0, 0],
  resolveHost: async (name: string) => resolve(name),
});

const attempt = (settings: ReturnType<typeof production>, id: string, fetch: typeof globalThis.fetch) =>
  withDb(({ db }) => attemptDelivery({ db, config: config(), settings, queue, fetch }, id));

describe('webhook delivery against SSRF', () => {
  it('re-resolves before each attempt and never contacts a name that rebinds to loopback', async () => {
    const { projectId, endpointId } = await endpointAt('https://hooks.rebind.example/in');
    let answers = ['93.184.216.34'];
    const settings = production(() => answers);
    const receiverAnswer = fakeFetch(async () => new Response('down', { status: 503 }));
    const id = await newDelivery(projectId, endpointId);

    expect(await attempt(settings, id, receiverAnswer.fetch)).toBe('retrying');
    expect(receiverAnswer.calls).toEqual(['https://hooks.rebind.example/in']);
    expect(await deliveryRow(id)).toMatchObject({ responseCode: 503, lastError: 'http_error' });

    answers = ['93.184.216.34', '127.0.0.1'];
    expect(await attempt(settings, id, receiverAnswer.fetch)).toBe('retrying');
    expect(receiverAnswer.calls).toHaveLength(1);
    expect(await deliveryRow(id)).toMatchObject({ responseCode: null, lastError: 'refused_address' });
  });

  it.each([
    ['a name resolving to the metadata address', 'https://169.254.169.254.nip.io/latest', ['169.254.169.254']],
    ['a NAT64 literal of loopback', 'https://[64:ff9b::7f00:1]/', []],
    ['a port other than 80 and 443', 'https://hooks.example.com:6379/', ['93.184.216.34']],
    ['a single-label name', 'https://intranet/hook', ['10.0.0.8']],
  ])('refuses %s without contacting it', async (_what, url, answers) => {
    const { projectId, endpointId } = await endpointAt(url);
    const receiverAnswer = fakeFetch(async () => new Response('ok'));
    const id = await newDelivery(projectId, endpointId);
    await attempt(
      production(() => answers),
      id,
      receiverAnswer.fetch,
    );
    expect(receiverAnswer.calls).toEqual([]);
    expect(await deliveryRow(id)).toMatchObject({ responseCode: null, lastError: 'refused_address' });
  });

  it('logs a generic failure class, never the error text, and the route shows only the class', async () => {
    const { projectId, endpointId, token } = await endpointAt('https://hooks.example.com/in');
    const settings = production(() => ['93.184.216.34']);
    const refused = fakeFetch(async () => {
      throw new TypeError('connect ECONNREFUSED 10.0.0.5:6379 (internal-redis.corp)');
    });
    const slow = fakeFetch(async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    });
    const [a, b] = [await newDelivery(projectId, endpointId), await newDelivery(projectId, endpointId)];
    await attempt(settings, a, refused.fetch);
    await attempt(settings, b, slow.fetch);
    expect((await deliveryRow(a))?.lastError).toBe('connection_failed');
    expect((await deliveryRow(b))?.lastError).toBe('timeout');

    // A row written before this change, with raw text, is shown as its class too.
    const legacy = await newDelivery(projectId, endpointId);
    await withDb(({ db }) =>
      db
        .update(webhookDeliveries)
        .set({ lastError: 'TypeError: Network connection lost 10.1.2.3:22' })
        .where(eq(webhookDeliveries.id, legacy)),
    );

    const log = await http('GET', `/api/projects/${projectId}/webhooks/${endpointId}/deliveries`, { token });
    const text = await log.text();
    expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|10\.1\.2\.3|aborted|Network connection/);
    const { deliveries } = JSON.parse(text) as { deliveries: { id: string; lastError: string | null }[] };
    const byId = new Map(deliveries.map((d) => [d.id, d.lastError]));
    expect([byId.get(a), byId.get(b), byId.get(legacy)]).toEqual(['connection_failed', 'timeout', 'connection_failed']);
  });
});
