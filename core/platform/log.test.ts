import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorFields, formatLine, log, requestIdOf, traceFrom, withLogContext } from './log.ts';

const parse = (line: string) => JSON.parse(line) as Record<string, unknown>;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('log lines', () => {
  it('are one JSON object with level, message and a request id, even outside any request', () => {
    const line = parse(formatLine('info', 'sweep done', { count: 3 }));
    expect(line).toEqual({ level: 'info', message: 'sweep done', requestId: expect.any(String), count: 3 });
  });

  it('carry the context of the request they were written in, through awaits', async () => {
    const projectId = crypto.randomUUID();
    const line = await withLogContext({ requestId: '8a1b2c3d4e5f6789-AMS', route: '/api/me' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return parse(formatLine('warn', 'slow', { projectId, durationMs: 12.34567 }));
    });
    expect(line).toEqual({
      level: 'warn',
      message: 'slow',
      requestId: '8a1b2c3d4e5f6789-AMS',
      route: '/api/me',
      projectId,
      durationMs: 12.346,
    });
  });

  it("redact a value that does not have its field's shape, and drop fields that are not on the list", () => {
    const email = 'someone@example.com';
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    const fields = { projectId: email, requestId: jwt, route: '/api/x?token=abc', body: 'hello', email } as never;
    const line = formatLine('error', 'oops', fields);
    expect(parse(line)).toEqual({
      level: 'error',
      message: 'oops',
      requestId: '[redacted]',
      projectId: '[redacted]',
      route: '[redacted]',
    });
    expect(line).not.toContain(email);
    expect(line).not.toContain('hello');
  });

  it('redact a message that is not plain words (an email, a URL)', () => {
    expect(parse(formatLine('info', 'mail to someone@example.com')).message).toBe('[redacted]');
  });

  it('go to console.log, console.warn or console.error by level', () => {
    const out = { log: vi.spyOn(console, 'log'), warn: vi.spyOn(console, 'warn'), error: vi.spyOn(console, 'error') };
    for (const spy of Object.values(out)) spy.mockImplementation(() => undefined);
    log.info('a');
    log.warn('b');
    log.error('c');
    expect(out.log).toHaveBeenCalledTimes(1);
    expect(out.warn).toHaveBeenCalledTimes(1);
    expect(out.error).toHaveBeenCalledTimes(1);
  });

  it('take only literal messages (a computed one does not type-check)', () => {
    const email: string = 'someone@example.com';
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // @ts-expect-error: a template with a value in it could carry anything.
    log.info(`signed up ${email}`);
    expect(console.log).toHaveBeenCalledWith(expect.not.stringContaining(email));
  });
});

describe('errorFields', () => {
  it('keeps the class, the SQLSTATE and the place of a failed query, never its text or parameters', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_idx"'), {
      code: '23505',
    });
    const err = new Error('Failed query: insert into "users" values ($1)\nparams: someone@example.com', { cause });
    const fields = errorFields(err);
    expect(fields).toMatchObject({ errorClass: 'Error', errorCode: '23505' });
    expect(JSON.stringify(fields)).not.toContain('someone@example.com');
    expect(JSON.stringify(fields)).not.toContain('users_email_idx');
    expect(fields.errorAt).toMatch(/log\.test\.ts:\d+:\d+$/);
  });

  it('keeps an Upstash error by class, without the command it names', () => {
    class UpstashError extends Error {
      override name = 'UpstashError';
    }
    const fields = errorFields(new UpstashError('WRONGPASS, command was: ["get","session:abc"]'));
    expect(fields.errorClass).toBe('UpstashError');
    expect(JSON.stringify(fields)).not.toContain('session:abc');
  });

  it('names what is not an Error by its type only', () => {
    expect(errorFields('secret text')).toEqual({ errorClass: 'string' });
  });
});

describe('request ids', () => {
  it("are Cloudflare's ray id when present, else generated; a malformed one is replaced", () => {
    expect(requestIdOf(new Headers({ 'cf-ray': '8a1b2c3d4e5f6789-AMS' }))).toBe('8a1b2c3d4e5f6789-AMS');
    expect(requestIdOf(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(new Headers({ 'cf-ray': 'a b@c' }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(traceFrom({ requestId: 'x'.repeat(65) }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(traceFrom(undefined).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
