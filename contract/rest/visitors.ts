// REST shapes around visitors: the page context a widget reports as its visitor navigates
// (POST /api/widget/context) and the dashboard's visitor panel (GET …/visitors/:visitorId).
import { z } from 'zod';
import { conversationSummary } from '../frames.ts';
import { text } from '../text.ts';
import { contact } from './contacts.ts';

/** Longest values kept; the widget trims to them, the Worker refuses (reports) or cuts (headers) beyond. */
export const CONTEXT_LIMITS = { url: 2048, title: 300, userAgent: 512, locale: 35, timezone: 64 } as const;

const httpUrl = text()
  .max(CONTEXT_LIMITS.url)
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'must be an http(s) URL');

/** Only the fields given change; the others keep what was reported before. */
export const visitorContextReport = z
  .object({
    url: httpUrl.optional(),
    title: text().max(CONTEXT_LIMITS.title).optional(),
    /** '' when the page was opened directly. */
    referrer: z.union([httpUrl, z.literal('')]).optional(),
    locale: text().max(CONTEXT_LIMITS.locale).optional(),
    timezone: text().max(CONTEXT_LIMITS.timezone).optional(),
  })
  .strict();
export type VisitorContextReport = z.infer<typeof visitorContextReport>;

/** A visitor as the panel shows them: identity, the page they are on, their browser. */
export const visitorProfile = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  verified: z.boolean(),
  /** The customer's own user id, only for verified identities. */
  externalId: z.string().nullable(),
  currentUrl: z.string().nullable(),
  pageTitle: z.string().nullable(),
  referrer: z.string().nullable(),
  userAgent: z.string().nullable(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
  lastSeenAt: z.string(),
  createdAt: z.string(),
});
export type VisitorProfile = z.infer<typeof visitorProfile>;

export const visitorPanel = z.object({
  visitor: visitorProfile,
  /** Their conversations in this project, newest activity first. */
  conversations: z.array(conversationSummary),
  /** The person behind them, with attribute values; null until they are known or described. */
  contact: contact.nullable(),
});
