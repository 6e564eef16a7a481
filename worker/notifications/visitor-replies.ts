// The visitor's "you have unseen replies" email: at due time, every public agent reply past both the
// mark and what the visitor has read (conversations.visitor_read_seq, flushed by the room), in one
// email with a link to the hosted conversation page and a one-click unsubscribe. Nothing when the
// visitor read them in time, has no email, unsubscribed, is blocked, or the Manager turned it off.
// A resolution in the window (the `resolved` reason) adds the five rating links (CSAT) when, at due
// time, the conversation is still resolved at that resolution, CSAT is on, the visitor has not rated
// it and has no widget open on it (the room's visitor sockets): then the email goes even with no
// unseen reply. The mark makes it once per resolution.
import { sql } from 'drizzle-orm';
import { type NotificationKey, UNSEEN_REPLY_DELAY } from '../../contract/notifications.ts';
import { CSAT_ENABLED } from '../../core/conversations/ratings.ts';
import type { Config } from '../../core/platform/config.ts';
import { replyAddressFor } from '../email/reply-address.ts';
import type { Mail } from '../lib/mail.ts';
import { escapeHtml, paragraph } from './html.ts';
import { hostedConversationPath, linkBase, RATING_FACES, ratingPath, unsubscribePath } from './links.ts';
import type { Decide } from './marks.ts';

/** The mark's reason a resolution adds (worker/events/handlers/notifications.ts). */
export const RESOLVED_REASON = 'resolved';

/** At most this many replies are quoted in one email (the link shows the rest). */
const MAX_QUOTED = 20;

type ConversationFacts = {
  visitor_id: string;
  email: string | null;
  unsubscribed: boolean;
  blocked: boolean;
  visitor_read_seq: number;
  last_seq: number;
  project_name: string;
  delay: number | null;
  status: string;
  resolved_at: Date | string | null;
  csat_enabled: boolean;
  rated: boolean;
};

type Reply = {
  seq: number;
  body: string;
  attachment_name: string | null;
  author_name: string | null;
};

export function visitorRepliesDecider(env: Env, config: Config): Decide {
  return async (tx, key, mark) => {
    const facts = (
      await tx.execute<ConversationFacts>(sql`
        select v.id as visitor_id, v.email, v.email_unsubscribed_at is not null as unsubscribed,
          v.blocked_at is not null as blocked, c.visitor_read_seq, c.last_seq, p.name as project_name,
          case when s.project_id is null then ${UNSEEN_REPLY_DELAY.default} else s.unseen_reply_email_delay_seconds end as delay,
          c.status, c.resolved_at, ${CSAT_ENABLED} as csat_enabled,
          exists (select 1 from conversation_ratings r where r.conversation_id = c.id and r.resolved_at = c.resolved_at) as rated
        from conversations c join visitors v on v.id = c.visitor_id join projects p on p.id = c.project_id
          left join conversation_settings s on s.project_id = c.project_id
        where c.id = ${key.conversationId} and c.project_id = ${key.projectId}`)
    ).rows[0];
    // Gone, handed to another visitor, or nobody to write to: the mark moves past everything.
    if (!facts) return { upToSeq: mark.notifiedSeq, mail: null };
    const everything = { upToSeq: Number(facts.last_seq), mail: null };
    if (facts.visitor_id !== key.recipientId || !facts.email || facts.unsubscribed || facts.blocked) return everything;
    if (facts.delay === null) return everything;
    const from = Math.max(mark.notifiedSeq, Number(facts.visitor_read_seq));
    const replies = (
      await tx.execute<Reply>(sql`
        select m.seq, m.body, m.attachment_name, u.name as author_name
        from messages m left join users u on u.id = m.author_id
        where m.conversation_id = ${key.conversationId} and m.seq > ${from}
          and m.author_kind = 'agent' and not m.private
        order by m.seq`)
    ).rows;
    const last = replies.at(-1);
    const upToSeq = last ? Number(last.seq) : from;
    const rating = await ratingToAsk(env, key, mark.reasons, facts);
    // Seen in time, and no rating to ask for: the mark moves to what the visitor read.
    if (!last && !rating) return { upToSeq, mail: null };
    const mail = await visitorRepliesMail(env, config, key, facts.email, facts.project_name, replies, rating);
    return { upToSeq, mail, ...(rating ? { tag: `r${rating.getTime()}` } : {}) };
  };
}

