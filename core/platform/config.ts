// Reads and checks the Worker's configuration once per isolate; a bad value names itself in one line.
import { z } from 'zod';
import { keyring } from './keyring.ts';
import { parseLimitOverrides } from './room-limits.ts';
import { sameSite } from './same-site.ts';

/** The fields of an email the Worker sends through the send_email binding. */
export interface OutgoingEmail {
  from: string | { name: string; email: string };
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

/** Cloudflare's send_email binding (SendEmail) as Parley uses it; structural, so Node tools type-check too. */
export interface SendEmailBinding {
  send(message: OutgoingEmail): Promise<unknown>;
}

/** An optional value: unset and empty both mean "not configured". */
const optional = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));

const endpoint = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => v || fallback)
    .pipe(z.url({ error: `${name} must be an http(s) URL` }));

/** Overrides of the auth rate limits, e.g. `{"login_ip":{"limit":3,"window":"2 s"}}` (tests, tuning). */
const rateLimitOverrides = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return {};
    try {
      return z
        .record(
          z.string(),
          z.object({ limit: z.number().int().positive(), window: z.string().regex(/^\d+ ?(ms|s|m|h|d)$/) }),
        )
        .parse(JSON.parse(value));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'AUTH_RATE_LIMITS must be JSON {"name":{"limit":n,"window":"10 s"}}' });
      return z.NEVER;
    }
  });

/** Seconds before each webhook retry, e.g. `10,60,300`; its length is the number of retries. */
const DEFAULT_RETRY_SCHEDULE = [10, 60, 300, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600];
const retrySchedule = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return DEFAULT_RETRY_SCHEDULE;
    const seconds = value.split(',').map((s) => Number(s.trim()));
    if (seconds.some((n) => !Number.isInteger(n) || n < 0 || n > 43_200)) {
      ctx.addIssue({ code: 'custom', message: 'WEBHOOK_RETRY_SCHEDULE must be seconds (0-43200) separated by commas' });
      return z.NEVER;
    }
    return seconds;
  });

/** Ports a webhook URL may name, e.g. `443,8443`; empty = 80 and 443. */
const DEFAULT_WEBHOOK_PORTS = [80, 443];
const webhookPorts = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value) return DEFAULT_WEBHOOK_PORTS;
    const ports = value.split(',').map((s) => Number(s.trim()));
    if (ports.some((n) => !Number.isInteger(n) || n < 1 || n > 65_535)) {
      ctx.addIssue({
        code: 'custom',
        message: 'WEBHOOK_ALLOWED_PORTS must be port numbers (1-65535) separated by commas',
      });
      return z.NEVER;
    }
    return ports;
  });

const roomLimits = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const parsed = parseLimitOverrides(value);
    if (parsed.ok) return parsed.limits;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  });

/** An origin and nothing more (`https://app.example.com`, a trailing slash tolerated), kept as URL.origin. */
const dashboardOrigin = optional.transform((value, ctx) => {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (!url || !bare || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    ctx.addIssue({ code: 'custom', message: 'DASHBOARD_ORIGIN must be an origin such as https://app.example.com' });
    return z.NEVER;
  }
  return url.origin;
});

const appEnv = z.enum(['local', 'test', 'staging', 'production']);

/** What an uptime check presents to /readyz outside local and test; unset there = /readyz is off. */
const readinessToken = optional.pipe(
  z.string().min(16, 'READINESS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)').optional(),
);

