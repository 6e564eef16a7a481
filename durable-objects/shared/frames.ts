// Turns a raw socket frame into a client frame of an object's protocol, or a typed refusal, before
// anything else looks at it: size first (no parsing of oversize input), then text, JSON and the
// protocol schema. Both Durable Objects parse every frame through here.
import type { ZodType } from 'zod';
import { type ErrorCode, LIMITS } from '../../contract/frames.ts';
import { frameTooLarge } from './transport.ts';

export interface FrameRefusal {
  ok: false;
  code: ErrorCode;
  message: string;
  /** The `send` a refusal answers, so the sender can match it. */
  clientId?: string;
}

export type ParsedFrame<T> = { ok: true; frame: T } | FrameRefusal;

/** How JSON that fails the schema is refused; `detail` names the first issue. */
export type RefuseMalformed = (json: unknown, detail: string) => FrameRefusal;

export const malformedFrame: RefuseMalformed = (_json, detail) => ({
  ok: false,
  code: 'bad_frame',
  message: `Unknown or malformed frame: ${detail}`,
});

/**
 * A hand-checked shortcut for a protocol's most frequent frame: the frame when `json` is certainly
 * valid, else null — and then the schema decides (and words the refusal). It must never accept
 * what the schema refuses.
 */
export type FastPath<T> = (json: unknown) => T | null;

export function parseFrame<T>(
  raw: string | ArrayBuffer,
  schema: ZodType<T>,
  refuse: RefuseMalformed = malformedFrame,
  fast?: FastPath<T>,
): ParsedFrame<T> {
  if (frameTooLarge(raw, LIMITS.frameMax)) {
    return { ok: false, code: 'frame_too_large', message: `Frames are limited to ${LIMITS.frameMax} bytes` };
  }
  if (typeof raw !== 'string') return { ok: false, code: 'bad_frame', message: 'Frames are JSON text' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_frame', message: 'Frame is not valid JSON' };
  }
  const quick = fast?.(json);
  if (quick) return { ok: true, frame: quick };
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  return refuse(json, `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'bad fields'}`);
}
