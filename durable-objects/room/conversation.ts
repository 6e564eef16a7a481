// The room's copy of its conversation as committed: which conversation it serves (bound once, in
// storage, because the alarm has nothing else to go on), the row loaded once per wake, and the lock
// that serialises every write to Postgres so the copy always follows the last commit.
import { loadConversation } from '../../core/conversations/changes.ts';
import type { ConversationRef, Participant } from '../../core/conversations/room-api.ts';
import type { RoomState } from '../../core/conversations/state.ts';
import type { IdleDb } from '../shared/idle-db.ts';
import { RoomError } from './errors.ts';

const REF_KEY = 'ref';

export class RoomConversation {
  private readonly kv: SyncKvStorage;
  private readonly db: IdleDb;
  private readonly onLoad: (state: RoomState) => void;
  private state: RoomState | null = null;
  private loading: Promise<RoomState> | null = null;
  private writeLock: Promise<unknown> = Promise.resolve();
  private boundRef: ConversationRef | undefined;

  /** `onLoad` runs after every load from Postgres (a wake, or a commit whose outcome was unknown). */
  constructor(kv: SyncKvStorage, db: IdleDb, onLoad: (state: RoomState) => void) {
    this.kv = kv;
    this.db = db;
    this.onLoad = onLoad;
  }

  /** The copy in memory, if loaded. */
  get current(): RoomState | null {
    return this.state;
  }

  /** Takes the state a commit returned (built on the current copy, so nothing is lost). */
  adopt(state: RoomState): void {
    this.state = state;
  }

  /** Drops the copy: Postgres may know more than we do. */
  forget(): void {
    this.state = null;
  }

  /** The conversation was erased and the room's storage wiped: it serves nothing until bound again. */
  reset(): void {
    this.state = null;
    this.boundRef = undefined;
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
   * room loads the conversation anyway, so it checks here that it is in that project and is this
   * visitor's. An unbound room binds only once Postgres confirms the pair, so a token of another
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
      this.state ??= found;
      state = this.state;
    }
    return state.visitor.id === visitorId ? state : null;
  }

  /** The committed conversation, loading it once however many callers wait ('now': release Postgres at once). */
  loaded(release: 'idle' | 'now' = 'idle'): Promise<RoomState> {
    if (this.state) return Promise.resolve(this.state);
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
    this.state = state;
    this.onLoad(state);
    return state;
  }

  /** Runs `fn` after every other write of the room has settled. */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writeLock.then(fn, fn);
    this.writeLock = run.catch(() => undefined);
    return run;
  }
}
