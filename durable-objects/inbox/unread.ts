// The inbox's set of conversations with unread visitor messages, in the DO's SQLite storage so it
// survives hibernation. Resynced from Postgres by the Worker whenever a dashboard connects.
import type { ConversationSummary } from '../../contract/frames.ts';

export interface UnreadEntry {
  conversationId: string;
  assigneeId: string | null;
}

export interface UnreadCounts {
  mine: number;
  unassigned: number;
  all: number;
}

/** Conversations that count as waiting: unread by agents and not resolved or snoozed. */
export const isUnread = (c: Pick<ConversationSummary, 'unreadByAgent' | 'status'>) =>
  c.unreadByAgent > 0 && (c.status === 'open' || c.status === 'pending');

export class UnreadSet {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    sql.exec('create table if not exists unread (conversation_id text primary key, assignee_id text)');
  }

  replace(entries: readonly UnreadEntry[]): void {
    this.sql.exec('delete from unread');
    for (const e of entries) {
      this.sql.exec('insert into unread (conversation_id, assignee_id) values (?, ?)', e.conversationId, e.assigneeId);
    }
  }

  /** Erased conversations leave the set; true when that changed the counts. */
  forget(conversationIds: readonly string[]): boolean {
    let changed = false;
    for (const id of conversationIds) {
      const before = this.sql
        .exec<{ n: number }>('select count(*) as n from unread where conversation_id = ?', id)
        .one();
      if (before.n > 0) {
        this.sql.exec('delete from unread where conversation_id = ?', id);
        changed = true;
      }
    }
    return changed;
  }

  /** Applies a conversation's new summary; true when the set changed. */
  apply(c: Pick<ConversationSummary, 'id' | 'assigneeId' | 'unreadByAgent' | 'status'>): boolean {
    const current = this.sql
      .exec<{ assignee_id: string | null }>('select assignee_id from unread where conversation_id = ?', c.id)
      .toArray()[0];
    if (isUnread(c)) {
      if (current && current.assignee_id === c.assigneeId) return false;
      this.sql.exec('insert or replace into unread (conversation_id, assignee_id) values (?, ?)', c.id, c.assigneeId);
      return true;
    }
    if (!current) return false;
    this.sql.exec('delete from unread where conversation_id = ?', c.id);
    return true;
  }

  counts(userId: string): UnreadCounts {
    const row = this.sql
      .exec<{ mine: number; unassigned: number; all: number }>(
        `select coalesce(sum(case when assignee_id = ? then 1 else 0 end), 0) as mine,
                coalesce(sum(case when assignee_id is null then 1 else 0 end), 0) as unassigned,
                count(*) as "all"
         from unread`,
        userId,
      )
      .one();
    return { mine: row.mine, unassigned: row.unassigned, all: row.all };
  }
}
