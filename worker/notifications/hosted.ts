// The hosted conversation page's exchange: a signed, expiring link naming a conversation becomes a
// visitor token for that conversation's visitor only. An expired link is 403 `link_expired`, a
// forged or altered one 403 `link_invalid`; a blocked visitor 403 `visitor_blocked`.
import { sql } from 'drizzle-orm';
import type { HostedSessionRequest, HostedSessionResponse } from '../../contract/rest/widget.ts';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { ApiError, forbidden } from '../errors.ts';
import { signVisitorToken } from '../visitors/token.ts';
import { checkLink, HOSTED_PURPOSE, type LinkParams } from './links.ts';

export function linkRefusal(check: 'expired' | 'invalid'): ApiError {
  return check === 'expired'
    ? forbidden('This link has expired: open the newest email, or the chat on the website', 'link_expired')
    : forbidden('This link is not valid', 'link_invalid');
}

/** Checks a hosted-conversation link (throws the typed refusal). */
export function requireHostedLink(config: Config, conversationId: string, params: LinkParams): void {
  const check = checkLink(config.AUTH_JWT_KEYS, HOSTED_PURPOSE, conversationId, params);
  if (check !== 'valid') throw linkRefusal(check);
}

export async function exchangeHostedLink(
  db: Db,
  config: Config,
  input: HostedSessionRequest,
): Promise<HostedSessionResponse> {
  requireHostedLink(config, input.conversationId, input);
  const row = (
    await db.execute<{
      visitor_id: string;
      project_id: string;
      widget_key: string;
      blocked: boolean;
      erased: boolean;
    }>(sql`
      select c.visitor_id, c.project_id, p.widget_key, v.blocked_at is not null as blocked, p.erased_at is not null as erased
      from conversations c join visitors v on v.id = c.visitor_id join projects p on p.id = c.project_id
      where c.id = ${input.conversationId}`)
  ).rows[0];
  // Signed by us for a conversation since erased: nothing left to show.
  if (!row || row.erased) throw new ApiError(404, 'not_found', 'Conversation not found');
  if (row.blocked) throw forbidden('This visitor is blocked', 'visitor_blocked');
  const { token, expiresAt } = await signVisitorToken(config.AUTH_JWT_KEYS, {
    visitorId: row.visitor_id,
    projectId: row.project_id,
  });
  return {
    widgetKey: row.widget_key,
    visitorToken: token,
    expiresAt: expiresAt.toISOString(),
    conversationId: input.conversationId,
  };
}
