// CSAT in the room: a visitor's `rate` frame (or the Worker's rating link, over RPC) is decided and
// written under the room's write lock (core/conversations/ratings.ts), then every socket hears the
// `rating` frame — agents see it live, the visitor's other tabs stop asking. A socket opening on a
// conversation that was ever resolved gets the latest rating after its welcome.
import type { ConversationRating } from '../../contract/ratings.ts';
import {
  cleanComment,
  latestRating,
  loadRatingFacts,
  type RatingInput,
  ratingRefusal,
  type StoredRating,
  toWireRating,
  writeRating,
} from '../../core/conversations/ratings.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import type { RoomContext } from './context.ts';
import { sendFrame } from './delivery.ts';
import { RoomError } from './errors.ts';

/** Who rates: the visitor on a socket (their id), or the holder of a signed rating link (the conversation's visitor). */
export type Rater = { kind: 'visitor'; id: string } | { kind: 'link' } | { kind: 'agent'; id: string };

export class RoomRatings {
  private readonly room: RoomContext;
  /** The latest rating, once read (undefined: not yet). Only this room writes ratings, so it stays true. */
  private latest: StoredRating | null | undefined;

  constructor(room: RoomContext) {
    this.room = room;
  }

  reset(): void {
    this.latest = undefined;
  }

  /** After a socket's welcome: the latest rating, when the conversation was ever resolved. Never throws. */
  async greet(ws: WebSocket): Promise<void> {
    try {
      const state = await this.room.conversation.loaded('now');
      if (!state.resolvedAt) return;
      this.latest ??= await this.room.db.use(({ db }) => latestRating(db, state.id, state.projectId), 'now');
      if (this.latest) sendFrame(ws, { type: 'rating', rating: toWireRating(state.id, this.latest) });
    } catch (err) {
      log.error('rating greet failed', errorFields(err));
    }
  }

  /** Runs under the room's write lock (the caller takes it). */
  async rate(by: Rater, input: RatingInput): Promise<ConversationRating> {
    const { room } = this;
    if (by.kind === 'agent') throw new RoomError('forbidden', 'Only the visitor rates a conversation');
    const state = await room.conversation.loaded();
    if (by.kind === 'visitor' && by.id !== state.visitor.id) throw new RoomError('forbidden', 'Not your conversation');
    const now = new Date();
    const clean: RatingInput = { ...input, comment: cleanComment(input.comment) };
    const facts = await room.db.use(({ db }) => loadRatingFacts(db, state.id, state.projectId));
    if (!facts) throw new RoomError('not_found', 'Conversation not found');
    const refusal = ratingRefusal(facts, clean, now);
    if (refusal) throw new RoomError(refusal.code, refusal.message);
    const resolvedAt = facts.resolvedAt;
    if (!resolvedAt) throw new RoomError('not_resolved', 'Only a resolved conversation can be rated');
    const stored = await room.db.use(({ db }) =>
      writeRating(db, { conversationId: state.id, projectId: state.projectId }, { ...facts, resolvedAt }, clean, now),
    );
    this.latest = stored;
    room.nudgeRelay();
    const rating = toWireRating(state.id, stored);
    room.broadcast({ type: 'rating', rating });
    log.info('conversation rated', { outcome: facts.existing ? 'changed' : 'rated' });
    return rating;
  }
}
