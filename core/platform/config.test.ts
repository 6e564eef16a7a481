// The configuration: PUBLIC_URL required outside local and test, READINESS_TOKEN long enough and
// readable on its own, a ConfigError that names its variable, and WEBHOOK_ALLOWED_PORTS parsed like
// the other webhook variables (a default, a list, a one-line error for a bad value).
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, readReadinessToken } from './config.ts';

const key = `k1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))}`;

/** A complete staging configuration; each test changes what it is about. */
const envOf = (vars: Record<string, string>) =>
  ({
    APP_ENV: 'staging',
    DATABASE_URL: 'postgres://user@db.example/parley',
    UPSTASH_REDIS_REST_URL: 'https://redis.example',
    UPSTASH_REDIS_REST_TOKEN: 'token',
    AUTH_JWT_KEYS: key,
    ENCRYPTION_KEYS: key,
    MAIL_API_URL: 'https://api.resend.com/emails',
    MAIL_API_TOKEN: 'mail-token',
    PUBLIC_URL: 'https://support.example.com',
    ...vars,
  }) as unknown as Env;

describe('PUBLIC_URL', () => {
  it('is required in staging and production: links and OAuth redirects must not follow the Host header', () => {
    for (const APP_ENV of ['staging', 'production']) {
      expect(() => readConfig(envOf({ APP_ENV, PUBLIC_URL: '' }))).toThrow(
        'configuration: PUBLIC_URL is required in staging and production',
      );
      expect(readConfig(envOf({ APP_ENV })).PUBLIC_URL).toBe('https://support.example.com');
    }
  });

  it('may stay empty locally and in tests (the request origin is used)', () => {
    for (const APP_ENV of ['local', 'test']) {
      expect(readConfig(envOf({ APP_ENV, PUBLIC_URL: '' })).PUBLIC_URL).toBeUndefined();
    }
  });
});

describe('READINESS_TOKEN', () => {
  it('is optional, and when set must be long enough to be a secret', () => {
    expect(readConfig(envOf({})).READINESS_TOKEN).toBeUndefined();
    expect(readConfig(envOf({ READINESS_TOKEN: 'a'.repeat(32) })).READINESS_TOKEN).toBe('a'.repeat(32));
    expect(() => readConfig(envOf({ READINESS_TOKEN: 'short' }))).toThrow(
      'configuration: READINESS_TOKEN must be at least 16 characters',
    );
  });

  it('is read on its own, so /readyz can decide who may see a broken configuration', () => {
    expect(readReadinessToken(envOf({ AUTH_JWT_KEYS: '', READINESS_TOKEN: 'b'.repeat(20) }))).toBe('b'.repeat(20));
    expect(readReadinessToken(envOf({ READINESS_TOKEN: 'short' }))).toBeUndefined();
  });
});

describe('ConfigError', () => {
  it('names the variable, so a log line can carry it without the message', () => {
    try {
      readConfig(envOf({ AUTH_JWT_KEYS: '' }));
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variable).toBe('AUTH_JWT_KEYS');
    }
    expect.assertions(2);
  });
});

const base = {
  APP_ENV: 'test',
  DATABASE_URL: 'postgres://parley@127.0.0.1:5432/test',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
  UPSTASH_REDIS_REST_TOKEN: 'token',
  AUTH_JWT_KEYS: key,
  ENCRYPTION_KEYS: key,
};
const read = (vars: Record<string, string>) => readConfig({ ...base, ...vars } as unknown as Env);

describe('WEBHOOK_ALLOWED_PORTS', () => {
  it('defaults to 80 and 443', () => {
    expect(read({}).WEBHOOK_ALLOWED_PORTS).toEqual([80, 443]);
    expect(read({ WEBHOOK_ALLOWED_PORTS: '' }).WEBHOOK_ALLOWED_PORTS).toEqual([80, 443]);
  });

  it('takes a comma-separated list', () => {
    expect(read({ WEBHOOK_ALLOWED_PORTS: '443, 8443' }).WEBHOOK_ALLOWED_PORTS).toEqual([443, 8443]);
  });

  it.each(['443,http', '0', '70000', '44.3'])('refuses %s in one line', (value) => {
    expect(() => read({ WEBHOOK_ALLOWED_PORTS: value })).toThrow(
      'configuration: WEBHOOK_ALLOWED_PORTS must be port numbers (1-65535) separated by commas',
    );
  });
});

describe('DASHBOARD_ORIGIN', () => {
  const staging = (vars: Record<string, string>) =>
    readConfig(envOf({ PUBLIC_URL: 'https://api.example.com', ...vars }));

  it('is optional: empty = the dashboard is served by the Worker on PUBLIC_URL', () => {
    expect(staging({}).DASHBOARD_ORIGIN).toBeUndefined();
    expect(staging({ DASHBOARD_ORIGIN: '' }).DASHBOARD_ORIGIN).toBeUndefined();
  });

  it('takes a sibling subdomain of PUBLIC_URL, kept as a bare origin', () => {
    expect(staging({ DASHBOARD_ORIGIN: 'https://app.example.com' }).DASHBOARD_ORIGIN).toBe('https://app.example.com');
    expect(staging({ DASHBOARD_ORIGIN: 'https://App.Example.com/' }).DASHBOARD_ORIGIN).toBe('https://app.example.com');
  });

  it.each([
    '*',
    'app.example.com',
    'https://app.example.com/dashboard',
    'https://app.example.com?x=1',
    'ftp://x.example.com',
  ])('refuses %s: one origin, nothing more', (value) => {
    expect(() => staging({ DASHBOARD_ORIGIN: value })).toThrow(
      'configuration: DASHBOARD_ORIGIN must be an origin such as https://app.example.com',
    );
  });

  it.each(['https://parley.pages.dev', 'https://app.example.net'])(
    'refuses %s, another site than PUBLIC_URL: the SameSite=Strict refresh cookie would never reach the API',
    (value) => {
      expect(() => staging({ DASHBOARD_ORIGIN: value })).toThrow(
        'configuration: DASHBOARD_ORIGIN must be on the same site as PUBLIC_URL',
      );
    },
  );

  it('must be https in staging and production', () => {
    expect(() => staging({ PUBLIC_URL: 'http://api.example.com', DASHBOARD_ORIGIN: 'http://app.example.com' })).toThrow(
      'configuration: DASHBOARD_ORIGIN must be https in staging and production',
    );
  });

  it('is not compared when PUBLIC_URL is empty locally (the API is then the request origin)', () => {
    expect(read({ DASHBOARD_ORIGIN: 'http://localhost:5173' }).DASHBOARD_ORIGIN).toBe('http://localhost:5173');
  });
});
