// The ConversationRoom's tunables. Tests tighten them on one instance through runInDurableObject.
import { AUTHORITY_CHECK_MS } from '../shared/authority.ts';
import type { BucketConfig } from './rate-limit.ts';

export interface RoomLimits {
  /** Sends waiting for the next commit; past it a sender gets `slow_down`. */
  queueMax: number;
  /** Messages per commit (one statement); a larger queue takes several commits. */
  batchMax: number;
  /** Messages per sender (all their sockets and REST sends). Generous for humans; a script flooding hits it. */
  send: BucketConfig;
  /** Every other frame (typing, read, resume, ping) per socket. */
  frames: BucketConfig;
  /** Close the Postgres connection after this long without use, so the room can hibernate. */
  idleCloseMs: number;
  /** Recent messages kept in the room's SQLite storage for resumes and retries. */
  windowSize: number;
  /** Read marks are written to Postgres at most this often per room. */
  readFlushMs: number;
  /** Suggested wait in `slow_down` errors. */
  slowDownRetryMs: number;
  /** Sockets' authority is re-checked against Postgres this often (the revocation backstop). */
  authorityCheckMs: number;
  /**
   * How long the conversation kept in storage may welcome a socket without Postgres after the
   * read that last confirmed it (the visitor's name and whether they are blocked may change
   * outside the room; a block also deletes it at once).
   */
  snapshotMaxAgeMs: number;
  /**
   * A write that ends within this long of the room's previous one finds the room busy: the
   * snapshot stays out of storage until no write has ended for this long, then it is saved with
   * the recent window. A busy room's commits so write nothing to storage (before: the snapshot's
   * delete before Postgres, then the window and the snapshot after, each an SQLite commit); a room
   * written to less often saves both right after the write (see RoomConversation, RecentWindow).
   */
  snapshotQuietMs: number;
}

export const ROOM_LIMITS: RoomLimits = {
  queueMax: 500,
  batchMax: 200,
  send: { capacity: 60, refillPerSecond: 10 },
  frames: { capacity: 120, refillPerSecond: 30 },
  idleCloseMs: 5_000,
  windowSize: 500,
  readFlushMs: 2_000,
  slowDownRetryMs: 250,
  authorityCheckMs: AUTHORITY_CHECK_MS,
  snapshotMaxAgeMs: 10 * 60_000,
  snapshotQuietMs: 1_000,
};
