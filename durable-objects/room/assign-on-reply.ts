// Assignment by reply: when the project turns it on (conversation_settings.assign_on_reply), an
// agent's public reply to an unassigned conversation assigns it to that agent, as Intercom and
// Crisp offer. It runs after the reply is committed and acked, never in the send path: the
// assignment is the room's ordinary one (its own statement with a `conversation.assigned` outbox
// row, a `conversation` frame, the inbox told by the events consumer), taken under the room's
// write lock and only while nobody is assigned, so a teammate's assignment in between wins. A
// private note assigns nothing (it is not an answer), nor does a visitor or a system message.
import { sql } from 'drizzle-orm';
import type { RoomMessage } from '../../core/conversations/message.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import type { RoomContext } from './context.ts';

/** How long a room trusts the project's setting it read (a Manager's change reaches every room within it). */
export const SETTING_TTL_MS = 30_000;

/** The agent whose public reply in this batch would take the conversation: the first to reply. */
export function replier(batch: readonly RoomMessage[]): string | null {
  const reply = batch.find((m) => m.author.kind === 'agent' && !m.private && m.author.id);
  return reply?.author.id ?? null;
}

export class AssignOnReply {
  private readonly room: RoomContext;
  /** Assigns under the room's write lock, only if nobody is assigned by then. */
  private readonly assign: (agentId: string) => Promise<unknown>;
  private setting: { projectId: string; on: boolean; readAt: number } | null = null;

  constructor(room: RoomContext, assign: (agentId: string) => Promise<unknown>) {
    this.room = room;
    this.assign = assign;
  }

  /** After a committed batch (the state it left): starts the assignment in the background when due. */
  committed(batch: readonly RoomMessage[], state: { projectId: string; assigneeId: string | null }): void {
    if (state.assigneeId !== null) return;
    const agentId = replier(batch);
    if (!agentId) return;
    this.room.background(
      this.run(state.projectId, agentId).catch((err) => log.error('assign on reply failed', errorFields(err))),
    );
  }

  private async run(projectId: string, agentId: string): Promise<void> {
    if (await this.enabled(projectId)) await this.assign(agentId);
  }

  private async enabled(projectId: string): Promise<boolean> {
    const cached = this.setting;
    if (cached && cached.projectId === projectId && Date.now() - cached.readAt < SETTING_TTL_MS) return cached.on;
    const rows = await this.room.db.use(({ db }) =>
      db.execute<{ on: boolean }>(
        sql`select assign_on_reply as on from conversation_settings where project_id = ${projectId}`,
      ),
    );
    const on = rows.rows[0]?.on === true;
    this.setting = { projectId, on, readAt: Date.now() };
    return on;
  }
}
