// The project's availability, kept by its inbox: business hours (pushed by the Worker when a
// Manager saves them or a widget session starts), the agents online (the inbox's own sockets) and
// the rooms with open visitor sockets (registered by the rooms). When the answer changes — the last
// agent leaves, one arrives, a Manager forces away, the hours open or close — every registered room
// is told once and tells its visitors (`availability` frame). Hours boundaries come from the alarm.
import {
  type Availability,
  type BusinessHours,
  businessHours,
  DEFAULT_BUSINESS_HOURS,
} from '../../contract/availability.ts';
import { availabilityAt, nextChange, sameAvailability } from '../../core/availability/hours.ts';
import { errorFields, log } from '../../core/platform/log.ts';

const HOURS_KEY = 'availability:hours';
const LAST_KEY = 'availability:last';
const BOUNDARY_KEY = 'availability:boundary';

export class InboxAvailability {
  private readonly ctx: DurableObjectState;
  private readonly env: Env;

  constructor(ctx: DurableObjectState, env: Env) {
    this.ctx = ctx;
    this.env = env;
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS visitor_rooms (conversation_id TEXT PRIMARY KEY)');
  }

  /** The hours last pushed (the defaults — always inside hours — until then). */
  hours(): BusinessHours {
    const stored = businessHours.safeParse(this.ctx.storage.kv.get(HOURS_KEY));
    return stored.success ? stored.data : DEFAULT_BUSINESS_HOURS;
  }

  /** Stores the project's hours; returns whether they changed. */
  configure(hours: BusinessHours | null): boolean {
    const next = hours ?? DEFAULT_BUSINESS_HOURS;
    if (JSON.stringify(this.hours()) === JSON.stringify(next)) return false;
    this.ctx.storage.kv.put(HOURS_KEY, next);
    return true;
  }

  current(onlineAgents: number, now = Date.now()): Availability {
    return availabilityAt(this.hours(), onlineAgents, now);
  }

  /** A room registers, having been handed `current` (so the next change is measured from it). */
  roomOpened(conversationId: string, current: Availability): void {
    this.ctx.storage.sql.exec('INSERT OR IGNORE INTO visitor_rooms (conversation_id) VALUES (?)', conversationId);
    // Written only when it changed: every visitor's connect comes through here, and a write is a
    // storage commit on the one object all of a project's visitors share (a reconnect storm).
    if (!sameAvailability(this.last(), current)) this.ctx.storage.kv.put(LAST_KEY, current);
  }

  private last(): Availability | null {
    return this.ctx.storage.kv.get<Availability>(LAST_KEY) ?? null;
  }

  roomClosed(conversationId: string): void {
    this.ctx.storage.sql.exec('DELETE FROM visitor_rooms WHERE conversation_id = ?', conversationId);
  }

  /** Rooms forgotten with their conversations (erasure). */
  forget(conversationIds: readonly string[]): void {
    for (const id of conversationIds) this.roomClosed(id);
  }

  /**
   * Recomputes the availability; when it differs from what the rooms were last told, tells every
   * registered room (a room with no visitor socket left is dropped). With no room registered
   * nothing is written (an erased inbox stays empty). Then re-arms the boundary.
   */
  async refresh(onlineAgents: number, now = Date.now()): Promise<Availability> {
    const next = this.current(onlineAgents, now);
    // Every visitor's connect refreshes: the registered rooms are read only when they must be told
    // (reading them all on each connect made a project's N connects cost N² row reads).
    if (!this.anyRoom()) this.ctx.storage.kv.delete(LAST_KEY);
    else if (!sameAvailability(this.last(), next)) {
      this.ctx.storage.kv.put(LAST_KEY, next);
      await this.notifyRooms(this.rooms(), next);
    }
    await this.arm(now);
    return next;
  }

  /** Whether the alarm firing now is (also) an hours boundary. */
  due(now = Date.now()): boolean {
    const boundary = this.ctx.storage.kv.get<number>(BOUNDARY_KEY);
    return boundary !== undefined && boundary <= now;
  }

  /** The alarm fires at the next opening or closing at the latest (it may be set earlier by the re-check). */
  async arm(now = Date.now()): Promise<void> {
    const boundary = nextChange(this.hours(), now);
    if (boundary === null) {
      this.ctx.storage.kv.delete(BOUNDARY_KEY);
      return;
    }
    if (this.ctx.storage.kv.get<number>(BOUNDARY_KEY) !== boundary) this.ctx.storage.kv.put(BOUNDARY_KEY, boundary);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > boundary) await this.ctx.storage.setAlarm(boundary);
  }

  private anyRoom(): boolean {
    return this.ctx.storage.sql.exec('SELECT 1 FROM visitor_rooms LIMIT 1').toArray().length > 0;
  }

  private rooms(): string[] {
    return this.ctx.storage.sql
      .exec<{ conversation_id: string }>('SELECT conversation_id FROM visitor_rooms')
      .toArray()
      .map((r) => r.conversation_id);
  }

  private async notifyRooms(ids: string[], availability: Availability): Promise<void> {
    const results = await Promise.allSettled(
      ids.map((id) => this.env.CONVERSATION_ROOM.getByName(id).availabilityChanged(availability)),
    );
    results.forEach((result, i) => {
      const id = ids[i];
      if (!id) return;
      if (result.status === 'fulfilled' && result.value === 0) this.roomClosed(id);
      if (result.status === 'rejected')
        log.error('availability push failed', { conversationId: id, ...errorFields(result.reason) });
    });
  }
}
