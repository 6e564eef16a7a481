// What `npm run preflight` checks in one environment of wrangler.toml, before a deploy: every binding
// the local (top-level) configuration declares is declared again (wrangler does not inherit them) on
// resources of its own (the METRICS Analytics Engine dataset too); every var is there; every secret
// is set (READINESS_TOKEN among them, or /readyz stays closed); and vars + secrets pass the Worker's
// own configuration schema (core/platform/config.ts), so a deploy cannot start with a 503
// "misconfigured" /readyz.
import { ConfigError, readConfig } from '../../core/platform/config.ts';

/** The part of wrangler's resolved configuration (unstable_readConfig) that a deploy depends on. */
export interface WorkerConfig {
  name?: string | undefined;
  vars: Record<string, unknown>;
  secrets?: { required?: string[] | undefined } | undefined;
  durable_objects: { bindings: { name: string; class_name: string }[] };
  r2_buckets: { binding: string; bucket_name?: string | undefined }[];
  kv_namespaces: { binding: string; id?: string | undefined }[];
  d1_databases: { binding: string; database_id?: string | undefined }[];
  analytics_engine_datasets: { binding: string; dataset?: string | undefined }[];
  queues: {
    producers?: { binding: string; queue: string }[] | undefined;
    consumers?: { queue: string; dead_letter_queue?: string | undefined }[] | undefined;
  };
  triggers: { crons?: string[] | undefined };
  send_email?: { name: string }[] | undefined;
  assets?: { binding?: string | undefined } | undefined;
}

/** What the secret source knows: the names always, the values when it can read them (a file, the environment). */
export interface KnownSecrets {
  names: ReadonlySet<string>;
  values?: ReadonlyMap<string, string>;
}

export interface Findings {
  problems: string[];
  warnings: string[];
  summary: string;
}

/** Binding name → what it is and which resource it points at (queues, buckets… must differ per environment). */
function bindings(config: WorkerConfig): Map<string, { kind: string; resource?: string | undefined }> {
  const out = new Map<string, { kind: string; resource?: string | undefined }>();
  for (const b of config.durable_objects.bindings) out.set(b.name, { kind: `Durable Object ${b.class_name}` });
  for (const b of config.r2_buckets) out.set(b.binding, { kind: 'R2 bucket', resource: b.bucket_name });
  for (const b of config.kv_namespaces) out.set(b.binding, { kind: 'KV namespace', resource: b.id });
  for (const b of config.d1_databases) out.set(b.binding, { kind: 'D1 database', resource: b.database_id });
  for (const b of config.analytics_engine_datasets) {
    out.set(b.binding, { kind: 'Analytics Engine dataset', resource: b.dataset });
  }
  for (const b of config.queues.producers ?? []) out.set(b.binding, { kind: 'Queue', resource: b.queue });
  if (config.assets?.binding) out.set(config.assets.binding, { kind: 'static assets' });
  return out;
}

function checkBindings(env: string, local: WorkerConfig, target: WorkerConfig, others: WorkerConfig[], f: Findings) {
  const mine = bindings(target);
  const theirs = [local, ...others].map(bindings);
  for (const [name, want] of bindings(local)) {
    const got = mine.get(name);
    if (!got) {
      f.problems.push(`binding ${name} (${want.kind}) is not declared for ${env}: wrangler does not inherit bindings`);
    } else if (got.kind !== want.kind) {
      f.problems.push(`binding ${name} is a ${got.kind} in ${env} but a ${want.kind} locally`);
    }
  }
  for (const [name, got] of mine) {
    if (!got.resource) continue;
    if (theirs.some((other) => other.get(name)?.resource === got.resource)) {
      f.problems.push(`binding ${name} uses ${got.kind} "${got.resource}", which another environment uses too`);
    }
  }
}

