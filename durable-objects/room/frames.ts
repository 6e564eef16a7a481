// The room's client frames: the shared parser, except that a broken `send` is refused as
// `invalid_message` with its clientId when it has one, so the sender can match the refusal; and
// the `?lastSeq=` of an upgrade.
import { LIMITS, type RoomClientFrame, roomClientFrame } from '../../contract/frames.ts';
import { isStorableText } from '../../contract/text.ts';
import { type FastPath, malformedFrame, type ParsedFrame, parseFrame, type RefuseMalformed } from '../shared/frames.ts';

const refuseSend: RefuseMalformed = (json, detail) => {
  const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (obj.type !== 'send') return malformedFrame(json, detail);
  const clientId = typeof obj.clientId === 'string' && obj.clientId ? obj.clientId.slice(0, LIMITS.clientIdMax) : null;
  return {
    ok: false,
    code: 'invalid_message',
    message: `Invalid message: ${detail}`,
    ...(clientId ? { clientId } : {}),
  };
};

const fieldOk = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length >= 1 && v.length <= max && isStorableText(v);

/**
 * Every message arrives as a `send`, and zod's discriminated union cost 9% of the room's CPU in
 * S1's profile: a well-formed `send` is checked by hand, exactly as `roomClientFrame` would
 * (unknown keys dropped, as zod strips them), unless it carries mentions. Anything else — every refusal included — goes
 * through the schema, so the refusals keep their wording.
 */
export const fastSend: FastPath<RoomClientFrame> = (json) => {
  if (typeof json !== 'object' || json === null) return null;
  const o = json as Record<string, unknown>;
  if (o.type !== 'send' || !fieldOk(o.clientId, LIMITS.clientIdMax) || !fieldOk(o.body, LIMITS.bodyMax)) return null;
  // A note's mentions are rare: the schema checks them.
  if (o.mentions !== undefined) return null;
  if (o.private === undefined) return { type: 'send', clientId: o.clientId, body: o.body };
  if (typeof o.private !== 'boolean') return null;
  return { type: 'send', clientId: o.clientId, body: o.body, private: o.private };
};

export const parseRoomFrame = (raw: string | ArrayBuffer): ParsedFrame<RoomClientFrame> =>
  parseFrame(raw, roomClientFrame, refuseSend, fastSend);

/** `?lastSeq=` on an upgrade: digits only, a safe integer; anything else is answered `bad_frame`. */
export function parseLastSeq(raw: string | null): number | 'absent' | 'malformed' {
  if (raw === null) return 'absent';
  if (!/^\d{1,16}$/.test(raw)) return 'malformed';
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : 'malformed';
}
