// The dashboard's HTTP client: the access token lives only in memory (never in storage a script
// could read later); when it is missing or expired the client refreshes it silently with the
// HttpOnly refresh cookie (POST /api/auth/refresh + the CSRF header), once for all concurrent
// callers, and retries the request. Errors leave as ApiError with the server's {code, message}.
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

export interface AccessTokenBody {
  accessToken: string;
  expiresIn: number;
  sessionId: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** false for routes that take no token (sign-in, sign-up, reset…). */
  auth?: boolean;
  signal?: AbortSignal;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

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

export function createApiClient(deps: { fetch: Fetch; now: () => number; hint?: SessionHint }) {
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

  /** Exchanges the refresh cookie for a new access token; null when there is no live session. */
  async function refresh(): Promise<string | null> {
    refreshing ??= (async () => {
      try {
        const res = await deps.fetch('/api/auth/refresh', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { [CSRF_HEADER]: '1' },
        });
        if (!res.ok) {
          endSession();
          return null;
        }
        const body = (await res.json()) as AccessTokenBody;
        setAccessToken(body);
        return body.accessToken;
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

  async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
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
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
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

export const api = createApiClient({
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  hint: storedSessionHint,
});

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