function checkQueues(env: string, local: WorkerConfig, target: WorkerConfig, f: Findings) {
  const consumers = new Map((target.queues.consumers ?? []).map((c) => [c.queue, c]));
  const localConsumers = new Map((local.queues.consumers ?? []).map((c) => [c.queue, c]));
  const localProducers = new Map((local.queues.producers ?? []).map((p) => [p.binding, p.queue]));
  for (const producer of target.queues.producers ?? []) {
    const localQueue = localProducers.get(producer.binding);
    const localConsumer = localQueue ? localConsumers.get(localQueue) : undefined;
    if (!localConsumer) continue; // the Worker does not consume this queue itself
    const consumer = consumers.get(producer.queue);
    if (!consumer) {
      f.problems.push(`queue ${producer.queue} (${producer.binding}) has no consumer in ${env}`);
      continue;
    }
    if (localConsumer.dead_letter_queue && !consumer.dead_letter_queue) {
      f.problems.push(`queue ${producer.queue} has no dead_letter_queue in ${env}: failed batches would be dropped`);
    }
    const dlq = consumer.dead_letter_queue;
    if (dlq && localConsumer.dead_letter_queue && localConsumers.has(localConsumer.dead_letter_queue)) {
      if (!consumers.has(dlq)) f.problems.push(`dead-letter queue ${dlq} has no consumer in ${env}`);
    }
  }
  if ((local.triggers.crons ?? []).length > 0 && (target.triggers.crons ?? []).length === 0) {
    f.problems.push(`no cron trigger in ${env}: the outbox sweep would never run`);
  }
}

/** Secrets known by name only (`wrangler secret list`) stand in as well-formed values. */
const PLACEHOLDERS: Record<string, string> = {
  DATABASE_URL: 'postgres://preflight:placeholder@placeholder.invalid/parley',
  UPSTASH_REDIS_REST_URL: 'https://placeholder.invalid',
  AUTH_JWT_KEYS: `k1:${'A'.repeat(43)}=`,
  ENCRYPTION_KEYS: `k1:${'A'.repeat(43)}=`,
  READINESS_TOKEN: 'placeholder-readiness-token',
};

const OAUTH = ['GITHUB', 'GOOGLE'] as const;

function stringVars(config: WorkerConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.vars))
    out[name] = typeof value === 'string' ? value : JSON.stringify(value);
  return out;
}