const schema = z
  .object({
    APP_ENV: appEnv,
    DATABASE_URL: z
      .string({ error: 'DATABASE_URL is missing' })
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'DATABASE_URL must be a postgres:// URL'),
    PG_WS_PROXY: z
      .string()
      .regex(/^$|^[\w.-]+:\d+$/, 'PG_WS_PROXY must be host:port or empty')
      .default(''),
    /** Hot statements as named prepared statements (core/platform/db.ts). `off` for a pooler that
     * does not keep them in transaction mode (PgBouncer before 1.21, or max_prepared_statements = 0). */
    PG_NAMED_STATEMENTS: z.enum(['on', 'off'], { error: 'PG_NAMED_STATEMENTS must be on or off' }).default('on'),
    /** How many EventConsumer objects the Queue handler spreads batches over (worker/events/forward.ts):
     * each runs its batches on up to four warm connections, on one thread. 1 locally (Miniflare runs
     * one batch at a time); more in production, where consumer invocations run side by side. */
    EVENT_CONSUMER_SHARDS: z.coerce
      .number({ error: 'EVENT_CONSUMER_SHARDS must be a whole number from 1 to 64' })
      .int({ error: 'EVENT_CONSUMER_SHARDS must be a whole number from 1 to 64' })
      .min(1, 'EVENT_CONSUMER_SHARDS must be a whole number from 1 to 64')
      .max(64, 'EVENT_CONSUMER_SHARDS must be a whole number from 1 to 64')
      .default(1),
    UPSTASH_REDIS_REST_URL: z.url({ error: 'UPSTASH_REDIS_REST_URL must be an http(s) URL' }),
    UPSTASH_REDIS_REST_TOKEN: z
      .string({ error: 'UPSTASH_REDIS_REST_TOKEN is missing' })
      .min(1, 'UPSTASH_REDIS_REST_TOKEN is missing'),
    AUTH_JWT_KEYS: keyring('AUTH_JWT_KEYS', 32),
    ENCRYPTION_KEYS: keyring('ENCRYPTION_KEYS', 32),
    /** The Worker's public URL: the API's origin (OAuth redirect URIs, the OpenAPI server) and the
     * dashboard's when the Worker serves it (email links, the CSRF Origin check). Required in
     * staging and production; empty locally = the request's own origin. */
    PUBLIC_URL: optional.pipe(z.url({ error: 'PUBLIC_URL must be an http(s) URL' }).optional()),
    /** Where the dashboard is served when not by this Worker (Cloudflare Pages): the one origin CORS
     * with credentials, the CSRF check and email links accept. Empty = the dashboard is on PUBLIC_URL. */
    DASHBOARD_ORIGIN: dashboardOrigin,
    /** How mail leaves (worker/lib/mail.ts): `cloudflare` = the send_email binding EMAIL (Cloudflare
     * Email Service), `resend` = the Resend-compatible API below, `sink` = the dev sink (/dev/mail).
     * Empty = `resend` when MAIL_API_URL and MAIL_API_TOKEN are set, else the sink. */
    MAIL_TRANSPORT: z
      .enum(['cloudflare', 'resend', 'sink', ''], { error: 'MAIL_TRANSPORT must be cloudflare, resend, sink or empty' })
      .optional()
      .transform((v) => v || undefined),
    /** Whether the send_email binding is there (MAIL_TRANSPORT=cloudflare needs it). */
    EMAIL: z
      .custom<SendEmailBinding>((v) => typeof v === 'object' && v !== null && 'send' in v)
      .optional()
      .catch(undefined),
    /** Mail API (Resend-compatible `POST {from,to,subject,text}`); empty outside production = the dev sink. */
    MAIL_API_URL: optional.pipe(z.url({ error: 'MAIL_API_URL must be an http(s) URL' }).optional()),
    MAIL_API_TOKEN: optional,
    MAIL_FROM: z
      .string()
      .optional()
      .transform((v) => v || 'Parley <no-reply@parley.local>'),
    /** The domain whose `reply+<token>@` addresses Email Routing hands to the Worker's email()
     * handler (docs/EMAIL.md); empty = emails carry no reply address and inbound mail is refused. */
    INBOUND_EMAIL_DOMAIN: optional.pipe(
      z
        .string()
        .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, {
          error: 'INBOUND_EMAIL_DOMAIN must be a domain name such as reply.example.com',
        })
        .optional(),
    ),
    AUTH_RATE_LIMITS: rateLimitOverrides,
    /** Deliver webhooks to loopback/private addresses: local development and tests only. */
    WEBHOOK_ALLOW_PRIVATE: z
      .enum(['true', 'false', ''])
      .optional()
      .transform((v) => v === 'true'),
    WEBHOOK_RETRY_SCHEDULE: retrySchedule,
    WEBHOOK_ALLOWED_PORTS: webhookPorts,
    /** Consecutive failed attempts after which an endpoint is disabled. */
    WEBHOOK_DISABLE_AFTER: z
      .string()
      .optional()
      .transform((v) => Number(v || '20'))
      .pipe(z.int({ error: 'WEBHOOK_DISABLE_AFTER must be a whole number' }).positive()),
    ROOM_LIMITS: roomLimits,
    READINESS_TOKEN: readinessToken,
    OAUTH_GITHUB_CLIENT_ID: optional,
    OAUTH_GITHUB_CLIENT_SECRET: optional,
    OAUTH_GITHUB_AUTHORIZE_URL: endpoint('OAUTH_GITHUB_AUTHORIZE_URL', 'https://github.com/login/oauth/authorize'),
    OAUTH_GITHUB_TOKEN_URL: endpoint('OAUTH_GITHUB_TOKEN_URL', 'https://github.com/login/oauth/access_token'),
    OAUTH_GITHUB_API_URL: endpoint('OAUTH_GITHUB_API_URL', 'https://api.github.com'),
    OAUTH_GOOGLE_CLIENT_ID: optional,
    OAUTH_GOOGLE_CLIENT_SECRET: optional,
    OAUTH_GOOGLE_AUTHORIZE_URL: endpoint('OAUTH_GOOGLE_AUTHORIZE_URL', 'https://accounts.google.com/o/oauth2/v2/auth'),
    OAUTH_GOOGLE_TOKEN_URL: endpoint('OAUTH_GOOGLE_TOKEN_URL', 'https://oauth2.googleapis.com/token'),
    OAUTH_GOOGLE_USERINFO_URL: endpoint(
      'OAUTH_GOOGLE_USERINFO_URL',
      'https://openidconnect.googleapis.com/v1/userinfo',
    ),
  })
  .transform((config) =>
    // Never in production, whatever the variable says: a webhook URL must not reach inside the network.
    config.APP_ENV === 'production' ? { ...config, WEBHOOK_ALLOW_PRIVATE: false } : config,
  )
  .superRefine((config, ctx) => {
    // Outside local and test there is no mail sink: password resets and invitations need a real sender.
    const deployed = config.APP_ENV === 'staging' || config.APP_ENV === 'production';
    if (deployed && config.MAIL_TRANSPORT === 'sink') {
      ctx.addIssue({ code: 'custom', message: 'MAIL_TRANSPORT=sink is for local and test only' });
    } else if (config.MAIL_TRANSPORT === 'cloudflare') {
      // The binding is checked where it exists (the Worker); preflight checks wrangler.toml declares it.
      if (!config.EMAIL && deployed) {
        ctx.addIssue({
          code: 'custom',
          message: 'MAIL_TRANSPORT=cloudflare needs the send_email binding EMAIL ([[send_email]] name = "EMAIL")',
        });
      }
    } else if ((deployed || config.MAIL_TRANSPORT === 'resend') && (!config.MAIL_API_URL || !config.MAIL_API_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        message: 'MAIL_API_URL and MAIL_API_TOKEN are required in staging and production',
      });
    }
    // Outside local and test, links in emails and the OAuth redirect_uri must not be built from the
    // request's Host header, which whoever sends the request chooses.
    if ((config.APP_ENV === 'staging' || config.APP_ENV === 'production') && !config.PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', message: 'PUBLIC_URL is required in staging and production' });
    }
    if (config.DASHBOARD_ORIGIN) refineDashboardOrigin(config, config.DASHBOARD_ORIGIN, ctx);
  });

