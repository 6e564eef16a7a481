// Abuse limits on the widget's anonymous endpoints, per client IP (an IPv6 client by its /64, which
// one subscriber usually holds whole) and per visitor, in Upstash Redis (@upstash/ratelimit sliding
// windows, as the auth limits). Sends have one more limit per visitor, kept by the conversation's
// room: one token bucket shared by the visitor's sockets and REST sends (durable-objects/room/
// rate-limit.ts). AUTH_RATE_LIMITS overrides these by name too. They count through the auth limits'
// takeAttempt (same key prefix, metrics and outage policy), each with `onOutage: 'open'`: a Redis
// outage lets requests through with a logged warning, the chat must not go down with its counters.

import type { Context } from 'hono';
import type { WidgetSessionRequest } from '../../contract/rest/widget.ts';
import { ipRateKey } from '../../core/platform/client-ip.ts';
import { sha256Hex } from '../../core/platform/tokens.ts';
import type { AppEnv } from '../app-env.ts';
import { type LimitSpec, takeAttempt } from '../auth/rate-limit.ts';
import { ApiError } from '../errors.ts';
import { requestInfo } from '../lib/request-info.ts';
import { VISITOR_RENEWAL_WINDOW_SECONDS, verifyVisitorToken } from './token.ts';

export const VISITOR_RATE_LIMITS = {
  /** Widget sessions (each page load makes one) from one IP: an office or a mobile carrier's NAT fits. */
  widget_session_ip: { limit: 120, window: '1 m', onOutage: 'open' },
  /** Sessions renewing one returning visitor's token. */
  widget_session_visitor: { limit: 30, window: '1 m', onOutage: 'open' },
  /** Conversations opened from one IP, and by one visitor. */
  conversation_open_ip: { limit: 60, window: '10 m', onOutage: 'open' },
  conversation_open_visitor: { limit: 10, window: '10 m', onOutage: 'open' },
  /** REST sends from one IP (the widget sends over its socket; REST is the fallback). */
  message_send_ip: { limit: 300, window: '1 m', onOutage: 'open' },
  /** Transcript requests (each may send an email): from one IP, and by one visitor. */
  transcript_request_ip: { limit: 30, window: '1 h', onOutage: 'open' },
  transcript_request_visitor: { limit: 5, window: '1 h', onOutage: 'open' },
} as const satisfies Record<string, LimitSpec>;

export type VisitorLimitName = keyof typeof VISITOR_RATE_LIMITS;

async function limited(c: Context<AppEnv>, name: VisitorLimitName, identifier: string): Promise<void> {
  const taken = await takeAttempt(c, name, VISITOR_RATE_LIMITS[name], await sha256Hex(identifier));
  if (!taken.ok) {
    throw new ApiError(429, 'rate_limited', 'Too many requests; try again later', {
      'Retry-After': String(Math.max(1, Math.ceil((taken.reset - Date.now()) / 1000))),
    });
  }
}

const fromIp = (c: Context<AppEnv>) => ipRateKey(requestInfo(c).ip);

/** POST /api/widget/session: per IP, and per returning visitor when the request names one. */
export async function limitWidgetSession(c: Context<AppEnv>, input: WidgetSessionRequest): Promise<void> {
  await limited(c, 'widget_session_ip', fromIp(c));
  if (!input.visitorToken) return;
  const keys = c.get('config').AUTH_JWT_KEYS;
  const returning = await verifyVisitorToken(keys, input.visitorToken, VISITOR_RENEWAL_WINDOW_SECONDS);
  if (returning) await limited(c, 'widget_session_visitor', returning.visitorId);
}

/** POST /api/widget/conversations (a visitor token is required first). */
export async function limitConversationOpen(c: Context<AppEnv>): Promise<void> {
  await limited(c, 'conversation_open_ip', fromIp(c));
  await limited(c, 'conversation_open_visitor', c.get('visitor').visitorId);
}

/** POST /api/widget/conversations/:id/messages: per IP here; per visitor in the room. */
export async function limitMessageSend(c: Context<AppEnv>): Promise<void> {
  await limited(c, 'message_send_ip', fromIp(c));
}

/** POST /api/widget/conversations/:id/transcript: it sends email, so per IP and per visitor. */
export async function limitTranscriptRequest(c: Context<AppEnv>): Promise<void> {
  await limited(c, 'transcript_request_ip', fromIp(c));
  await limited(c, 'transcript_request_visitor', c.get('visitor').visitorId);
}
