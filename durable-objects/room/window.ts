// The room's recent-message window in its SQLite storage: serves resumes without Postgres and
// answers retried client ids without a round trip. It survives hibernation and restarts; Postgres
// stays the source of truth for anything older (or anything a crash kept out of the window). It also
// keeps the latest deletions, so a client resuming from a seq hears of deletions of messages it
// already had (those after its seq are replayed as tombstones).
import type { MessageDeletion } from '../../contract/frames.ts';
import { type RoomMessage, tombstone } from '../../core/conversations/message.ts';

type Row = { seq: number; json: string };

/** How many deletions a room remembers for resuming clients. */
export const DELETIONS_KEPT = 200;

export class RecentWindow {
  private readonly storage: SqlStorage;
  private readonly size: number;
  private ready = false;

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
  }

  append(batch: readonly RoomMessage[]): void {
    let last = 0;
    for (const m of batch) {
      this.sql.exec(
        'insert or replace into recent (seq, client_id, json) values (?, ?, ?)',
        m.seq,
        m.clientId,
        JSON.stringify(m),
      );
      last = Math.max(last, m.seq);
    }
    if (last > this.size) this.sql.exec('delete from recent where seq <= ?', last - this.size);
  }

  byClientId(clientId: string): RoomMessage | null {
    const row = this.sql.exec<Row>('select seq, json from recent where client_id = ?', clientId).toArray()[0];
    return row ? (JSON.parse(row.json) as RoomMessage) : null;
  }

  /** Messages with seq in (after, upTo], in order — or null when the window does not hold all of them. */
  range(after: number, upTo: number): RoomMessage[] | null {
    if (upTo <= after) return [];
    const rows = this.sql
      .exec<Row>('select seq, json from recent where seq > ? and seq <= ? order by seq', after, upTo)
      .toArray();
    if (rows.length !== upTo - after) return null;
    return rows.map((r) => JSON.parse(r.json) as RoomMessage);
  }

  /** Lowest seq held, or null when empty. */
  first(): number | null {
    const row = this.sql.exec<{ seq: number | null }>('select min(seq) as seq from recent').one();
    return row.seq;
  }

  /** The message at `seq` was deleted: the window keeps its tombstone (no text, no attachment). */
  markDeleted(seq: number, deletedAt: string): void {
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

  /** Forgets everything at or after `seq` (used when Postgres disagrees after a failed commit). */
  truncateFrom(seq: number): void {
    this.sql.exec('delete from recent where seq >= ?', seq);
  }
}
