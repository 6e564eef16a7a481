// CSAT, in the lazy chunk of rare views (rare-views.tsx): once the conversation is resolved, the five
// faces (1–5) and, after one is chosen, an optional comment. A click records the rating at once
// through the room (`rate` frame); the comment follows as a change of the same rating. The room's
// `rating` frame is the answer the view shows; a face may be changed for 24 hours.
import { useState } from 'preact/hooks';
import type { ConversationRating } from '../../../../contract/ratings.ts';
import type { Dictionary } from '../i18n.ts';

/** The room's limit (RATING_LIMITS.commentMax in contract/ratings.ts). */
const COMMENT_MAX = 1000;

const FACES = [
  { face: '😠', word: 'rate1' },
  { face: '🙁', word: 'rate2' },
  { face: '😐', word: 'rate3' },
  { face: '🙂', word: 'rate4' },
  { face: '😄', word: 'rate5' },
] as const;

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
        {FACES.map((f, i) => (
          <button
            key={f.word}
            type="button"
            class="face"
            aria-pressed={chosen === i + 1}
            aria-label={t(f.word)}
            title={t(f.word)}
            disabled={sending}
            onClick={() => onRate(i + 1)}
          >
            <span aria-hidden="true">{f.face}</span>
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
