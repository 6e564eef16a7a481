// Which conversation rooms hold a socket of which agent, in the ProjectInbox's SQLite storage: when
// an agent's authority ends, the inbox closes its own sockets and must reach those rooms too. Rooms
// report a socket's first open and last close; an entry a room failed to remove is found out when a
// revocation reaches that room and it reports none left, and is dropped then.
export class AgentRooms {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    sql.exec(
      'create table if not exists agent_rooms (user_id text not null, conversation_id text not null, at integer not null, primary key (user_id, conversation_id))',
    );
  }

  opened(userId: string, conversationId: string): void {
    this.sql.exec(
      'insert or replace into agent_rooms (user_id, conversation_id, at) values (?, ?, ?)',
      userId,
      conversationId,
      Date.now(),
    );
  }

  closed(userId: string, conversationId: string): void {
    this.sql.exec('delete from agent_rooms where user_id = ? and conversation_id = ?', userId, conversationId);
  }

  /** Erased conversations: no socket is left there to reach. */
  forgetConversations(conversationIds: readonly string[]): void {
    for (const id of conversationIds) this.sql.exec('delete from agent_rooms where conversation_id = ?', id);
  }

  /** The conversations where `userId` may have a socket open. */
  of(userId: string): string[] {
    return this.sql
      .exec<{ conversation_id: string }>('select conversation_id from agent_rooms where user_id = ?', userId)
      .toArray()
      .map((r) => r.conversation_id);
  }
}
