// The ROOM_LIMITS variable: JSON overrides of the ConversationRoom's tunables, for benchmarks and
// load tests (`{"batchMax":1}` turns group commit off, `{"send":{…}}` lifts the per-sender send
// rate). Parsed with the rest of the configuration (config.ts); empty means the room's defaults
// (durable-objects/room/limits.ts). A malformed value is refused as a whole.
import { z } from 'zod';

const bucket = z.strictObject({ capacity: z.number().positive(), refillPerSecond: z.number().positive() });

export const roomLimitOverrides = z
  .strictObject({
    queueMax: z.int().positive(),
    batchMax: z.int().positive(),
    send: bucket,
    frames: bucket,
    idleCloseMs: z.int().nonnegative(),
    windowSize: z.int().positive(),
    readFlushMs: z.int().nonnegative(),
    slowDownRetryMs: z.int().nonnegative(),
    authorityCheckMs: z.int().positive(),
  })
  .partial();
export type RoomLimitOverrides = z.infer<typeof roomLimitOverrides>;

export type LimitOverrides = { ok: true; limits: RoomLimitOverrides } | { ok: false; error: string };

export function parseLimitOverrides(raw: unknown): LimitOverrides {
  if (raw === undefined || raw === null || raw === '') return { ok: true, limits: {} };
  if (typeof raw !== 'string') return { ok: false, error: 'ROOM_LIMITS must be a JSON string' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'ROOM_LIMITS is not valid JSON' };
  }
  const parsed = roomLimitOverrides.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `ROOM_LIMITS: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, limits: parsed.data };
}
