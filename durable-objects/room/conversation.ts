// The room's copy of its conversation as committed: which conversation it serves (bound once, in
// storage, because the alarm has nothing else to go on), the row loaded from Postgres, and the lock
// that serialises every write to Postgres so the copy always follows the last commit. The copy is
// also kept in storage (the snapshot), so a room woken by a reconnect welcomes it without Postgres:
// the room is the only writer of what the copy holds but the visitor's profile, and the snapshot is
// out of storage whenever a write is in flight, so a crash between Postgres's commit and ours never
// leaves a snapshot behind Postgres. A busy room (writes less than `snapshotQuietMs` apart) keeps it
// out until it is quiet, so its commits write nothing to storage (the recent window is saved with
// the snapshot, RecentWindow). It is trusted for `snapshotMaxAgeMs` after the Postgres read that
// confirmed the visitor (blocked or not, their name); a revocation deletes it (forget).
import { loadConversation } from '../../core/conversations/changes.ts';
import type { ConversationRef, Participant } from '../../core/conversations/room-api.ts';
import type { RoomState } from '../../core/conversations/state.ts';
import type { IdleDb } from '../shared/idle-db.ts';
import { RoomError } from './errors.ts';
import type { RoomLimits } from './limits.ts';

const REF_KEY = 'ref';
const SNAPSHOT_KEY = 'snapshot';

/** The copy as kept in storage, and when Postgres last confirmed it (the visitor included). */
interface Snapshot {
  state: RoomState;
  checkedAt: number;
}

export class RoomConversation {
  private readonly kv: SyncKvStorage;
  private readonly db: IdleDb;
  private readonly onLoad: (state: RoomState) => void;
  /** snapshotMaxAgeMs and snapshotQuietMs, read at each use. */
  private readonly limits: () => Pick<RoomLimits, 'snapshotMaxAgeMs' | 'snapshotQuietMs'>;
  private state: RoomState | null = null;
  /** When Postgres last confirmed the copy (0: never, in this instance or its snapshot). */
  private confirmedAt = 0;
  private loading: Promise<RoomState> | null = null;
  private writeLock: Promise<unknown> = Promise.resolve();
  private boundRef: ConversationRef | undefined;
  /** A write under the lock is in flight (the lock runs one at a time): no snapshot is saved. */
  private writing = false;
  /** Whether storage may hold a snapshot (unknown at wake: it may). */
  private stored = true;
  /** When the last write under the lock ended (0: none in this instance). */
  private lastWriteEnded = 0;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;

  /** Writes the recent window's pending messages (RecentWindow.flush). */
  private readonly flushWindow: () => void;

  /**
   * `onLoad` runs after every load from Postgres (a wake, or a commit whose outcome was unknown).
   * `flushWindow` runs before each save of the snapshot, in the same SQLite commit, so a snapshot in
   * storage never points past the window there.
   */
  constructor(
    kv: SyncKvStorage,
    db: IdleDb,
    onLoad: (state: RoomState) => void,
    limits: () => Pick<RoomLimits, 'snapshotMaxAgeMs' | 'snapshotQuietMs'>,
    flushWindow: () => void,
  ) {
    this.kv = kv;
    this.db = db;
    this.onLoad = onLoad;
    this.limits = limits;
    this.flushWindow = flushWindow;
  }

  /** The copy in memory, if loaded. */
  get current(): RoomState | null {
    return this.state;
  }

  /** When Postgres last confirmed the copy, its visitor included (ms; 0 when not loaded). */
  get checkedAt(): number {
    return this.confirmedAt;
  }

  /** Takes the state a commit returned (built on the current copy, so nothing is lost). */
  adopt(state: RoomState): void {
    this.state = state;
    this.save();
  }

  /** Drops the copy, in memory and in storage: Postgres may know more than we do. */
  forget(): void {
    this.state = null;
    this.confirmedAt = 0;
    this.unstore();
  }

  /** The conversation was erased and the room's storage wiped: it serves nothing until bound again. */
  reset(): void {
    this.state = null;
    this.confirmedAt = 0;
    this.boundRef = undefined;
    this.stored = false;
    this.cancelQuietSave();
  }

  /** The conversation this room serves, from storage once per instance (it never changes). */
  ref(): ConversationRef | undefined {
    this.boundRef ??= this.kv.get<ConversationRef>(REF_KEY);
    return this.boundRef;
  }

  /** Remembers which conversation this room serves; refuses any other. */
  bind(ref: ConversationRef): void {
    const known = this.ref();
    if (!known) {
      this.kv.put(REF_KEY, ref);
      this.boundRef = ref;
    } else if (known.id !== ref.id || known.projectId !== ref.projectId)
      throw new Error('room bound to another conversation');
  }

