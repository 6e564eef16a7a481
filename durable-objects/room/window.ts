// The room's recent-message window in its SQLite storage: serves resumes without Postgres and
// answers retried client ids without a round trip. It survives hibernation and restarts; Postgres
// stays the source of truth for anything older (or anything a crash kept out of the window). It also
// keeps the latest deletions, so a client resuming from a seq hears of deletions of messages it
// already had (those after its seq are replayed as tombstones).
//
// Committed messages reach storage when the room saves its snapshot (RoomConversation.save, in the
// same SQLite commit), or every PENDING_MAX messages in a room that stays busy; until then they
// are pending here, in memory. The window is a cache, never the record: a range it does not hold
// whole is read from Postgres (range() answers null for any gap), and a retried client id it does
// not know meets Postgres's unique index. So a crash that loses pending rows costs Postgres reads,
// never a message; and the snapshot, which is in storage only with the window flushed, never
// points past what the window holds.
import type { MessageDeletion } from '../../contract/frames.ts';
import { type RoomMessage, tombstone } from '../../core/conversations/message.ts';

type Row = { seq: number; json: string };

/** How many deletions a room remembers for resuming clients. */
export const DELETIONS_KEPT = 200;
/** The window may exceed its size by this much before it is trimmed: one delete per this many messages. */
const TRIM_SLACK = 50;
/** Rows per insert: three bound parameters each, within SQLite storage's 100 per statement. */
const ROWS_PER_INSERT = 32;
/** A room that stays busy writes its pending messages once this many wait. */
const PENDING_MAX = 100;

export class RecentWindow {
  private readonly storage: SqlStorage;
  private readonly size: number;
  private ready = false;
  /**
   * The window's client ids (→ seq), read from storage once per wake-up on the first send, then
   * kept in step: a send's duplicate check is a map lookup, not a query per message.
   */
  private clientIds: Map<string, number> | null = null;
  /** Committed messages not yet in storage, oldest first (see the top of this file). */
  private pending: RoomMessage[] = [];

  constructor(sql: SqlStorage, size: number) {
    this.storage = sql;
    this.size = size;
  }

  /** The table, created on first use: a room woken only to welcome a socket runs no DDL (bench S3). */
  private get sql(): SqlStorage {
    if (!this.ready) {
      this.storage.exec(`create table if not exists recent (
        seq integer primary key,
        client_id text,
        json text not null
      )`);
      this.storage.exec('create unique index if not exists recent_client_idx on recent (client_id)');
      this.storage.exec(`create table if not exists deletions (
        seq integer primary key,
        private integer not null,
        json text not null
      )`);
      this.ready = true;
    }
    return this.storage;
  }

  /** The storage was wiped (erasure): the table is created again on next use. */
  reset(): void {
    this.ready = false;
    this.clientIds = null;
    this.pending = [];
  }

  private ids(): Map<string, number> {
    if (!this.clientIds) {
      this.flush();
      const rows = this.sql.exec<{ seq: number; client_id: string | null }>('select seq, client_id from recent');
      this.clientIds = new Map();
      for (const r of rows) if (r.client_id !== null) this.clientIds.set(r.client_id, r.seq);
    }
    return this.clientIds;
  }

  /** A committed batch: pending until the next flush (at once when PENDING_MAX are waiting). */
  append(batch: readonly RoomMessage[]): void {
    for (const m of batch) if (m.clientId !== null) this.clientIds?.set(m.clientId, m.seq);
    this.pending.push(...batch);
    if (this.pending.length >= PENDING_MAX) this.flush();
  }

  /** Writes the pending messages: one insert per ROWS_PER_INSERT, and a trim every TRIM_SLACK or so. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    let last = 0;
    let first = Number.POSITIVE_INFINITY;
    for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
      const rows = batch.slice(i, i + ROWS_PER_INSERT);
      const values: (string | number | null)[] = [];
      for (const m of rows) {
        values.push(m.seq, m.clientId, JSON.stringify(m));
        last = Math.max(last, m.seq);
        first = Math.min(first, m.seq);
      }
      const placeholders = rows.map(() => '(?, ?, ?)').join(', ');
      this.sql.exec(`insert or replace into recent (seq, client_id, json) values ${placeholders}`, ...values);
    }
    const keepFrom = last - this.size;
    // Trim when the batch crosses a multiple of TRIM_SLACK: the window holds size to size + slack.
    if (keepFrom > 0 && Math.floor(last / TRIM_SLACK) > Math.floor((first - 1) / TRIM_SLACK)) {
      this.sql.exec('delete from recent where seq <= ?', keepFrom);
      if (this.clientIds) for (const [id, seq] of this.clientIds) if (seq <= keepFrom) this.clientIds.delete(id);
    }
  }

  byClientId(clientId: string): RoomMessage | null {
    const seq = this.ids().get(clientId);
    if (seq === undefined) return null;
    const waiting = this.pending.find((m) => m.seq === seq);
    if (waiting) return waiting;
    const row = this.sql.exec<Row>('select seq, json from recent where seq = ?', seq).toArray()[0];
    return row ? (JSON.parse(row.json) as RoomMessage) : null;
  }

  /** Messages with seq in (after, upTo], in order — or null when the window does not hold all of them. */
  range(after: number, upTo: number): RoomMessage[] | null {
    if (upTo <= after) return [];
    this.flush();
    const rows = this.sql
      .exec<Row>('select seq, json from recent where seq > ? and seq <= ? order by seq', after, upTo)
      .toArray();
    if (rows.length !== upTo - after) return null;
    return rows.map((r) => JSON.parse(r.json) as RoomMessage);
  }

  /** The message at `seq` was deleted: the window keeps its tombstone (no text, no attachment). */
  markDeleted(seq: number, deletedAt: string): void {
    this.flush();
    const row = this.sql.exec<Row>('select seq, json from recent where seq = ?', seq).toArray()[0];
    if (!row) return;
    const deleted = tombstone(JSON.parse(row.json) as RoomMessage, deletedAt);
    this.sql.exec('update recent set json = ? where seq = ?', JSON.stringify(deleted), seq);
  }

  /** Remembers a deletion for clients that resume later (the latest DELETIONS_KEPT). */
  recordDeletion(deletion: MessageDeletion, isPrivate: boolean): void {
    this.sql.exec(
      'insert or replace into deletions (seq, private, json) values (?, ?, ?)',
      deletion.seq,
      isPrivate ? 1 : 0,
      JSON.stringify(deletion),
    );
    this.sql.exec(
      'delete from deletions where seq not in (select seq from deletions order by rowid desc limit ?)',
      DELETIONS_KEPT,
    );
  }

  /** Remembered deletions of messages with seq ≤ `upTo` (private notes' only when `withPrivate`). */
  deletionsUpTo(upTo: number, withPrivate: boolean): MessageDeletion[] {
    // Every resume asks: a room that never deleted anything answers without creating its tables.
    if (
      !this.ready &&
      this.storage.exec("select 1 from sqlite_master where name = 'deletions'").toArray().length === 0
    ) {
      return [];
    }
    return this.sql
      .exec<{ json: string }>(
        'select json from deletions where seq <= ? and (private = 0 or ?) order by seq',
        upTo,
        withPrivate ? 1 : 0,
      )
      .toArray()
      .map((r) => JSON.parse(r.json) as MessageDeletion);
  }
}
