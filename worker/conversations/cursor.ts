// Opaque keyset cursors for "newest first" lists: (timestamp, id) encoded as base64url JSON.
import { z } from 'zod';
import { badRequest } from '../errors.ts';

const shape = z.object({ t: z.iso.datetime(), id: z.uuid() });

export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ t: at.toISOString(), id })).toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  try {
    const parsed = shape.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return { at: new Date(parsed.t), id: parsed.id };
  } catch {
    throw badRequest('cursor is not one this API returned', 'invalid_cursor');
  }
}
