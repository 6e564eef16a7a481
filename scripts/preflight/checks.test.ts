// The preflight on the committed wrangler.toml: ready with well-formed secrets, and one named
// problem for each way an environment can be incomplete or malformed.

import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { newKeyring } from '../../local/keys.ts';
import { type KnownSecrets, preflight, type WorkerConfig } from './checks.ts';

const read = (env?: string): WorkerConfig =>
  unstable_readConfig({ config: 'wrangler.toml', env }, { hideWarnings: true });

/** The committed production environment as a team fills it in: PUBLIC_URL is theirs to set. */
function configs(edit: (target: WorkerConfig) => void = () => undefined) {
  const target = structuredClone(read('production'));
  target.vars.PUBLIC_URL = 'https://support.example.com';
  edit(target);
  return { local: read(), target, others: [read('staging')] };
}

function secrets(overrides: Record<string, string | undefined> = {}): KnownSecrets {
  const all: Record<string, string | undefined> = {
    DATABASE_URL: 'postgres://parley:pw@ep-calm-1-pooler.eu-central-1.aws.neon.tech/parley?sslmode=require',
    UPSTASH_REDIS_REST_URL: 'https://eu1-calm-1.upstash.io',
    UPSTASH_REDIS_REST_TOKEN: 'AX-token',
    AUTH_JWT_KEYS: newKeyring('k1'),
    ENCRYPTION_KEYS: newKeyring('k1'),
    MAIL_API_TOKEN: 're_token',
    READINESS_TOKEN: 'uptime-check-token-0123456789',
    ...overrides,
  };
  const values = new Map(Object.entries(all).flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as const])));
  return { names: new Set(values.keys()), values };
}

