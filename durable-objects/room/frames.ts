// The room's client frames: the shared parser, except that a broken `send` is refused as
// `invalid_message` with its clientId when it has one, so the sender can match the refusal; and
// the `?lastSeq=` of an upgrade.
import { LIMITS, type RoomClientFrame, roomClientFrame } from '../../contract/frames.ts';
import { malformedFrame, type ParsedFrame, parseFrame, type RefuseMalformed } from '../shared/frames.ts';

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

export const parseRoomFrame = (raw: string | ArrayBuffer): ParsedFrame<RoomClientFrame> =>
  parseFrame(raw, roomClientFrame, refuseSend);

/** `?lastSeq=` on an upgrade: digits only, a safe integer; anything else is answered `bad_frame`. */
export function parseLastSeq(raw: string | null): number | 'absent' | 'malformed' {
  if (raw === null) return 'absent';
  if (!/^\d{1,16}$/.test(raw)) return 'malformed';
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : 'malformed';
}
