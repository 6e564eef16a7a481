// The rating links of the follow-up email (docs/EMAIL.md "Rating links"), on Parley's own origin,
// outside /api, HTML:
// - GET /rate/:id?exp&kid&sig — `id` is `<conversation>.<resolution ms>.<score>`, signed under the
//   purpose `csat-rating` (worker/notifications/links.ts). Records that score for that resolution
//   through the conversation's room (the same decision, write, event and live broadcast as the
//   widget's `rate` frame) and shows a thank-you page with an optional comment form.
// - POST /rate/:id?exp&kid&sig — the form: the comment, with the link's score.
// A link that is expired or forged gets a 403 page (`link_expired` / `link_invalid`); a refusal of
// the room (`not_resolved`, `rating_closed`, `csat_off`, `invalid_message`) a 4xx page naming it.
// Nothing is written then.
import { sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import type { ErrorCode } from '../../contract/frames.ts';
import { RATING_LIMITS } from '../../contract/ratings.ts';
import { isStorableText } from '../../contract/text.ts';
import { log } from '../../core/platform/log.ts';
import type { AppEnv } from '../app-env.ts';
import { roomFor } from '../conversations/rooms.ts';
import { escapeHtml } from '../notifications/html.ts';
import { checkLink, faceOf, parseRatingId, RATING_PURPOSE, type RatingTarget } from '../notifications/links.ts';

const RATE_CSS = `.face{font-size:3rem;line-height:1;margin:0 0 .5rem}
textarea{box-sizing:border-box;width:100%;min-height:6rem;font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:8px;margin:.25rem 0 .75rem}
label{display:block;font-weight:600}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/email/page.css"><link rel="stylesheet" href="/rate/page.css"></head>
<body>${body}</body></html>`;
}

const html = (body: string, status: 200 | 400 | 403 | 404 | 409 | 503 = 200) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });

const REFUSALS: Partial<Record<ErrorCode, { status: 400 | 403 | 404 | 409; text: string }>> = {
  csat_off: { status: 403, text: 'This team no longer asks for ratings.' },
  not_resolved: {
    status: 409,
    text: 'This conversation was reopened since; you can rate it when it is resolved again.',
  },
  rating_closed: { status: 409, text: 'Ratings can be changed for 24 hours after they were given. Thank you!' },
  invalid_message: { status: 400, text: 'That could not be recorded. Check the comment and try again.' },
  not_found: { status: 404, text: 'This conversation no longer exists.' },
};

function refusedPage(code: string, status: 400 | 403 | 404 | 409 | 503, text: string): Response {
  return html(
    page('Rating not recorded', `<main data-error="${escapeHtml(code)}"><h1>${escapeHtml(text)}</h1></main>`),
    status,
  );
}

function thanksPage(target: RatingTarget, comment: string | null, commented: boolean): Response {
  const { face, label } = faceOf(target.rating);
  const form = commented
    ? '<p>Thank you for your comment.</p>'
    : `<form method="post"><label for="comment">Anything you would like to add? (optional)</label>
<textarea id="comment" name="comment" maxlength="${RATING_LIMITS.commentMax}">${escapeHtml(comment ?? '')}</textarea>
<button type="submit">Send comment</button></form>`;
  return html(
    page(
      'Thank you',
      `<main data-rating="${target.rating}"><p class="face" aria-hidden="true">${face}</p>` +
        `<h1>Thank you for your rating: ${escapeHtml(label)}.</h1>${form}</main>`,
    ),
  );
}

/** Checks the link; the target when it is valid, else the page that says why not. */
function checked(c: Context<AppEnv>) {
  const keys = c.get('config').AUTH_JWT_KEYS;
  const id = c.req.param('id') ?? '';
  const target = parseRatingId(id);
  const check = target
    ? checkLink(keys, RATING_PURPOSE, id, { exp: c.req.query('exp'), kid: c.req.query('kid'), sig: c.req.query('sig') })
    : 'invalid';
  if (!target || check !== 'valid') {
    const expired = check === 'expired';
    return {
      refused: refusedPage(
        expired ? 'link_expired' : 'link_invalid',
        403,
        expired
          ? 'This link has expired. Thank you all the same!'
          : 'This link is not valid. Check that it was copied whole.',
      ),
    } as const;
  }
  return { target } as const;
}

/** Records through the room; the page to answer with. */
async function record(c: Context<AppEnv>, target: RatingTarget, comment: string | undefined): Promise<Response> {
  const db = await c.get('db')();
  // Which project's room to bind: the link names only the conversation.
  const found = await db.execute<{ project_id: string }>(
    sql`select project_id from conversations where id = ${target.conversationId}`,
  );
  const projectId = found.rows[0]?.project_id;
  if (!projectId) return refusedPage('not_found', 404, 'This conversation no longer exists.');
  const result = await roomFor(c.env, target.conversationId).rate(
    { id: target.conversationId, projectId },
    {
      rating: target.rating,
      resolvedAt: target.resolvedAt.toISOString(),
      ...(comment === undefined ? {} : { comment }),
    },
  );
  if (!result.ok) {
    const refusal = REFUSALS[result.code];
    log.info('rating link refused', { errorCode: result.code });
    if (!refusal) return refusedPage(result.code, 503, 'That did not work this time. Try the link again in a minute.');
    return refusedPage(result.code, refusal.status, refusal.text);
  }
  return thanksPage(target, result.value.comment, comment !== undefined);
}

export const ratingPages = new Hono<AppEnv>()
  .get(
    '/page.css',
    () =>
      new Response(RATE_CSS, {
        headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' },
      }),
  )
  .get('/:id', async (c) => {
    const link = checked(c);
    if ('refused' in link) return link.refused;
    return record(c, link.target, undefined);
  })
  .post('/:id', async (c) => {
    const link = checked(c);
    if ('refused' in link) return link.refused;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const raw = (form as Record<string, unknown>).comment;
    const comment = typeof raw === 'string' ? raw : '';
    if (comment.length > RATING_LIMITS.commentMax || !isStorableText(comment)) {
      return refusedPage('invalid_request', 400, `A comment has at most ${RATING_LIMITS.commentMax} characters.`);
    }
    return record(c, link.target, comment);
  });
