// The dashboard's HTTP client: the access token lives only in memory (never in storage a script
// could read later); when it is missing or expired the client refreshes it silently with the
// HttpOnly refresh cookie (POST /api/auth/refresh + the CSRF header), once for all concurrent
// callers — and, through a Web Lock, one tab at a time — and retries the request. Every answer is
// parsed with its contract schema (contract/rest/) instead of trusted; errors leave as ApiError with
// the server's {code, message}, and an answer of the wrong shape as ApiError `invalid_response`.
import type { z } from 'zod';
import { type AccessToken, accessToken } from '../../../contract/rest/auth.ts';
// A session hint (a flag, never a token) remembers whether this browser may hold a refresh cookie,
// so that a visitor who never signed in is not sent to /api/auth/refresh for a certain 401.

export const CSRF_HEADER = 'x-parley-csrf';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** What the client keeps of a token answer (a sign-in's answer carries one too). */
export type AccessTokenBody = Pick<AccessToken, 'accessToken' | 'expiresIn' | 'sessionId'>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** false for routes that take no token (sign-in, sign-up, reset…). */
  auth?: boolean;
  signal?: AbortSignal;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** The part of the Web Locks API (navigator.locks) the refresh needs: run `callback` holding `name`. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** The lock every tab of this origin takes around a refresh. */
export const REFRESH_LOCK = 'parley-refresh';

/** Whether a refresh cookie may exist: set on every sign-in and refresh, cleared when the session ends. */
export interface SessionHint {
  get(): boolean;
  set(present: boolean): void;
}

const HINT_KEY = 'parley:session';

/** The hint in localStorage; where storage is unavailable it always says "maybe" (and we refresh). */
export const storedSessionHint: SessionHint = {
  get: () => {
    try {
      return localStorage.getItem(HINT_KEY) === '1';
    } catch {
      return true;
    }
  },
  set: (present) => {
    try {
      if (present) localStorage.setItem(HINT_KEY, '1');
      else localStorage.removeItem(HINT_KEY);
    } catch {
      // Storage refused (private mode, quota): the hint stays "maybe".
    }
  },
};

/** 401 codes that mean "the access token is missing or stale", which a refresh can fix. */
const RETRYABLE_401 = new Set(['unauthorized', 'invalid_token']);

/** Refresh this long before the token expires, so a request never leaves with a dying token. */
const EXPIRY_MARGIN_MS = 30_000;

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let code = 'http_error';
  let message = `Request failed (${res.status})`;
  try {
    const body: unknown = await res.json();
    if (body && typeof body === 'object' && 'error' in body) {
      const error = (body as { error: { code?: unknown; message?: unknown } }).error;
      if (typeof error.code === 'string') code = error.code;
      if (typeof error.message === 'string') message = error.message;
    }
  } catch {
    // Not JSON (a proxy's error page): keep the generic message.
  }
  return new ApiError(res.status, code, message);
}

/** The answer as its schema reads it, or an ApiError naming the first field that did not fit. */
function parseAnswer<S extends z.ZodType>(schema: S, status: number, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return throwInvalid(status, `${where}${issue?.message ?? 'unexpected shape'}`);
}

function throwInvalid(status: number, detail: string): never {
  throw new ApiError(status, 'invalid_response', `The server answered in an unexpected shape (${detail})`);
}

