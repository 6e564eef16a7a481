// Starts what the suites talk to: a fresh Postgres database for this run (the machine's server
// at 127.0.0.1:5432 when reachable, else embedded), the Neon WebSocket proxy in front of it,
// and the Upstash REST bridge over the machine's Redis (else in-memory) with a run-unique prefix.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../local/embedded-postgres.ts';
import { startFakeOAuthProvider } from '../local/fake-oauth-provider.ts';
import { newKeyring } from '../local/keys.ts';
import { migrateDatabase } from '../local/migrate.ts';
import { startPgWsProxy } from '../local/pg-ws-proxy.ts';
import { tcpReachable } from '../local/reachable.ts';
import { startUpstashBridge } from '../local/upstash-bridge.ts';
import { startWebhookReceiver } from '../local/webhook-receiver.ts';

const require = createRequire(import.meta.url);
const pg = require('pg') as typeof import('pg');

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const stops: (() => Promise<void>)[] = [];

  // Postgres: a database of its own for this run, so runs never see each other's rows.
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl && (await tcpReachable('127.0.0.1', 5432))) adminUrl = 'postgres://postgres@127.0.0.1:5432/test';
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres(
      join(tmpdir(), `parley-test-pg-${runId}`),
      54400 + Math.floor(Math.random() * 500),
    );
    stops.push(embedded.stop);
    adminUrl = embedded.url;
  }
  const dbName = `parley_test_${runId}`;
  await adminQuery(adminUrl, `create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const databaseUrl = dbUrl.toString();
  stops.push(() => adminQuery(adminUrl, `drop database if exists ${dbName} with (force)`));
  await migrateDatabase(databaseUrl);

  const proxy = await startPgWsProxy({ allowedTargets: [`${dbUrl.hostname}:${dbUrl.port || '5432'}`] });
  stops.push(proxy.close);

  // Redis: the machine's server when reachable, keys prefixed per run and removed afterwards.
  const redisUrl =
    process.env.TEST_REDIS_URL ?? ((await tcpReachable('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : undefined);
  const token = randomBytes(16).toString('hex');
  const bridge = await startUpstashBridge({ redisUrl, token, port: 0, keyPrefix: `parley:test:${runId}:` });
  stops.push(bridge.close);

  const receiver = await startWebhookReceiver();
  stops.push(receiver.close);
  const oauth = await startFakeOAuthProvider();
  stops.push(oauth.close);

  project.provide('databaseUrl', databaseUrl);
  project.provide('pgWsProxy', proxy.hostPort);
  project.provide('upstashUrl', bridge.url);
  project.provide('upstashToken', token);
  project.provide('authJwtKeys', newKeyring('t1'));
  project.provide('encryptionKeys', newKeyring('e1'));
  project.provide('redisBackend', bridge.backend);
  project.provide('webhookReceiverUrl', receiver.url);
  project.provide('oauthUrl', oauth.url);
  project.provide('oauthGithubClientSecret', oauth.clients.github.secret);
  project.provide('oauthGoogleClientSecret', oauth.clients.google.secret);

  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
}
