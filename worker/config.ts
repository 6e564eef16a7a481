// Reads and checks the Worker's configuration once per isolate; a bad value names itself in one line.
import { z } from 'zod';

/** `kid:base64key,kid:base64key` — the first key is the active one; the others still verify/decrypt. */
const keyring = (name: string, bytes: number) =>
  z
    .string({ error: `${name} is missing` })
    .min(1, `${name} is missing`)
    .transform((value, ctx) => {
      const keys = new Map<string, Uint8Array>();
      for (const part of value.split(',')) {
        const [kid, b64] = part.trim().split(':');
        let key: Uint8Array | undefined;
        try {
          key = b64
            ? Uint8Array.from(atob(b64.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))
            : undefined;
        } catch {
          key = undefined;
        }
        if (!kid || !/^[\w.-]{1,32}$/.test(kid) || !key || key.length !== bytes) {
          ctx.addIssue({
            code: 'custom',
            message: `${name} must be "kid:base64key[,kid:base64key…]" with ${bytes}-byte keys`,
          });
          return z.NEVER;
        }
        keys.set(kid, key);
      }
      const [active] = keys.keys();
      if (!active) {
        ctx.addIssue({ code: 'custom', message: `${name} has no key` });
        return z.NEVER;
      }
      return { active, keys };
    });

const schema = z.object({
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
});

export type Config = z.infer<typeof schema>;
export type Keyring = Config['AUTH_JWT_KEYS'];

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
