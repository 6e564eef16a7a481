// Turns a raw socket frame into a client frame or a typed refusal, before anything else looks at
// it: size first (no parsing of oversize input), then text, JSON and the protocol schema. A
// broken `send` is refused with its clientId when it has one, so the sender can match it.
import { type ErrorCode, LIMITS, type RoomClientFrame, roomClientFrame } from '../../contract/frames.ts';
import { frameTooLarge } from '../shared/transport.ts';

export type ParsedFrame =
  | { ok: true; frame: RoomClientFrame }
  | { ok: false; code: ErrorCode; message: string; clientId?: string };

export function parseRoomFrame(raw: string | ArrayBuffer): ParsedFrame {
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
  const parsed = roomClientFrame.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  const detail = `${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'bad fields'}`;
  const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (obj.type === 'send') {
    const clientId =
      typeof obj.clientId === 'string' && obj.clientId ? obj.clientId.slice(0, LIMITS.clientIdMax) : null;
    return {
      ok: false,
      code: 'invalid_message',
      message: `Invalid message: ${detail}`,
      ...(clientId ? { clientId } : {}),
    };
  }
  return { ok: false, code: 'bad_frame', message: `Unknown or malformed frame: ${detail}` };
}
