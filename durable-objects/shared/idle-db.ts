// A Durable Object's Postgres connection, opened on first use and closed after a short idle time:
// an open outbound socket keeps a DO awake (and billed) and stops it from hibernating.
import type { Config } from '../../core/platform/config.ts';
import { connectDb, type DbConnection } from '../../core/platform/db.ts';
import { pgError } from '../../core/platform/pg-errors.ts';

export class IdleDb {
  private readonly config: Config;
  /** Read at each release, so a room's limits can change at run time. */
  private readonly idleMs: () => number;
  private connection: Promise<DbConnection> | null = null;
  private users = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(config: Config, idleMs: () => number) {
    this.config = config;
    this.idleMs = idleMs;
  }

  get open(): boolean {
    return this.connection !== null;
  }

  /**
   * Runs `fn` on the connection. `release: 'now'` closes it as soon as nobody else uses it, for
   * work that is rarely followed by more (a room woken only to welcome a socket): an open socket
   * or a pending timer keeps the object from hibernating.
   */
  async use<T>(fn: (connection: DbConnection) => Promise<T>, release: 'idle' | 'now' = 'idle'): Promise<T> {
    clearTimeout(this.timer);
    this.users += 1;
    try {
      return await fn(await this.connect());
    } catch (err) {
      if (!pgError(err)) this.drop();
      throw err;
    } finally {
      this.users -= 1;
      if (this.users === 0) {
        if (release === 'now') this.drop();
        else this.timer = setTimeout(() => this.drop(), this.idleMs());
      }
    }
  }

  /** Re-arms the idle timer with the current idle time (after the room's limits changed). */
  rearm(): void {
    if (this.users > 0 || !this.connection) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.drop(), this.idleMs());
  }

  /** Closes the connection now (idle timer, broken connection, or the object going away). */
  drop(): void {
    clearTimeout(this.timer);
    const connection = this.connection;
    this.connection = null;
    if (connection) {
      connection.then((c) => c.close()).catch(() => undefined);
    }
  }

  private connect(): Promise<DbConnection> {
    if (!this.connection) {
      const opening = connectDb(this.config).then((c) => {
        // A dropped connection must not be reused: forget it so the next use reconnects.
        const forget = () => {
          if (this.connection === opening) this.connection = null;
        };
        c.client.on('end', forget);
        c.client.on('error', forget);
        return c;
      });
      opening.catch(() => {
        if (this.connection === opening) this.connection = null;
      });
      this.connection = opening;
    }
    return this.connection;
  }
}
