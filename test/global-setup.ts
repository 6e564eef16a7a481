// Starts what the suites talk to: a fresh Postgres database for this run (the machine's server
// at 127.0.0.1:5432 when reachable, else embedded), the Neon WebSocket proxy in front of it,
// and the Upstash REST bridge over the machine's Redis (else in-memory) with a run-unique prefix.
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { newKeyring } from '../local/keys.ts';
import { unusedPort } from '../local/reachable.ts';
import { runBridges, runDatabase } from '../local/test-services.ts';
import { startFakeOAuthProvider } from './fakes/oauth-provider.ts';
import { startWebhookReceiver } from './fakes/webhook-receiver.ts';

/** A teardown step that takes longer is reported and left behind (the next ones still run). */
const STOP_TIMEOUT_MS = 5_000;

/** Runs one teardown step: null when it finished, else why not. */
async function bounded(stop: () => Promise<unknown>): Promise<string | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(resolve, STOP_TIMEOUT_MS, `no answer in ${STOP_TIMEOUT_MS} ms`);
  });
  try {
    return await Promise.race([
      // Through then(): a stop that throws at once is reported like one that rejects.
      Promise.resolve()
        .then(stop)
        .then(
          () => null,
          (err: unknown) => (err instanceof Error ? err.message : String(err)),
        ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const stops: (() => Promise<void>)[] = [];

  // Postgres: a database of its own for this run, so runs never see each other's rows.
  const dbUrl = await runDatabase({
    suite: 'test',
    runId,
    embeddedPort: await unusedPort(),
    stops,
  });
  const databaseUrl = dbUrl.toString();

  // The Neon proxy and the Upstash bridge; Redis: the machine's server when reachable, keys
  // prefixed per run and removed afterwards.
  const bridges = await runBridges({ suite: 'test', runId, dbUrl, stops });

  const receiver = await startWebhookReceiver();
  stops.push(receiver.close);
  const oauth = await startFakeOAuthProvider();
  stops.push(oauth.close);

  project.provide('databaseUrl', databaseUrl);
  project.provide('pgWsProxy', bridges.pgWsProxy);
  project.provide('upstashUrl', bridges.upstashUrl);
  project.provide('upstashToken', bridges.upstashToken);
  project.provide('authJwtKeys', newKeyring('t1'));
  project.provide('encryptionKeys', newKeyring('e1'));
  project.provide('redisBackend', bridges.redisBackend);
  project.provide('webhookReceiverUrl', receiver.url);
  project.provide('oauthUrl', oauth.url);
  project.provide('oauthGithubClientSecret', oauth.clients.github.secret);
  project.provide('oauthGoogleClientSecret', oauth.clients.google.secret);

  // Runs before vitest closes workerd (vitest tears global setups down first), so the runtime may
  // still be using these: each stop runs on its own, bounded, and says why it failed. A hang must not
  // leave the run's database and Redis keys behind (vitest ends the process 10 s into its close), and
  // a stop failing is no test failing: the run's outcome stays the tests'.
  return async () => {
    for (const stop of stops.reverse()) {
      const failure = await bounded(stop);
      if (failure) console.warn(`test teardown: ${stop.name || 'a stop'} failed: ${failure}`);
    }
  };
}