function checkValues(
  env: string,
  vars: Record<string, string>,
  secrets: KnownSecrets,
  required: readonly string[],
  hasEmailBinding: boolean,
  f: Findings,
) {
  const merged: Record<string, unknown> = { ...vars };
  // The send_email binding is not a var: it stands in when wrangler.toml declares it (checkMail).
  if (hasEmailBinding) merged.EMAIL = { send: () => Promise.resolve({ messageId: 'preflight' }) };
  // A missing required secret is reported once, by name; here it stands in so the rest is checked.
  for (const name of new Set([...secrets.names, ...required])) {
    merged[name] = secrets.values?.get(name) ?? PLACEHOLDERS[name] ?? 'placeholder';
  }
  try {
    readConfig(merged as unknown as Env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    f.problems.push(`${err.message} (the Worker would answer /readyz and the API 503 "misconfigured")`);
  }
  if (vars.APP_ENV !== env) f.problems.push(`APP_ENV is "${vars.APP_ENV ?? ''}" in ${env}; it must be "${env}"`);
  if (vars.PG_WS_PROXY)
    f.problems.push(`PG_WS_PROXY must be empty in ${env} (it is the local stack's proxy; Neon has its own)`);
  if (!secrets.names.has('READINESS_TOKEN') && !required.includes('READINESS_TOKEN')) {
    f.warnings.push(
      `READINESS_TOKEN is not set in ${env}: /readyz answers 404, so an uptime check sees only /healthz (liveness)`,
    );
  }
  if (vars.WEBHOOK_ALLOW_PRIVATE === 'true') {
    f.warnings.push(`WEBHOOK_ALLOW_PRIVATE is "true" in ${env}: webhooks could reach private addresses`);
  }
  // An empty PUBLIC_URL is the configuration's own refusal (readConfig, below): named once there.
  if (vars.PUBLIC_URL && !vars.PUBLIC_URL.startsWith('https://')) {
    f.problems.push(`PUBLIC_URL must be https:// in ${env}, got ${vars.PUBLIC_URL}`);
  }
  const mailDomain = /@([^>\s]+)>?\s*$/.exec(vars.MAIL_FROM ?? '')?.[1] ?? '';
  if (/(^|\.)(example|local|invalid|test)$|(^|\.)example\.(com|org|net)$/.test(mailDomain)) {
    f.warnings.push(
      `MAIL_FROM sends from the placeholder domain ${mailDomain}: set a domain verified with your mail API`,
    );
  }
  for (const provider of OAUTH) {
    const id = `OAUTH_${provider}_CLIENT_ID`;
    const secret = `OAUTH_${provider}_CLIENT_SECRET`;
    if (vars[id] && !secrets.names.has(secret)) {
      f.problems.push(`${id} is set but secret ${secret} is not: npx wrangler secret put ${secret} --env ${env}`);
    } else if (!vars[id] && secrets.names.has(secret)) {
      f.warnings.push(`secret ${secret} is set but ${id} is empty: ${provider.toLowerCase()} sign-in is not offered`);
    }
  }
  checkKnownValues(env, secrets, f);
  checkMail(env, vars, secrets, hasEmailBinding, f);
}

/** The mail transport's needs: the send_email binding for cloudflare, the API URL and token for resend. */
function checkMail(
  env: string,
  vars: Record<string, string>,
  secrets: KnownSecrets,
  hasEmailBinding: boolean,
  f: Findings,
) {
  const transport = vars.MAIL_TRANSPORT || (vars.MAIL_API_URL ? 'resend' : '');
  if (transport === 'cloudflare' && !hasEmailBinding) {
    f.problems.push(
      `MAIL_TRANSPORT is "cloudflare" but ${env} declares no send_email binding EMAIL: add [[env.${env}.send_email]] name = "EMAIL"`,
    );
  } else if (transport === 'resend' && !secrets.names.has('MAIL_API_TOKEN')) {
    f.problems.push(
      `MAIL_TRANSPORT is "resend" but secret MAIL_API_TOKEN is not set: npx wrangler secret put MAIL_API_TOKEN --env ${env}`,
    );
  }
}

/** Checks only a readable value allows (a secrets file or the environment, not `wrangler secret list`). */
function checkKnownValues(env: string, secrets: KnownSecrets, f: Findings) {
  const value = (name: string) => secrets.values?.get(name);
  const db = value('DATABASE_URL');
  const host = db ? /^postgres(?:ql)?:\/\/(?:[^@/]*@)?([^:/?]+)/.exec(db)?.[1] : undefined;
  if (host && /^(localhost|127\.|\[?::1\]?$|0\.0\.0\.0)/.test(host)) {
    f.problems.push(`DATABASE_URL points at ${host} in ${env}: the Worker cannot reach this machine`);
  } else if (host?.endsWith('.neon.tech') && !host.includes('-pooler')) {
    f.warnings.push(
      "DATABASE_URL is Neon's direct URL: the Worker should use the pooled one (-pooler); the direct one is for migrations",
    );
  }
  const upstash = value('UPSTASH_REDIS_REST_URL');
  if (upstash && !upstash.startsWith('https://')) f.problems.push(`UPSTASH_REDIS_REST_URL must be https:// in ${env}`);
  const jwt = value('AUTH_JWT_KEYS');
  if (jwt && jwt === value('ENCRYPTION_KEYS')) {
    f.problems.push('AUTH_JWT_KEYS and ENCRYPTION_KEYS are the same keyring: give each its own keys');
  }
}

/**
 * The findings for `env`: `local` is the top-level configuration, `others` the other deployed
 * environments (their resources must differ), `secrets` what the chosen source knows.
 */
export function preflight(
  env: string,
  configs: { local: WorkerConfig; target: WorkerConfig; others: WorkerConfig[] },
  secrets: KnownSecrets,
): Findings {
  const { local, target, others } = configs;
  const f: Findings = { problems: [], warnings: [], summary: '' };
  checkBindings(env, local, target, others, f);
  checkQueues(env, local, target, f);
  const vars = stringVars(target);
  for (const name of Object.keys(local.vars)) {
    if (!(name in vars))
      f.problems.push(`var ${name} is set locally but not in [env.${env}.vars]: vars are not inherited`);
  }
  const required = target.secrets?.required ?? [];
  for (const name of required) {
    if (!secrets.names.has(name))
      f.problems.push(`secret ${name} is not set: npx wrangler secret put ${name} --env ${env}`);
  }
  for (const name of secrets.names) {
    if (name in vars) f.problems.push(`${name} is both a var and a secret in ${env}: keep it in one place`);
  }
  checkValues(
    env,
    vars,
    secrets,
    required,
    (target.send_email ?? []).some((b) => b.name === 'EMAIL'),
    f,
  );
  f.summary = `${bindings(target).size} bindings, ${Object.keys(vars).length} vars, ${secrets.names.size} secrets`;
  return f;
}
