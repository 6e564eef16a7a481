// Opaque keyset cursors for "newest first" lists: (timestamp, id) encoded as base64url JSON. The
// timestamp keeps Postgres's microseconds: rows written in one transaction share its now() to the
// microsecond, and a cursor cut to a JS Date's milliseconds skipped every row of the page's last
// timestamp that came after the page's last row.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { z } from 'zod';
import { badRequest } from '../errors.ts';

export interface Cursor {
  /** ISO 8601 in UTC, to the microsecond (cursors from before kept milliseconds: still read). */
  at: string;
  id: string;
}

/** A timestamptz column as a cursor keeps it (select it beside the row the cursor is made from). */
export const cursorTime = (column: SQLWrapper): SQL<string> =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The rows after the cursor's in a (time desc, id desc) list: older, or as old with a lower id. A
 * `before` without an id (a plain timestamp) means strictly older. `<=` as well: a bound the index
 * scan starts from, so page 100 costs what page 1 does.
 */
export function olderThan(time: SQLWrapper, id: SQLWrapper, cursor: { at: string; id?: string }): SQL {
  const at = sql`${cursor.at}::timestamptz`;
  if (cursor.id === undefined) return sql`${time} < ${at}`;
  return sql`(${time} <= ${at} and (${time} < ${at} or ${id} < ${cursor.id}))`;
}

/**
 * The ISO check knows the calendar (no 30 February) but lets through year 0, which Postgres
 * refuses: such a value is answered as the invalid cursor it is, before any query.
 */
const instant = (offset: boolean) => z.iso.datetime({ offset }).refine((t) => !t.startsWith('0000'));
const shape = z.object({ t: instant(false), id: z.uuid() });
const timestamp = instant(true);

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify({ t: at, id })).toString('base64url');
}

/**
 * A `before` that may be a plain ISO timestamp (everything older) or a cursor this API returned
 * (everything after that row, ties on the time broken by id).
 */
export function decodeBefore(value: string | undefined): { at: string; id?: string } | null {
  if (!value) return null;
  if (timestamp.safeParse(value).success) return { at: value };
  return decodeCursor(value);
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  try {
    const parsed = shape.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return { at: parsed.t, id: parsed.id };
  } catch {
    throw badRequest('cursor is not one this API returned', 'invalid_cursor');
  }
}
