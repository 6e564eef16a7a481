// A Durable Object's Postgres connection, opened on first use and closed after a short idle time:
// an open outbound socket keeps a DO awake (and billed) and stops it from hibernating. A connection
// is only ever ended drained: one given up (idle, broken, dropped) is forgotten at once, so no new
// use gets it, and ended when its last use returns. Ending it under a query still being written made
// the Neon driver write to its closed WebSocket: an uncaught exception that takes the object down.
import type { Config } from '../../core/platform/config.ts';
import { connectDb, type DbConnection } from '../../core/platform/db.ts';
import { pgError } from '../../core/platform/pg-errors.ts';

/** One connection and the uses running on it. */
interface Lease {
  connection: Promise<DbConnection>;
  users: number;
  /** Given up: no new use gets it; it is ended when `users` reaches 0. */
  retired: boolean;
  ended: boolean;
}

export class IdleDb {
  private readonly config: Config;
  /** Read at each release, so a room's limits can change at run time. */
  private readonly idleMs: () => number;
  private current: Lease | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Uses since this instance started (tests count a room's Postgres work with it). */
  uses = 0;

  constructor(config: Config, idleMs: () => number) {
    this.config = config;
    this.idleMs = idleMs;
  }

  get open(): boolean {
    return this.current !== null;
  }

  /**
   * Runs `fn` on the connection. `release: 'now'` closes it as soon as nobody else uses it, for
   * work that is rarely followed by more (a room woken only to welcome a socket): an open socket
   * or a pending timer keeps the object from hibernating.
   */
  async use<T>(fn: (connection: DbConnection) => Promise<T>, release: 'idle' | 'now' = 'idle'): Promise<T> {
    clearTimeout(this.timer);
    this.uses += 1;
    const lease = this.lease();
    lease.users += 1;
    try {
      return await fn(await lease.connection);
    } catch (err) {
      // Anything but a Postgres error leaves the connection suspect: no one else gets it.
      if (!pgError(err)) this.retire(lease);
      throw err;
    } finally {
      lease.users -= 1;
      if (lease.retired) this.endIfDrained(lease);
      else if (lease.users === 0) {
        if (release === 'now') this.drop();
        else this.timer = setTimeout(() => this.drop(), this.idleMs());
      }
    }
  }

  /** Re-arms the idle timer with the current idle time (after the room's limits changed). */
  rearm(): void {
    if (!this.current || this.current.users > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.drop(), this.idleMs());
  }

  /** Gives the connection up now (idle timer, or the object going away); it ends once drained. */
  drop(): void {
    clearTimeout(this.timer);
    if (this.current) this.retire(this.current);
  }

  private retire(lease: Lease): void {
    if (this.current === lease) this.current = null;
    lease.retired = true;
    this.endIfDrained(lease);
  }

  private endIfDrained(lease: Lease): void {
    if (lease.users > 0 || lease.ended) return;
    lease.ended = true;
    lease.connection.then((c) => c.close()).catch(() => undefined);
  }

  private lease(): Lease {
    if (this.current) return this.current;
    const lease: Lease = { connection: connectDb(this.config), users: 0, retired: false, ended: false };
    lease.connection.then(
      (c) => {
        // A connection Postgres or the network dropped must not be reused: the next use reconnects.
        const forget = () => {
          if (this.current === lease) this.current = null;
          lease.retired = true;
        };
        c.client.on('end', forget);
        c.client.on('error', forget);
      },
      () => {
        if (this.current === lease) this.current = null;
        lease.retired = true;
      },
    );
    this.current = lease;
    return lease;
  }
}