describe('preflight on wrangler.toml', () => {
  it('finds production ready with every secret well formed, and warns about the template values', () => {
    const f = preflight('production', configs(), secrets());
    expect(f.problems).toEqual([]);
    expect(f.warnings).toEqual([
      'MAIL_FROM sends from the placeholder domain parley.example: set a domain verified with your mail API',
    ]);
    expect(f.summary).toMatch(/^7 bindings, \d+ vars, 7 secrets$/);
  });

  it('is not ready while PUBLIC_URL is empty, as committed: the Worker would refuse to serve', () => {
    const f = preflight(
      'production',
      configs((t) => {
        t.vars.PUBLIC_URL = '';
      }),
      secrets(),
    );
    expect(f.problems).toEqual([
      'configuration: PUBLIC_URL is required in staging and production (the Worker would answer /readyz and the API 503 "misconfigured")',
    ]);
  });

  it('names a missing secret with the command that sets it, once', () => {
    const f = preflight('production', configs(), secrets({ UPSTASH_REDIS_REST_TOKEN: undefined }));
    expect(f.problems).toEqual([
      'secret UPSTASH_REDIS_REST_TOKEN is not set: npx wrangler secret put UPSTASH_REDIS_REST_TOKEN --env production',
    ]);
  });

  it('checks the mail transport: cloudflare needs the send_email binding, resend its token', () => {
    const unbound = preflight(
      'production',
      configs((t) => {
        t.send_email = [];
      }),
      secrets({ MAIL_API_TOKEN: undefined }),
    );
    expect(unbound.problems).toContain(
      'MAIL_TRANSPORT is "cloudflare" but production declares no send_email binding EMAIL: add [[env.production.send_email]] name = "EMAIL"',
    );
    const resend = preflight(
      'production',
      configs((t) => {
        t.vars.MAIL_TRANSPORT = 'resend';
      }),
      secrets({ MAIL_API_TOKEN: undefined }),
    );
    expect(resend.problems).toContain(
      'MAIL_TRANSPORT is "resend" but secret MAIL_API_TOKEN is not set: npx wrangler secret put MAIL_API_TOKEN --env production',
    );
    const ready = preflight(
      'production',
      configs((t) => {
        t.vars.MAIL_TRANSPORT = 'resend';
      }),
      secrets(),
    );
    expect(ready.problems).toEqual([]);
  });

  it('checks secret values with the Worker own configuration schema when it can read them', () => {
    const f = preflight('production', configs(), secrets({ AUTH_JWT_KEYS: 'k1:short' }));
    expect(f.problems).toEqual([
      'configuration: AUTH_JWT_KEYS must be "kid:base64key[,kid:base64key…]" with 32-byte keys (the Worker would answer /readyz and the API 503 "misconfigured")',
    ]);
  });

  it('checks names only from wrangler secret list, with stand-ins for the values', () => {
    const f = preflight('production', configs(), { names: secrets().names });
    expect(f.problems).toEqual([]);
  });

  it('refuses a binding that is missing or shares a resource with another environment', () => {
    const f = preflight(
      'production',
      configs((t) => {
        t.r2_buckets = [];
        t.queues.producers = [{ binding: 'EVENTS', queue: 'parley-events-staging' }];
      }),
      secrets(),
    );
    expect(f.problems).toContain(
      'binding ATTACHMENTS (R2 bucket) is not declared for production: wrangler does not inherit bindings',
    );
    expect(f.problems).toContain(
      'binding EVENTS uses Queue "parley-events-staging", which another environment uses too',
    );
  });

  it('wants the queue consumed, with its dead-letter queue consumed too, and the cron', () => {
    const noDlq = preflight(
      'production',
      configs((t) => {
        t.queues.consumers = [{ queue: 'parley-events-production' }];
        t.triggers.crons = [];
      }),
      secrets(),
    );
    expect(noDlq.problems).toEqual([
      'queue parley-events-production has no dead_letter_queue in production: failed batches would be dropped',
      'no cron trigger in production: the outbox sweep would never run',
    ]);
    const dlqUnread = preflight(
      'production',
      configs((t) => {
        t.queues.consumers = (t.queues.consumers ?? []).filter((c) => c.queue !== 'parley-events-production-dlq');
      }),
      secrets(),
    );
    expect(dlqUnread.problems).toEqual([
      'dead-letter queue parley-events-production-dlq has no consumer in production',
    ]);
  });

  it('wants every local var declared again, APP_ENV naming the environment, and no local proxy', () => {
    const f = preflight(
      'production',
      configs((t) => {
        delete t.vars.ROOM_LIMITS;
        t.vars.APP_ENV = 'staging';
        t.vars.PG_WS_PROXY = '127.0.0.1:5433';
        t.vars.PUBLIC_URL = 'http://chat.example.com';
      }),
      secrets(),
    );
    expect(f.problems).toEqual([
      'var ROOM_LIMITS is set locally but not in [env.production.vars]: vars are not inherited',
      'APP_ENV is "staging" in production; it must be "production"',
      "PG_WS_PROXY must be empty in production (it is the local stack's proxy; Neon has its own)",
      'PUBLIC_URL must be https:// in production, got http://chat.example.com',
    ]);
  });

  it('pairs each OAuth client id with its secret', () => {
    const f = preflight(
      'production',
      configs((t) => {
        t.vars.OAUTH_GITHUB_CLIENT_ID = 'Iv1.abc';
      }),
      secrets({ OAUTH_GOOGLE_CLIENT_SECRET: 'gsecret' }),
    );
    expect(f.problems).toEqual([
      'OAUTH_GITHUB_CLIENT_ID is set but secret OAUTH_GITHUB_CLIENT_SECRET is not: npx wrangler secret put OAUTH_GITHUB_CLIENT_SECRET --env production',
    ]);
    expect(f.warnings).toContain(
      'secret OAUTH_GOOGLE_CLIENT_SECRET is set but OAUTH_GOOGLE_CLIENT_ID is empty: google sign-in is not offered',
    );
  });

  it('refuses a database on this machine, a plain-http Upstash and one keyring for both uses; warns on a direct Neon URL', () => {
    const key = newKeyring('k1');
    const f = preflight(
      'production',
      configs(),
      secrets({
        DATABASE_URL: 'postgres://parley:parley@127.0.0.1:54329/parley',
        UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
        AUTH_JWT_KEYS: key,
        ENCRYPTION_KEYS: key,
      }),
    );
    expect(f.problems).toEqual([
      'DATABASE_URL points at 127.0.0.1 in production: the Worker cannot reach this machine',
      'UPSTASH_REDIS_REST_URL must be https:// in production',
      'AUTH_JWT_KEYS and ENCRYPTION_KEYS are the same keyring: give each its own keys',
    ]);
    const direct = preflight(
      'production',
      configs(),
      secrets({ DATABASE_URL: 'postgres://parley:pw@ep-calm-1.eu-central-1.aws.neon.tech/parley?sslmode=require' }),
    );
    expect(direct.problems).toEqual([]);
    expect(direct.warnings).toContainEqual(expect.stringMatching(/^DATABASE_URL is Neon's direct URL/));
  });

  it('wants READINESS_TOKEN set and long enough; without it (and not required) /readyz stays closed', () => {
    const missing = preflight('production', configs(), secrets({ READINESS_TOKEN: undefined }));
    expect(missing.problems).toEqual([
      'secret READINESS_TOKEN is not set: npx wrangler secret put READINESS_TOKEN --env production',
    ]);
    const short = preflight('production', configs(), secrets({ READINESS_TOKEN: 'short' }));
    expect(short.problems).toEqual([
      'configuration: READINESS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24) (the Worker would answer /readyz and the API 503 "misconfigured")',
    ]);
    const optional = preflight(
      'production',
      configs((t) => {
        t.secrets = { required: (t.secrets?.required ?? []).filter((name) => name !== 'READINESS_TOKEN') };
      }),
      secrets({ READINESS_TOKEN: undefined }),
    );
    expect(optional.problems).toEqual([]);
    expect(optional.warnings).toContain(
      'READINESS_TOKEN is not set in production: /readyz answers 404, so an uptime check sees only /healthz (liveness)',
    );
  });

  it('wants the METRICS Analytics Engine dataset declared, on a dataset of its own', () => {
    const missing = preflight(
      'production',
      configs((t) => {
        t.analytics_engine_datasets = [];
      }),
      secrets(),
    );
    expect(missing.problems).toEqual([
      'binding METRICS (Analytics Engine dataset) is not declared for production: wrangler does not inherit bindings',
    ]);
    const shared = preflight(
      'production',
      configs((t) => {
        t.analytics_engine_datasets = [{ binding: 'METRICS', dataset: 'parley_metrics_staging' }];
      }),
      secrets(),
    );
    expect(shared.problems).toEqual([
      'binding METRICS uses Analytics Engine dataset "parley_metrics_staging", which another environment uses too',
    ]);
  });

  it('refuses a name that is both a var and a secret', () => {
    const f = preflight('production', configs(), secrets({ PUBLIC_URL: 'https://chat.example.com' }));
    expect(f.problems).toEqual(['PUBLIC_URL is both a var and a secret in production: keep it in one place']);
  });
});