  /** The conversation for a socket being accepted; null when a visitor's is not theirs. */
  admit(ref: ConversationRef, participant: Participant): Promise<RoomState | null> {
    if (participant.kind === 'visitor') return this.forVisitor(ref, participant.id);
    this.bind(ref);
    // Most sockets arrive and stay silent: a room woken for one lets Postgres go at once.
    return this.loaded('now');
  }

  /**
   * For a visitor the Worker checked only the token (project and visitor), not Postgres: the
   * room loads the conversation anyway (or has it, or its snapshot), so it checks here that it is
   * in that project and is this visitor's. An unbound room binds only once Postgres confirms the pair, so a token of another
   * project cannot tie the room to the wrong one. Null: not theirs (a 404, like a missing one).
   */
  private async forVisitor(ref: ConversationRef, visitorId: string): Promise<RoomState | null> {
    const known = this.ref();
    let state: RoomState;
    if (known) {
      if (known.id !== ref.id || known.projectId !== ref.projectId) return null;
      state = await this.loaded('now');
    } else {
      const found = await this.db.use(({ db }) => loadConversation(db, ref.id, ref.projectId), 'now');
      if (!found) return null;
      this.bind(ref);
      if (!this.state) this.confirm(found);
      state = this.state ?? found;
    }
    return state.visitor.id === visitorId ? state : null;
  }

  /** The committed conversation, loading it once however many callers wait ('now': release Postgres at once). */
  loaded(release: 'idle' | 'now' = 'idle'): Promise<RoomState> {
    const copy = this.state ?? this.restore();
    if (copy) return Promise.resolve(copy);
    this.loading ??= this.load(release).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(release: 'idle' | 'now'): Promise<RoomState> {
    const ref = this.ref();
    if (!ref) throw new RoomError('not_found', 'Conversation not found');
    const state = await this.db.use(({ db }) => loadConversation(db, ref.id, ref.projectId), release);
    if (!state) throw new RoomError('not_found', 'Conversation not found');
    this.confirm(state);
    this.onLoad(state);
    return state;
  }

  /** A copy Postgres just gave us (conversation and visitor): in memory and in storage. */
  private confirm(state: RoomState): void {
    this.state = state;
    this.confirmedAt = Date.now();
    this.save();
  }

  /**
   * Writes the window's pending messages and stores the copy as the snapshot, in one SQLite commit;
   * nothing while a write is in flight (the write's end saves).
   */
  private save(): void {
    if (this.writing) return;
    this.cancelQuietSave();
    this.flushWindow();
    if (!this.state || this.confirmedAt === 0) return;
    this.kv.put<Snapshot>(SNAPSHOT_KEY, { state: this.state, checkedAt: this.confirmedAt });
    this.stored = true;
  }

  /** Takes the snapshot out of storage (a delete only when one may be there). */
  private unstore(): void {
    this.cancelQuietSave();
    if (!this.stored) return;
    this.kv.delete(SNAPSHOT_KEY);
    this.stored = false;
  }

  private cancelQuietSave(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }

  /**
   * A write ended. A room written to again within snapshotQuietMs is busy: it saves the snapshot
   * once no write has ended for that long, so its next commits need no delete first. Otherwise it
   * saves now, in the same SQLite commit as the write's own (the window).
   */
  private writeEnded(): void {
    const now = Date.now();
    const { snapshotQuietMs } = this.limits();
    const busy = this.lastWriteEnded > 0 && now - this.lastWriteEnded < snapshotQuietMs;
    this.lastWriteEnded = now;
    if (!busy) {
      this.save();
      return;
    }
    this.cancelQuietSave();
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      this.save();
    }, snapshotQuietMs);
  }

  /** The snapshot in storage, when young enough to stand in for Postgres (a wake after hibernation or a restart). */
  private restore(): RoomState | null {
    const snapshot = this.kv.get<Snapshot>(SNAPSHOT_KEY);
    if (!snapshot || Date.now() - snapshot.checkedAt >= this.limits().snapshotMaxAgeMs) return null;
    this.state = snapshot.state;
    this.confirmedAt = snapshot.checkedAt;
    // Sockets that hibernated behind its lastSeq are caught up, as after a load.
    this.onLoad(snapshot.state);
    return snapshot.state;
  }

  /**
   * Runs `fn` after every other write of the room has settled. The snapshot is out of storage while
   * `fn` runs (it may commit to Postgres) and is saved again after it, whatever the outcome: at
   * once, or when the room is quiet (writeEnded).
   */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const guarded = async () => {
      this.writing = true;
      this.unstore();
      try {
        return await fn();
      } finally {
        this.writing = false;
        this.writeEnded();
      }
    };
    const run = this.writeLock.then(guarded, guarded);
    this.writeLock = run.catch(() => undefined);
    return run;
  }
}