/** The resolution whose rating links the email carries, or null (see the header). */
async function ratingToAsk(
  env: Env,
  key: NotificationKey,
  reasons: readonly string[],
  facts: ConversationFacts,
): Promise<Date | null> {
  if (!reasons.includes(RESOLVED_REASON) || facts.status !== 'resolved' || !facts.resolved_at) return null;
  if (!facts.csat_enabled || facts.rated) return null;
  // A visitor with the widget open was asked there.
  const open = await env.CONVERSATION_ROOM.getByName(key.conversationId).visitorSockets();
  return open > 0 ? null : new Date(facts.resolved_at);
}

async function visitorRepliesMail(
  env: Env,
  config: Config,
  key: NotificationKey,
  to: string,
  projectName: string,
  replies: readonly Reply[],
  resolvedAt: Date | null,
): Promise<Mail> {
  const base = linkBase(config);
  const rate = resolvedAt
    ? RATING_FACES.map((f, i) => ({
        ...f,
        href: `${base}${ratingPath(config.AUTH_JWT_KEYS, { conversationId: key.conversationId, resolvedAt, rating: i + 1 })}`,
      }))
    : [];
  const hosted = `${base}${hostedConversationPath(config.AUTH_JWT_KEYS, key.conversationId)}`;
  const unsubscribe = `${base}${unsubscribePath(config.AUTH_JWT_KEYS, { kind: 'visitor', id: key.recipientId })}`;
  const quoted = replies.slice(-MAX_QUOTED);
  const textOf = (r: Reply) => r.body || (r.attachment_name ? `[${r.attachment_name}]` : '');
  const who = (r: Reply) => r.author_name ?? projectName;
  const count = replies.length === 1 ? 'a reply' : `${replies.length} replies`;
  const ask = `How would you rate the help you got from ${projectName}?`;
  const text = [
    ...(replies.length > 0
      ? [
          `You have ${count} from ${projectName} that you have not seen yet:`,
          '',
          ...quoted.flatMap((r) => [`${who(r)}:`, textOf(r), '']),
        ]
      : [`Your conversation with ${projectName} was resolved.`, '']),
    ...(rate.length > 0 ? [ask, ...rate.map((r, i) => `${i + 1} ${r.label}: ${r.href}`), ''] : []),
    `See the whole conversation and answer: ${hosted}`,
    '',
    `You get this email because you left your address in a chat with ${projectName}.`,
    `Stop these emails: ${unsubscribe}`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    ...(replies.length > 0
      ? [
          `<p>You have ${count} from <strong>${escapeHtml(projectName)}</strong> that you have not seen yet:</p>`,
          ...quoted.map((r) => `<p><strong>${escapeHtml(who(r))}</strong><br>${paragraph(textOf(r))}</p>`),
        ]
      : [`<p>Your conversation with <strong>${escapeHtml(projectName)}</strong> was resolved.</p>`]),
    ...(rate.length > 0
      ? [
          `<p>${escapeHtml(ask)}</p><p>`,
          ...rate.map(
            (r) =>
              `<a href="${escapeHtml(r.href)}" title="${r.label}" style="font-size:32px;text-decoration:none;margin-right:8px">${r.face}</a>`,
          ),
          '</p>',
        ]
      : []),
    `<p><a href="${escapeHtml(hosted)}">See the whole conversation and answer</a></p>`,
    `<p><small>You get this email because you left your address in a chat with ${escapeHtml(projectName)}. `,
    `<a href="${escapeHtml(unsubscribe)}">Stop these emails</a>.</small></p>`,
    '</body></html>',
  ].join('\n');
  const replyTo = await replyAddressFor(env, key.projectId, key.conversationId);
  return {
    to,
    // Fixed words around the project's name: the subject is where a lure would read as Parley's.
    subject:
      replies.length > 0
        ? `New reply in your conversation with ${projectName.slice(0, 80)}`
        : `How did we do? Your conversation with ${projectName.slice(0, 80)}`,
    text,
    html,
    ...(replyTo ? { replyTo } : {}),
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