export function createApiClient(deps: {
  fetch: Fetch;
  now: () => number;
  locks?: LockManagerLike | null;
  hint?: SessionHint;
}) {
  let token: { value: string; expiresAt: number; sessionId: string } | null = null;
  let refreshing: Promise<string | null> | null = null;
  const signedOutListeners = new Set<() => void>();
  const tokenListeners = new Set<() => void>();

  const emit = (set: Set<() => void>) => {
    for (const listener of set) listener();
  };

  function setAccessToken(body: AccessTokenBody): void {
    token = { value: body.accessToken, expiresAt: deps.now() + body.expiresIn * 1000, sessionId: body.sessionId };
    deps.hint?.set(true);
    emit(tokenListeners);
  }

  function clearAccessToken(): void {
    const had = token !== null;
    token = null;
    deps.hint?.set(false);
    if (had) emit(tokenListeners);
  }

  function endSession(): void {
    deps.hint?.set(false);
    if (!token) return;
    token = null;
    emit(tokenListeners);
    emit(signedOutListeners);
  }

  async function exchangeRefreshCookie(): Promise<string | null> {
    const res = await deps.fetch('/api/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { [CSRF_HEADER]: '1' },
    });
    if (!res.ok) {
      endSession();
      return null;
    }
    const body = parseAnswer(accessToken, res.status, await res.json().catch(() => undefined));
    setAccessToken(body);
    return body.accessToken;
  }

  /**
   * Exchanges the refresh cookie for a new access token; null when there is no live session.
   * Every refresh rotates the cookie, and a rotated one presented again revokes the session: two
   * tabs refreshing at once would both send the same cookie. So tabs take turns under a Web Lock;
   * the cookie is read when the request leaves, so a tab that waited sends the one its neighbour
   * just received. (Access tokens stay in each tab's memory: there is none to share.)
   */
  async function refresh(): Promise<string | null> {
    refreshing ??= (async () => {
      try {
        return await (deps.locks ? deps.locks.request(REFRESH_LOCK, exchangeRefreshCookie) : exchangeRefreshCookie());
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  /** A token good for at least the margin (refreshing if needed), or null when signed out. */
  async function getFreshAccessToken(): Promise<string | null> {
    if (token && token.expiresAt - deps.now() > EXPIRY_MARGIN_MS) return token.value;
    return refresh();
  }

  /** Sends the request and parses its answer with `schema` (a 204's answer is `undefined`). */
  async function request<S extends z.ZodType>(
    path: string,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    const useAuth = options.auth !== false;
    const send = async (bearer: string | null) => {
      const headers: Record<string, string> = { [CSRF_HEADER]: '1', accept: 'application/json' };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      const init: RequestInit = {
        method: options.method ?? 'GET',
        headers,
        credentials: 'same-origin',
      };
      if (options.body !== undefined) init.body = JSON.stringify(options.body);
      if (options.signal) init.signal = options.signal;
      return deps.fetch(buildUrl(path, options.query), init);
    };
    let bearer = useAuth ? await getFreshAccessToken() : null;
    if (useAuth && !bearer) throw new ApiError(401, 'unauthorized', 'Please sign in');
    let res = await send(bearer);
    if (useAuth && res.status === 401) {
      const error = await errorFrom(res);
      // Only an expired or missing token is worth a refresh; a revoked session or a wrong
      // second factor is final.
      if (!RETRYABLE_401.has(error.code)) {
        if (error.code === 'session_revoked') endSession();
        throw error;
      }
      // The token expired in flight (or another tab rotated it): one silent refresh, one retry.
      const current = token?.value ?? null;
      bearer = current && current !== bearer ? current : await refresh();
      if (!bearer) throw error;
      res = await send(bearer);
      if (res.status === 401) {
        const again = await errorFrom(res);
        if (RETRYABLE_401.has(again.code) || again.code === 'session_revoked') endSession();
        throw again;
      }
    }
    if (!res.ok) throw await errorFrom(res);
    const text = res.status === 204 ? '' : await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throwInvalid(res.status, 'not JSON');
    }
    return parseAnswer(schema, res.status, body);
  }

  return {
    request,
    refresh,
    getFreshAccessToken,
    setAccessToken,
    clearAccessToken,
    hasAccessToken: () => token !== null,
    /** False only when this browser surely holds no refresh cookie (never signed in, or signed out). */
    mayHaveSession: () => deps.hint?.get() ?? true,
    /** A sign-in is about to finish elsewhere (an OAuth round trip sets the cookie, not a token). */
    expectSession: () => deps.hint?.set(true),
    sessionId: () => token?.sessionId ?? null,
    /** Called when the session ends under us (revoked, refresh token reused or expired). */
    onSignedOut(listener: () => void): () => void {
      signedOutListeners.add(listener);
      return () => signedOutListeners.delete(listener);
    },
    onTokenChange(listener: () => void): () => void {
      tokenListeners.add(listener);
      return () => tokenListeners.delete(listener);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** navigator.locks where the browser has it (all current ones do); without it, tabs refresh unordered. */
function browserLocks(): LockManagerLike | null {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return null;
  return { request: (name, callback) => locks.request(name, () => callback()) };
}

export const api = createApiClient({
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  locks: browserLocks(),
  hint: storedSessionHint,
});

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
