// The visitor's rating of the conversation (CSAT), a small block under the header: the face and its
// word, the comment, and whether it rates the current resolution or an earlier one. Live: the room's
// `rating` frame (use-conversation-room.ts) replaces it the moment the visitor rates or changes it.
import type { ConversationRating } from '../../../../../contract/ratings.ts';
import { FACE_EYES, FACE_MOUTHS, FACE_OUTLINE } from '../../../../../ui-shared/rating-faces.ts';
import { relativeTime } from '../../../lib/format.ts';
import type { ConversationSummary } from '../../../lib/protocol.ts';

const WORDS = ['Very bad', 'Bad', 'OK', 'Good', 'Great'] as const;

export function RatingBlock({
  rating,
  conversation,
}: {
  rating: ConversationRating;
  conversation: ConversationSummary;
}) {
  const current = conversation.status === 'resolved' && conversation.resolvedAt === rating.resolvedAt;
  const tone = rating.rating >= 4 ? 'text-emerald-800' : rating.rating === 3 ? 'text-slate-700' : 'text-rose-800';
  return (
    <section
      aria-label="Visitor rating"
      data-testid="conversation-rating"
      data-rating={rating.rating}
      className="flex items-start gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2 text-sm md:px-5"
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" className={`mt-0.5 size-6 shrink-0 ${tone}`}>
        <path d={FACE_OUTLINE} fill="currentColor" />
        <path d={FACE_EYES} fill="currentColor" />
        <path
          d={FACE_MOUTHS[rating.rating - 1]}
          fill={rating.rating === 5 ? 'currentColor' : 'none'}
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <div className="min-w-0 flex-1">
        <p className={tone}>
          <span className="font-medium">
            Rated {WORDS[rating.rating - 1]} ({rating.rating}/5)
          </span>
          <span className="text-slate-600">
            {' · '}
            {relativeTime(rating.ratedAt)}
            {current ? '' : ' · an earlier resolution'}
          </span>
        </p>
        {rating.comment ? <p className="break-words text-slate-700">“{rating.comment}”</p> : null}
      </div>
    </section>
  );
}
