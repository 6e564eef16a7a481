// Requests to the Worker under test, through its default export as a browser, the widget or an API
// client would send them, and what tests read back: JSON bodies, typed errors, the refresh cookie.
import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';

export const BASE = 'http://parley.test';

export interface HttpOptions {
  /** Bearer token: an agent's access token, a visitor token or a personal API token. */
  token?: string;
  /** A value sent as JSON, with its content type. */
  json?: unknown;
  /** A body sent as is: form data, or malformed JSON under the content type the test names. */
  body?: BodyInit;
  headers?: Record<string, string>;
  cookie?: string;
  /** The client IP; random unless given, so the rate limits of one test never touch another's. */
  ip?: string;
}

export const randomIp = () => `10.${rnd(255)}.${rnd(255)}.${rnd(255)}`;
const rnd = (n: number) => Math.floor(Math.random() * n);

export function http(method: string, path: string, opts: HttpOptions = {}): Promise<Response> {
  const headers = new Headers({ 'cf-connecting-ip': opts.ip ?? randomIp(), ...opts.headers });
  if (opts.token) headers.set('authorization', `Bearer ${opts.token}`);
  if (opts.cookie) headers.set('cookie', opts.cookie);
  let body = opts.body;
  if (opts.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(opts.json);
  }
  return exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body, redirect: 'manual' }));
}

/** `http`, with the body parsed (null when empty). */
export async function httpJson<T = Record<string, unknown>>(
  method: string,
  path: string,
  opts: HttpOptions = {},
): Promise<{ status: number; body: T; res: Response }> {
  const res = await http(method, path, opts);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, res };
}

/** Expects a typed error `{ error: { code } }` with this status (and code, when given). */
export async function expectError(res: Response | Promise<Response>, status: number, code?: string) {
  const r = await res;
  const body = await r.json<{ error?: { code: string; message: string } }>();
  expect({ status: r.status, body }).toMatchObject({ status, body: { error: code ? { code } : {} } });
  return body;
}

/** `name=value` of the refresh cookie a response set ('' when it was cleared). */
export function refreshCookieOf(res: Response): string | null {
  for (const line of res.headers.getSetCookie()) {
    const m = line.match(/^parley_refresh=([^;]*)/);
    if (m) return `parley_refresh=${m[1]}`;
  }
  return null;
}
