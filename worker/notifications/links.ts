// The links notification emails carry: the hosted conversation page (the widget, full page, on
// Parley's own origin) and the one-click unsubscribe, both signed and expiring (core/platform/
// signed-url.ts), each purpose with its own key. And where they point: PUBLIC_URL, or locally
// (where it is empty) the origin the Worker was last reached at.
import type { Config, Keyring } from '../../core/platform/config.ts';
import { signPath, verifyPath } from '../../core/platform/signed-url.ts';

export const HOSTED_PURPOSE = 'hosted-conversation';
export const UNSUBSCRIBE_PURPOSE = 'email-unsubscribe';
/** A hosted-conversation link opens the thread for a week. */
export const HOSTED_LINK_TTL_SECONDS = 7 * 24 * 3600;
/** An unsubscribe link works for a year (mail is read late). */
export const UNSUBSCRIBE_LINK_TTL_SECONDS = 365 * 24 * 3600;

let lastOrigin: string | undefined;

/** Called per request when PUBLIC_URL is empty (local, test): links built off-request use it. */
export function rememberOrigin(url: string): void {
  try {
    lastOrigin = new URL(url).origin;
  } catch {
    // not a URL: keep the last one
  }
}

/** The origin links in emails point at. */
export function linkBase(config: Config): string {
  return config.PUBLIC_URL?.replace(/\/+$/, '') ?? lastOrigin ?? 'http://localhost:8787';
}

export const hostedConversationPath = (keys: Keyring, conversationId: string, now = Date.now()) =>
  signPath(keys, HOSTED_PURPOSE, '/c', conversationId, HOSTED_LINK_TTL_SECONDS, now);

/** Who an unsubscribe link is for: a visitor (`v-<id>`) or an agent (`a-<id>`). */
export type Subscriber = { kind: 'visitor' | 'agent'; id: string };
const subscriberId = (s: Subscriber) => `${s.kind === 'visitor' ? 'v' : 'a'}-${s.id}`;

export function parseSubscriber(id: string): Subscriber | null {
  const match = /^(v|a)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(id);
  if (!match?.[2]) return null;
  return { kind: match[1] === 'v' ? 'visitor' : 'agent', id: match[2].toLowerCase() };
}

export const unsubscribePath = (keys: Keyring, subscriber: Subscriber, now = Date.now()) =>
  signPath(
    keys,
    UNSUBSCRIBE_PURPOSE,
    '/email/unsubscribe',
    subscriberId(subscriber),
    UNSUBSCRIBE_LINK_TTL_SECONDS,
    now,
  );

/** The five faces of a rating, worst to best, as the email and the rating page show them. */
export const RATING_FACES = [
  { face: '😠', label: 'Very bad' },
  { face: '🙁', label: 'Bad' },
  { face: '😐', label: 'OK' },
  { face: '🙂', label: 'Good' },
  { face: '😄', label: 'Great' },
] as const;

export const faceOf = (rating: number) => RATING_FACES[rating - 1] ?? RATING_FACES[2];

export const RATING_PURPOSE = 'csat-rating';
/** A rating link of the follow-up email works for a week (the 24 h to change a rating run from the first one). */
export const RATING_LINK_TTL_SECONDS = 7 * 24 * 3600;

/** What a rating link names: the conversation, its resolution (epoch ms) and the score clicked. */
export interface RatingTarget {
  conversationId: string;
  resolvedAt: Date;
  rating: number;
}

const ratingId = (t: RatingTarget) => `${t.conversationId}.${t.resolvedAt.getTime()}.${t.rating}`;

export function parseRatingId(id: string): RatingTarget | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,15})\.([1-5])$/i.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { conversationId: match[1].toLowerCase(), resolvedAt: new Date(Number(match[2])), rating: Number(match[3]) };
}

/** The signed link that records `rating` for that resolution and shows the thank-you page. */
export const ratingPath = (keys: Keyring, target: RatingTarget, now = Date.now()) =>
  signPath(keys, RATING_PURPOSE, '/rate', ratingId(target), RATING_LINK_TTL_SECONDS, now);

export interface LinkParams {
  exp?: string | undefined;
  kid?: string | undefined;
  sig?: string | undefined;
}

export type LinkCheck = 'valid' | 'expired' | 'invalid';

/** Valid, expired (a signature of ours whose time is up) or invalid (forged, altered, unknown key). */
export function checkLink(keys: Keyring, purpose: string, id: string, params: LinkParams, now = Date.now()): LinkCheck {
  const clean = { exp: params.exp, kid: params.kid, sig: params.sig } as { exp?: string; kid?: string; sig?: string };
  if (verifyPath(keys, purpose, id, clean, now)) return 'valid';
  const exp = Number(params.exp);
  if (Number.isInteger(exp) && exp * 1000 < now && verifyPath(keys, purpose, id, clean, exp * 1000 - 1)) {
    return 'expired';
  }
  return 'invalid';
}
