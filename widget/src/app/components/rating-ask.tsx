// CSAT, in the lazy chunk of rare views (rare-views.tsx): once the conversation is resolved, the five
// faces (1–5) and, after one is chosen, an optional comment. A click records the rating at once
// through the room (`rate` frame); the comment follows as a change of the same rating. The room's
// `rating` frame is the answer the view shows; a face may be changed for 24 hours.
import { useState } from 'preact/hooks';
import type { ConversationRating } from '../../../../contract/ratings.ts';
import { FACE_EYES, FACE_MOUTHS, FACE_OUTLINE } from '../../../../ui-shared/rating-faces.ts';
import type { Dictionary } from '../i18n.ts';

/** The room's limit (RATING_LIMITS.commentMax in contract/ratings.ts). */
const COMMENT_MAX = 1000;

const WORDS = ['rate1', 'rate2', 'rate3', 'rate4', 'rate5'] as const;

function Face({ rating }: { rating: number }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true">
      <path d={FACE_OUTLINE} fill="currentColor" />
      <path d={FACE_EYES} fill="currentColor" />
      <path
        d={FACE_MOUTHS[rating - 1]}
        fill={rating === 5 ? 'currentColor' : 'none'}
        stroke="currentColor"
        stroke-width="1.6"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}

interface Props {
  t(key: keyof Dictionary): string;
  /** This resolution's rating, once given. */
  rating: ConversationRating | null;
  sending: boolean;
  error: string | null;
  onRate(rating: number, comment?: string): void;
  onDismiss(): void;
}

export function RatingAsk({ t, rating, sending, error, onRate, onDismiss }: Props) {
  const [comment, setComment] = useState('');
  const chosen = rating?.rating ?? 0;
  const commented = Boolean(rating?.comment);
  return (
    <section class="rating-ask" aria-labelledby="parley-rate-title">
      <div class="rating-head">
        <p id="parley-rate-title">{chosen ? t('rateThanks') : t('rateAsk')}</p>
        {chosen ? null : (
          <button type="button" class="link" onClick={onDismiss}>
            {t('notNow')}
          </button>
        )}
      </div>
      <fieldset class="faces" aria-labelledby="parley-rate-title">
        {WORDS.map((word, i) => (
          <button
            key={word}
            type="button"
            class="face"
            aria-pressed={chosen === i + 1}
            aria-label={t(word)}
            title={t(word)}
            disabled={sending}
            onClick={() => onRate(i + 1)}
          >
            <Face rating={i + 1} />
          </button>
        ))}
      </fieldset>
      {chosen && !commented ? (
        <form
          class="rating-comment"
          onSubmit={(e) => {
            e.preventDefault();
            const value = comment.trim();
            if (value) onRate(chosen, value);
          }}
        >
          <label for="parley-rate-comment">{t('rateComment')}</label>
          <div class="email-row">
            <input
              id="parley-rate-comment"
              value={comment}
              maxLength={COMMENT_MAX}
              onInput={(e) => setComment(e.currentTarget.value)}
            />
            <button type="submit" class="primary" disabled={sending || !comment.trim()}>
              {t('rateSend')}
            </button>
          </div>
        </form>
      ) : null}
      {commented ? <p class="rating-done">{t('rateCommented')}</p> : null}
      {error ? (
        <p class="form-error" role="alert">
          {error === 'rating_closed' ? t('rateClosed') : t('rateFailed')}
        </p>
      ) : null}
    </section>
  );
}
