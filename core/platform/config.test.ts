// The configuration parses WEBHOOK_ALLOWED_PORTS like the other webhook variables: a default,
// a list, and a one-line error for a bad value.
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

const key = `k1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))}`;
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
