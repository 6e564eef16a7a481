// CSAT in the room's data layer: what a rating needs to be decided (`loadRatingFacts`), the decision
// as a pure function of those facts (`ratingRefusal`: resolved, CSAT on, within 24 h of the first
// rating), and the one statement that writes it with its `conversation.rated` outbox row
// (`writeRating`: a first rating inserts, a change within the window updates the same row). The
// ConversationRoom runs them under its write lock, so the read and the write see the same row.
import { sql } from 'drizzle-orm';
import { conversationRated } from '../../contract/events.ts';
import type { ErrorCode } from '../../contract/frames.ts';
import { type ConversationRating, RATING_LIMITS } from '../../contract/ratings.ts';
import type { Db } from '../platform/db.ts';

/** A rating row as the room reads it. */
export interface StoredRating {
  resolvedAt: Date;
  rating: number;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the decision needs: the conversation as it is now, the project's switch, the resolution's rating. */
export interface RatingFacts {
  status: string;
  resolvedAt: Date | null;
  assigneeId: string | null;
  csatEnabled: boolean;
  /** The current resolution's rating, if given. */
  existing: StoredRating | null;
}

export interface RatingInput {
  rating: number;
  /** Absent: keep the comment already given (a link click changes only the score). */
  comment?: string | null | undefined;
  /** The resolution the caller means (a rating link names one); absent: the current one. */
  resolvedAt?: Date | undefined;
}

export type Refusal = { code: ErrorCode; message: string };

/** Why this rating may not be recorded now, or null when it may. */
export function ratingRefusal(facts: RatingFacts, input: RatingInput, now: Date): Refusal | null {
  if (!facts.csatEnabled) return { code: 'csat_off', message: 'This project does not ask for ratings' };
  if (facts.status !== 'resolved' || !facts.resolvedAt) {
    return { code: 'not_resolved', message: 'Only a resolved conversation can be rated' };
  }
  if (input.resolvedAt && input.resolvedAt.getTime() !== facts.resolvedAt.getTime()) {
    return { code: 'not_resolved', message: 'The conversation was reopened since this link was sent' };
  }
  if (!Number.isInteger(input.rating) || input.rating < RATING_LIMITS.min || input.rating > RATING_LIMITS.max) {
    return { code: 'invalid_message', message: 'A rating is a whole number from 1 to 5' };
  }
  if ((input.comment?.length ?? 0) > RATING_LIMITS.commentMax) {
    return { code: 'invalid_message', message: `A comment has at most ${RATING_LIMITS.commentMax} characters` };
  }
  const first = facts.existing?.createdAt.getTime();
  if (first !== undefined && now.getTime() - first > RATING_LIMITS.changeWindowMs) {
    return { code: 'rating_closed', message: 'A rating can be changed for 24 hours after it was given' };
  }
  return null;
}

/** A comment as stored: trimmed, empty is none. */
export const cleanComment = (comment: string | null | undefined): string | null | undefined =>
  comment === undefined ? undefined : comment?.trim() || null;

type RatingRow = {
  resolved_at: Date | string;
  rating: number;
  comment: string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const fromRow = (r: RatingRow): StoredRating => ({
  resolvedAt: date(r.resolved_at),
  rating: Number(r.rating),
  comment: r.comment,
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
});

export function toWireRating(conversationId: string, r: StoredRating): ConversationRating {
  return {
    conversationId,
    resolvedAt: r.resolvedAt.toISOString(),
    rating: r.rating,
    comment: r.comment,
    ratedAt: r.updatedAt.toISOString(),
    changeableUntil: new Date(r.createdAt.getTime() + RATING_LIMITS.changeWindowMs).toISOString(),
  };
}

/** The SQL truth of whether the project asks for ratings (projects.widget_settings.csat, on unless false). */
export const CSAT_ENABLED = sql`coalesce((p.widget_settings->>'csat')::boolean, true)`;

export async function loadRatingFacts(
  db: Pick<Db, 'execute'>,
  conversationId: string,
  projectId: string,
): Promise<RatingFacts | null> {
  const result = await db.execute<{
    status: string;
    resolved_at: Date | string | null;
    assignee_id: string | null;
    csat_enabled: boolean;
    r_resolved_at: Date | string | null;
    r_rating: number | null;
    r_comment: string | null;
    r_created_at: Date | string | null;
    r_updated_at: Date | string | null;
  }>(sql`
    select c.status, c.resolved_at, c.assignee_id, ${CSAT_ENABLED} as csat_enabled,
      r.resolved_at as r_resolved_at, r.rating as r_rating, r.comment as r_comment,
      r.created_at as r_created_at, r.updated_at as r_updated_at
    from conversations c join projects p on p.id = c.project_id
      left join conversation_ratings r on r.conversation_id = c.id and r.resolved_at = c.resolved_at
    where c.id = ${conversationId} and c.project_id = ${projectId}`);
  const row = result.rows[0];
  if (!row) return null;
  const existing =
    row.r_resolved_at !== null && row.r_created_at !== null && row.r_updated_at !== null
      ? fromRow({
          resolved_at: row.r_resolved_at,
          rating: Number(row.r_rating),
          comment: row.r_comment,
          created_at: row.r_created_at,
          updated_at: row.r_updated_at,
        })
      : null;
  return {
    status: row.status,
    resolvedAt: row.resolved_at === null ? null : date(row.resolved_at),
    assigneeId: row.assignee_id,
    csatEnabled: row.csat_enabled,
    existing,
  };
}

/** The conversation's latest rating (of any resolution), for a socket's welcome. */
export async function latestRating(
  db: Pick<Db, 'execute'>,
  conversationId: string,
  projectId: string,
): Promise<StoredRating | null> {
  const result = await db.execute<RatingRow>(sql`
    select resolved_at, rating, comment, created_at, updated_at from conversation_ratings
    where conversation_id = ${conversationId} and project_id = ${projectId}
    order by resolved_at desc limit 1`);
  const row = result.rows[0];
  return row ? fromRow(row) : null;
}

/**
 * Records the rating of the resolution at `facts.resolvedAt` (checked by ratingRefusal first) and
 * its `conversation.rated` event, in one statement. Returns the row as stored.
 */
export async function writeRating(
  db: Db,
  ids: { conversationId: string; projectId: string },
  facts: RatingFacts & { resolvedAt: Date },
  input: RatingInput,
  now: Date,
): Promise<StoredRating> {
  const comment = input.comment === undefined ? (facts.existing?.comment ?? null) : input.comment;
  const event = conversationRated(ids.conversationId, ids.projectId, {
    resolvedAt: facts.resolvedAt.toISOString(),
    assigneeId: facts.assigneeId,
    rating: input.rating,
    previousRating: facts.existing?.rating ?? null,
    comment,
    ratedAt: now.toISOString(),
  });
  const result = await db.execute<RatingRow>(sql`
    with rated as (
      insert into conversation_ratings as r
        (project_id, conversation_id, resolved_at, rating, comment, assignee_id, created_at, updated_at)
      values (${ids.projectId}, ${ids.conversationId}, ${facts.resolvedAt}::timestamptz, ${input.rating},
        ${comment}, ${facts.assigneeId}::uuid, ${now}::timestamptz, ${now}::timestamptz)
      on conflict (conversation_id, resolved_at) do update set
        rating = excluded.rating, comment = excluded.comment, updated_at = excluded.updated_at,
        -- the event names who has the conversation now: the row follows, so a recount credits the same agent
        assignee_id = excluded.assignee_id
      returning r.resolved_at, r.rating, r.comment, r.created_at, r.updated_at
    ), events as (
      insert into outbox_events (project_id, aggregate_type, aggregate_id, type, payload, created_at)
      select ${ids.projectId}::uuid, 'conversation', ${ids.conversationId}::text, ${event.type}::text, ${JSON.stringify(event.payload)}::jsonb,
        ${now}::timestamptz
      from rated
      returning 1
    )
    select rated.* from rated`);
  const row = result.rows[0];
  if (!row) throw new Error('rating not written');
  return fromRow(row);
}
