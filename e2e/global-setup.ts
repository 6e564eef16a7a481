// Starts the local stack the end-to-end tests drive, from the same pieces `npm run dev` uses:
// the widget and dashboard builds, a fresh Postgres database (the machine's server when reachable, else
// embedded) with migrations and the demo seed, the Neon WebSocket proxy, the Upstash REST bridge
// (machine's Redis with a run-unique prefix, else in-memory) and `wrangler dev` on E2E_PORT (8830) with
// its Durable Object state in a throwaway folder. Everything is stopped and dropped afterwards. The
// Worker's values are provided too, for a test that starts a differently configured second Worker.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildFrontEnds } from '../local/build.ts';
import { newKeyring } from '../local/keys.ts';
import { DEMO, seedDemo } from '../local/seed.ts';
import { runBridges, runDatabase } from '../local/test-services.ts';
import { liftedVisitorLimits } from '../local/visitor-limits.ts';
import { launchWranglerDev } from '../local/wrangler-dev.ts';

/**
 * wrangler's port; the inspector takes the next one and the fake backend (widget-ui.e2e.ts) the one
 * after, so concurrent runs on one machine want E2E_PORT values at least three apart.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8830);
/** Only when no Postgres is reachable: moves with E2E_PORT so concurrent runs do not collide. */
const EMBEDDED_PG_PORT = 54900 + (E2E_PORT - 8830);

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Parley origin (wrangler dev). */
    baseUrl: string;
    /** The same server under another host name: a host page on a different origin than Parley. */
    hostUrl: string;
    databaseUrl: string;
    authJwtKeys: string;
    demoProjectId: string;
    demoWidgetKey: string;
    /** The values the Worker runs with (database, Redis bridge, keys), for a second Worker on the same stack. */
    workerVars: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const stops: (() => Promise<unknown>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // Both front ends, as `npm run dev` builds them: the widget and the agents' dashboard.
    await buildFrontEnds();

    const dbUrl = await runDatabase({ suite: 'e2e', runId, embeddedPort: EMBEDDED_PG_PORT, stops });
    const databaseUrl = dbUrl.toString();
    const { projectId } = await seedDemo(databaseUrl, `demo-${randomBytes(6).toString('hex')}`);

    const bridges = await runBridges({ suite: 'e2e', runId, dbUrl, stops });

    const stateDir = await mkdtemp(join(tmpdir(), 'parley-e2e-wrangler-'));
    stops.push(() => rm(stateDir, { recursive: true, force: true }));
    const authJwtKeys = newKeyring('e2e');
    const workerVars = {
      APP_ENV: 'test',
      DATABASE_URL: databaseUrl,
      PG_WS_PROXY: bridges.pgWsProxy,
      UPSTASH_REDIS_REST_URL: bridges.upstashUrl,
      UPSTASH_REDIS_REST_TOKEN: bridges.upstashToken,
      AUTH_JWT_KEYS: authJwtKeys,
      ENCRYPTION_KEYS: newKeyring('e2e'),
      // Every e2e visitor comes from 127.0.0.1: past 60 conversations in 10 minutes the per-IP limit
      // would refuse whichever test comes late in the run (local/visitor-limits.ts). So would the
      // sign-up limit (10 accounts an hour per IP) past the tenth test that signs up; that limit is
      // tested in workerd (test/sign-in-limits.test.ts and its neighbours), not here.
      AUTH_RATE_LIMITS: liftedVisitorLimits(['signup_ip']),
    };
    const wrangler = await launchWranglerDev({
      port: E2E_PORT,
      inspectorPort: E2E_PORT + 1,
      persistTo: join(stateDir, 'state'),
      varsFile: join(stateDir, 'e2e.vars'),
      vars: workerVars,
      output: 'collect',
      echo: Boolean(process.env.E2E_VERBOSE),
      readyTimeoutMs: 90_000,
    });
    stops.push(wrangler.stop);
    await wrangler.ready;
    const baseUrl = wrangler.url;

    project.provide('baseUrl', baseUrl);
    project.provide('hostUrl', `http://localhost:${E2E_PORT}`);
    project.provide('databaseUrl', databaseUrl);
    project.provide('authJwtKeys', authJwtKeys);
    project.provide('demoProjectId', projectId);
    project.provide('demoWidgetKey', DEMO.widgetKey);
    project.provide('workerVars', workerVars);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
