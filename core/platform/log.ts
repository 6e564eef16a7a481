// Structured logs: one JSON object per line (level, message, request id and allow-listed fields).
// Redaction is by construction: a message must be a string literal, and a field is one of a fixed
// set of ids, codes, counts and durations, each checked against its own pattern (a value that does
// not fit becomes "[redacted]"). Free-form objects, error messages, SQL parameters, emails, tokens
// and message text have no way in. Errors are logged by class, code and place (errorFields).
import { AsyncLocalStorage } from 'node:async_hooks';
import { UUID } from '../../contract/ids.ts';
import { pgError } from './pg-errors.ts';

const ID = /^[\w-]{1,64}$/;

/** Text fields and the only shape each may have. */
const TEXT_FIELDS = {
  requestId: ID,
  projectId: UUID,
  conversationId: UUID,
  userId: UUID,
  eventId: UUID,
  deliveryId: UUID,
  endpointId: UUID,
  /** A Queue message's id (not its body). */
  queueMessageId: ID,
  queue: ID,
  eventType: /^[a-z_]+\.[a-z_]+$/,
  /** A route pattern (`/api/projects/:projectId/…`), never the path a client sent. */
  route: /^\/[\w/:.*{}-]{0,200}$/,
  method: /^[A-Z]{3,7}$/,
  /** What ran: a background task, a cron step, a rate limit, a dependency. */
  task: /^[a-z][a-z0-9 _.-]{0,48}$/,
  limit: /^[a-z][a-z0-9_]{0,40}$/,
  dependency: /^[a-z][a-z0-9_]{0,20}$/,
  provider: /^[a-z]{1,20}$/,
  keyId: /^[\w.-]{1,32}$/,
  /** `table.column` */
  column: /^[a-z_]{1,63}\.[a-z_]{1,63}$/,
  outcome: /^[a-z_]{1,32}$/,
  participant: /^(agent|visitor)$/,
  errorClass: /^[A-Za-z_$][\w$]{0,63}$/,
  /** SQLSTATE, an Upstash error class, one of our error codes. */
  errorCode: /^[\w.:-]{1,64}$/,
  /** Where an error was thrown: `function@file:line:column` from its stack (never its message). */
  errorAt: /^[\w$.<>\s[\]/@:-]{1,200}$/,
} as const satisfies Record<string, RegExp>;

const NUMBER_FIELDS = [
  'status',
  'durationMs',
  'count',
  'attempt',
  'batchSize',
  'lagMs',
  'failed',
  'published',
  'remaining',
  /** A WebSocket close code (4401, 4403: contract/frames.ts CLOSE_CODES). */
  'closeCode',
] as const;

export type LogFields = { -readonly [K in keyof typeof TEXT_FIELDS]?: string } & {
  -readonly [K in (typeof NUMBER_FIELDS)[number]]?: number;
};

export type Level = 'info' | 'warn' | 'error';

/** Only a literal: a computed string (`string`, or a template such as `sent ${string}`) makes
 * Record<M, 1> an index signature that the empty object satisfies, and the call fails to type-check. */
type Literal<M extends string> = Record<never, never> extends Record<M, 1> ? never : M;

/** What every line of one request (or Queue batch, cron run, room call) carries. */
export interface LogContext {
  requestId: string;
  route?: string;
  projectId?: string;
  conversationId?: string;
}

/** What crosses into a Durable Object with an RPC call or an upgrade: the caller's request id. */
export interface Trace {
  requestId: string;
}

/** The header that carries the request id on a WebSocket upgrade forwarded to a Durable Object. */
export const REQUEST_ID_HEADER = 'x-parley-request-id';

const contexts = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `context` on every line it (and what it starts) logs. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return contexts.run(context, fn);
}

/** Adds what became known later (the route once matched, the project once authorised). */
export function annotateLogContext(fields: Omit<LogContext, 'requestId'>): void {
  const current = contexts.getStore();
  if (current) Object.assign(current, fields);
}

export const newRequestId = (): string => crypto.randomUUID();

/** Cloudflare's ray id when present (the id Cloudflare's own logs use), else a new one. */
export function requestIdOf(headers: Headers, header = 'cf-ray'): string {
  const given = headers.get(header);
  return given && ID.test(given) ? given : newRequestId();
}

/** The current request id, to hand to a Durable Object or put on a Queue message. */
export function currentTrace(): Trace {
  return { requestId: contexts.getStore()?.requestId ?? newRequestId() };
}

/** A trace received from elsewhere (an RPC argument, a message), checked before it is trusted. */
export function traceFrom(value: unknown): Trace {
  const id = typeof value === 'object' && value !== null && 'requestId' in value ? value.requestId : undefined;
  return { requestId: typeof id === 'string' && ID.test(id) ? id : newRequestId() };
}

const MESSAGE = /^[\w .,;:()'/-]{1,120}$/;
const REDACTED = '[redacted]';

/** The line as written: only allow-listed fields, each value checked; exported for tests. */
export function formatLine(level: Level, message: string, fields: LogFields = {}): string {
  const context = contexts.getStore();
  const line: Record<string, string | number> = { level, message: MESSAGE.test(message) ? message : REDACTED };
  const merged: Record<string, unknown> = { ...context, ...fields };
  if (typeof merged.requestId !== 'string') merged.requestId = newRequestId();
  for (const [name, pattern] of Object.entries(TEXT_FIELDS)) {
    const value = merged[name];
    if (value === undefined || value === '') continue;
    line[name] = typeof value === 'string' && pattern.test(value) ? value : REDACTED;
  }
  for (const name of NUMBER_FIELDS) {
    const value = merged[name];
    if (typeof value === 'number' && Number.isFinite(value)) line[name] = Math.round(value * 1000) / 1000;
  }
  return JSON.stringify(line);
}

function write(level: Level, message: string, fields?: LogFields): void {
  const line = formatLine(level, message, fields);
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

export const log = {
  info: <M extends string>(message: Literal<M>, fields?: LogFields) => write('info', message, fields),
  warn: <M extends string>(message: Literal<M>, fields?: LogFields) => write('warn', message, fields),
  error: <M extends string>(message: Literal<M>, fields?: LogFields) => write('error', message, fields),
};

const STACK_FRAME = /^\s*at (?:([\w$.<>[\] ]{1,80}) \()?([^()\s]{1,160}:\d+:\d+)\)?$/m;

/** An error as logs may carry it: its class, a code (SQLSTATE, Upstash class, ours) and where it
 * was thrown. Never its message, which can hold SQL parameters, a Redis command or user input. */
export function errorFields(err: unknown): Pick<LogFields, 'errorClass' | 'errorCode' | 'errorAt'> {
  if (!(err instanceof Error)) return { errorClass: typeof err };
  const fields: Pick<LogFields, 'errorClass' | 'errorCode' | 'errorAt'> = { errorClass: err.name };
  const code = pgError(err)?.code ?? ('code' in err && typeof err.code === 'string' ? err.code : undefined);
  // An Upstash reply's first word (RedisError.detail); Postgres errors' own `detail` quotes row values.
  const detail =
    err.name === 'RedisError' && 'detail' in err && typeof err.detail === 'string' && /^\w{1,32}$/.test(err.detail)
      ? err.detail
      : '';
  if (code) fields.errorCode = detail ? `${code}:${detail}` : code;
  const frame = err.stack?.match(STACK_FRAME);
  if (frame?.[2]) fields.errorAt = frame[1] ? `${frame[1]}@${frame[2]}` : frame[2];
  return fields;
}