/**
 * The refresh cookie is SameSite=Strict: a dashboard on another site would never send it back.
 * Sibling subdomains of one site (app.example.com, api.example.com) are the supported arrangement.
 */
function refineDashboardOrigin(
  config: { APP_ENV: z.infer<typeof appEnv>; PUBLIC_URL?: string | undefined },
  origin: string,
  ctx: z.RefinementCtx,
): void {
  if ((config.APP_ENV === 'staging' || config.APP_ENV === 'production') && !origin.startsWith('https:')) {
    ctx.addIssue({ code: 'custom', message: 'DASHBOARD_ORIGIN must be https in staging and production' });
    return;
  }
  // Without PUBLIC_URL (local, test) the API's origin is the request's: nothing to compare yet.
  if (config.PUBLIC_URL && !sameSite(new URL(origin), new URL(config.PUBLIC_URL))) {
    ctx.addIssue({
      code: 'custom',
      message:
        'DASHBOARD_ORIGIN must be on the same site as PUBLIC_URL (e.g. app.example.com and api.example.com): the refresh cookie is SameSite=Strict',
    });
  }
}

export type Config = z.infer<typeof schema>;
export type { Keyring } from './keyring.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
  /** The variable the message names (e.g. AUTH_JWT_KEYS), for logs that must not carry the message. */
  get variable(): string | undefined {
    return this.message.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/)?.[0];
  }
}

const cache = new WeakMap<object, Config>();

export function readConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`configuration: ${first?.message ?? 'invalid'}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}

/**
 * Only APP_ENV, for the local-only pages (/dev/*): they must answer 404 in staging and production
 * even where the rest of the configuration is incomplete or broken.
 */
export function readAppEnv(env: Env): z.infer<typeof appEnv> | undefined {
  const parsed = appEnv.safeParse(env.APP_ENV);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Only READINESS_TOKEN, for /readyz: who may see the readiness report (which names a broken
 * variable) is decided before the rest of the configuration is read. Undefined when unset or
 * too short to be a secret.
 */
export function readReadinessToken(env: Env): string | undefined {
  const parsed = readinessToken.safeParse(env.READINESS_TOKEN);
  return parsed.success ? parsed.data : undefined;
}
