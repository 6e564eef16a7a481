// Starts the local stack the end-to-end tests drive, from the same pieces `npm run dev` uses:
// the widget and dashboard builds, a fresh Postgres database (the machine's server when reachable, else
// embedded) with migrations and the demo seed, the Neon WebSocket proxy, the Upstash REST bridge
// (machine's Redis with a run-unique prefix, else in-memory) and `wrangler dev` on port 8830 with
// its Durable Object state in a throwaway folder. Everything is stopped and dropped afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildFrontEnds } from '../local/build.ts';
import { newKeyring } from '../local/keys.ts';
import { startPgWsProxy } from '../local/pg-ws-proxy.ts';
import { DEMO, seedDemo } from '../local/seed.ts';
import { runDatabase, runRedisUrl } from '../local/test-services.ts';
import { startUpstashBridge } from '../local/upstash-bridge.ts';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 8830);

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
  }
}

async function waitHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler exited (${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not become healthy: ${last}\n${log()}`);
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

    const dbUrl = await runDatabase({ suite: 'e2e', runId, embeddedPort: 54900, stops });
    const databaseUrl = dbUrl.toString();
    const { projectId } = await seedDemo(databaseUrl, `demo-${randomBytes(6).toString('hex')}`);

    const proxy = await startPgWsProxy({ allowedTargets: [`${dbUrl.hostname}:${dbUrl.port || '5432'}`] });
    stops.push(proxy.close);
    const redisUrl = await runRedisUrl();
    const token = randomBytes(16).toString('hex');
    const bridge = await startUpstashBridge({ redisUrl, token, port: 0, keyPrefix: `parley:e2e:${runId}:` });
    stops.push(bridge.close);

    const stateDir = await mkdtemp(join(tmpdir(), 'parley-e2e-wrangler-'));
    stops.push(() => rm(stateDir, { recursive: true, force: true }));
    const authJwtKeys = newKeyring('e2e');
    const varsFile = join(stateDir, 'e2e.vars');
    const vars = {
      APP_ENV: 'test',
      DATABASE_URL: databaseUrl,
      PG_WS_PROXY: proxy.hostPort,
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: token,
      AUTH_JWT_KEYS: authJwtKeys,
      ENCRYPTION_KEYS: newKeyring('e2e'),
    };
    await writeFile(
      varsFile,
      `${Object.entries(vars)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join('\n')}\n`,
      { mode: 0o600 },
    );
    let output = '';
    const wrangler = spawn(
      'wrangler',
      [
        'dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(E2E_PORT),
        '--inspector-port',
        String(E2E_PORT + 1),
        '--persist-to',
        join(stateDir, 'state'),
        '--env-file',
        varsFile,
        '--show-interactive-dev-session=false',
        // /__scheduled fires the cron handler (the outbox sweep) on demand, as in `npm run dev`.
        '--test-scheduled',
        '--log-level',
        process.env.WRANGLER_LOG ?? 'warn',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
      },
    );
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (process.env.E2E_VERBOSE) process.stderr.write(chunk);
    };
    wrangler.stdout?.on('data', collect);
    wrangler.stderr?.on('data', collect);
    stops.push(async () => {
      if (wrangler.exitCode !== null) return;
      const exited = new Promise((resolve) => wrangler.once('exit', resolve));
      wrangler.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (wrangler.exitCode === null) wrangler.kill('SIGKILL');
    });
    const baseUrl = `http://127.0.0.1:${E2E_PORT}`;
    await waitHealthy(baseUrl, wrangler, () => output);

    project.provide('baseUrl', baseUrl);
    project.provide('hostUrl', `http://localhost:${E2E_PORT}`);
    project.provide('databaseUrl', databaseUrl);
    project.provide('authJwtKeys', authJwtKeys);
    project.provide('demoProjectId', projectId);
    project.provide('demoWidgetKey', DEMO.widgetKey);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
