// CSAT: the visitor's rating of one resolution of a conversation (1–5, the five faces, with an
// optional comment), as the room's frames, the rating links of the follow-up email and the
// `conversation.rated` event carry it. The widget imports the types and the plain limits only.
import { z } from 'zod';
import { text } from './text.ts';

/** Shared limits: the room is the authority, the widget and the rating page check them first. */
export const RATING_LIMITS = {
  min: 1,
  max: 5,
  /** A comment's length in UTF-16 code units. */
  commentMax: 1000,
  /** A rating may be changed for this long after it was first given; then `rating_closed`. */
  changeWindowMs: 24 * 3600 * 1000,
} as const;

export const ratingValue = z.number().int().min(RATING_LIMITS.min).max(RATING_LIMITS.max);

/** A comment as a visitor sends it: trimmed, empty means none. */
export const ratingComment = text().max(RATING_LIMITS.commentMax);

/** One resolution's rating, as the room tells both sides. */
export const conversationRating = z.object({
  conversationId: z.string(),
  /** Which resolution it rates: the conversation's `resolvedAt` then. */
  resolvedAt: z.string(),
  rating: ratingValue,
  comment: z.string().nullable(),
  /** When it was last given or changed. */
  ratedAt: z.string(),
  /** Until when the visitor may still change it (24 h after it was first given). */
  changeableUntil: z.string(),
});
export type ConversationRating = z.infer<typeof conversationRating>;
