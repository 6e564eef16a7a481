// The shared frame parser: size before anything, then text, JSON and the schema, each refusal typed.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LIMITS } from '../../contract/frames.ts';
import { parseFrame } from './frames.ts';

const pingOrStatus = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('status'), status: z.enum(['online', 'away']) }),
]);

describe('parseFrame', () => {
  it('gives the schema’s frame, without unknown fields', () => {
    expect(parseFrame('{"type":"status","status":"away","extra":1}', pingOrStatus)).toEqual({
      ok: true,
      frame: { type: 'status', status: 'away' },
    });
  });

  it('refuses an oversize frame by its UTF-8 size, before parsing it', () => {
    const big = JSON.stringify({ type: 'ping', pad: 'é'.repeat(LIMITS.frameMax / 2) });
    expect(parseFrame(big, pingOrStatus)).toEqual({
      ok: false,
      code: 'frame_too_large',
      message: `Frames are limited to ${LIMITS.frameMax} bytes`,
    });
    expect(parseFrame(new ArrayBuffer(LIMITS.frameMax + 1), pingOrStatus)).toMatchObject({ code: 'frame_too_large' });
  });

  it('refuses binary, non-JSON and off-schema frames as bad_frame, naming the first issue', () => {
    expect(parseFrame(new ArrayBuffer(2), pingOrStatus)).toMatchObject({ ok: false, code: 'bad_frame' });
    expect(parseFrame('{"type":', pingOrStatus)).toMatchObject({ ok: false, code: 'bad_frame' });
    const offSchema = parseFrame('{"type":"status","status":"busy"}', pingOrStatus);
    expect(offSchema).toMatchObject({ ok: false, code: 'bad_frame' });
    expect(offSchema.ok ? '' : offSchema.message).toMatch(/^Unknown or malformed frame: status: /);
  });

  it('lets the caller refuse off-schema JSON its own way', () => {
    const refused = parseFrame('{"type":"dance"}', pingOrStatus, (json, detail) => ({
      ok: false,
      code: 'invalid_message',
      message: `${JSON.stringify(json)} ${detail.length > 0}`,
    }));
    expect(refused).toEqual({ ok: false, code: 'invalid_message', message: '{"type":"dance"} true' });
  });
});
