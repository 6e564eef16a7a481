// The newest revision the inbox pushed for each conversation, in the DO's SQLite storage: pushes
// arrive from the events consumer and from rooms in no guaranteed order, and a push older than
// one already made must not overwrite the dashboards' newer copy.
const KEEP_MS = 60 * 60 * 1000;

export class Revisions {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    sql.exec(
      'create table if not exists revisions (conversation_id text primary key, revision integer not null, at integer not null)',
    );
  }

  /** Records `revision` unless a newer one was pushed; false means the push is stale. */
  advance(conversationId: string, revision: number): boolean {
    const row = this.sql
      .exec<{ revision: number }>('select revision from revisions where conversation_id = ?', conversationId)
      .toArray()[0];
    if (row && row.revision > revision) return false;
    this.sql.exec(
      'insert or replace into revisions (conversation_id, revision, at) values (?, ?, ?)',
      conversationId,
      revision,
      Date.now(),
    );
    return true;
  }

  /** Erased conversations: nothing will be pushed for them again. */
  forget(conversationIds: readonly string[]): void {
    for (const id of conversationIds) this.sql.exec('delete from revisions where conversation_id = ?', id);
  }

  /** Reordering happens within seconds: entries untouched for an hour are not needed any more. */
  prune(): void {
    this.sql.exec('delete from revisions where at < ?', Date.now() - KEEP_MS);
  }
}
