// Reads and checks the Worker's configuration once per isolate; a bad value names itself in one line.
import { z } from 'zod';
import { keyring } from './keyring.ts';

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

const schema = z
  .object({
    APP_ENV: z.enum(['local', 'test', 'staging', 'production']),
    DATABASE_URL: z
      .string({ error: 'DATABASE_URL is missing' })
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'DATABASE_URL must be a postgres:// URL'),
    PG_WS_PROXY: z
      .string()
      .regex(/^$|^[\w.-]+:\d+$/, 'PG_WS_PROXY must be host:port or empty')
      .default(''),
    UPSTASH_REDIS_REST_URL: z.url({ error: 'UPSTASH_REDIS_REST_URL must be an http(s) URL' }),
    UPSTASH_REDIS_REST_TOKEN: z
      .string({ error: 'UPSTASH_REDIS_REST_TOKEN is missing' })
      .min(1, 'UPSTASH_REDIS_REST_TOKEN is missing'),
    AUTH_JWT_KEYS: keyring('AUTH_JWT_KEYS', 32),
    ENCRYPTION_KEYS: keyring('ENCRYPTION_KEYS', 32),
    /** The dashboard's origin, for links in emails and OAuth redirect URIs; empty = the request's origin. */
    PUBLIC_URL: optional.pipe(z.url({ error: 'PUBLIC_URL must be an http(s) URL' }).optional()),
    /** Mail API (Resend-compatible `POST {from,to,subject,text}`); empty outside production = the dev sink. */
    MAIL_API_URL: optional.pipe(z.url({ error: 'MAIL_API_URL must be an http(s) URL' }).optional()),
    MAIL_API_TOKEN: optional,
    MAIL_FROM: z
      .string()
      .optional()
      .transform((v) => v || 'Parley <no-reply@parley.local>'),
    AUTH_RATE_LIMITS: rateLimitOverrides,
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
  .superRefine((config, ctx) => {
    // Outside local and test there is no mail sink: password resets and invitations need a real sender.
    if (
      (config.APP_ENV === 'staging' || config.APP_ENV === 'production') &&
      (!config.MAIL_API_URL || !config.MAIL_API_TOKEN)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'MAIL_API_URL and MAIL_API_TOKEN are required in staging and production',
      });
    }
  });

export type Config = z.infer<typeof schema>;
export type { Keyring } from './keyring.ts';

export class ConfigError extends Error {}

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
