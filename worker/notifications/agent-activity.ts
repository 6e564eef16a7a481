// The agent's "while you were away" email: a conversation newly assigned to them and/or visitor
// messages in a conversation assigned to them, batched per conversation. Sent only when at due time
// the agent has no dashboard socket in the project (presence from its ProjectInbox), still has the
// conversation, is still a member and has not turned these emails off; otherwise the mark moves on.
import { sql } from 'drizzle-orm';
import type { NotificationKey } from '../../contract/notifications.ts';
import type { Config } from '../../core/platform/config.ts';
import type { Mail } from '../lib/mail.ts';
import { escapeHtml, paragraph } from './html.ts';
import { linkBase, unsubscribePath } from './links.ts';
import type { Decide } from './marks.ts';

/** Batching window of agent notifications: the first event waits this long for others. */
export const AGENT_NOTIFY_DELAY_SECONDS = 120;
const MAX_QUOTED = 20;

type Facts = {
  email: string;
  wants: boolean;
  member: boolean;
  assignee_id: string | null;
  last_seq: number;
  read_seq: number;
  project_name: string;
  visitor_name: string | null;
};

export function agentActivityDecider(env: Env, config: Config): Decide {
  return async (tx, key, mark) => {
    const facts = (
      await tx.execute<Facts>(sql`
        select u.email, u.email_notifications as wants,
          exists (select 1 from memberships m where m.project_id = c.project_id and m.user_id = u.id) as member,
          c.assignee_id, c.last_seq, p.name as project_name, v.name as visitor_name,
          coalesce((select r.read_seq from conversation_reads r where r.conversation_id = c.id
            and r.reader_kind = 'agent' and r.reader_id = u.id), 0) as read_seq
        from conversations c join users u on u.id = ${key.recipientId}
          join projects p on p.id = c.project_id join visitors v on v.id = c.visitor_id
        where c.id = ${key.conversationId} and c.project_id = ${key.projectId}`)
    ).rows[0];
    if (!facts) return { upToSeq: mark.notifiedSeq, mail: null };
    const everything = { upToSeq: Number(facts.last_seq), mail: null };
    if (!facts.wants || !facts.member || facts.assignee_id !== key.recipientId) return everything;
    const connected = await env.PROJECT_INBOX.getByName(key.projectId).connectedAgents();
    if (connected.includes(key.recipientId)) return everything;
    const from = Math.max(mark.notifiedSeq, Number(facts.read_seq));
    const messages = (
      await tx.execute<{ seq: number; body: string; attachment_name: string | null }>(sql`
        select seq, body, attachment_name from messages
        where conversation_id = ${key.conversationId} and seq > ${from} and author_kind = 'visitor'
        order by seq`)
    ).rows;
    const assigned = mark.reasons.includes('assigned');
    if (messages.length === 0 && !assigned) return { upToSeq: mark.notifiedSeq, mail: null };
    const upToSeq = Number(messages.at(-1)?.seq ?? mark.notifiedSeq);
    return { upToSeq, mail: agentMail(config, key, facts, messages, assigned) };
  };
}

function agentMail(
  config: Config,
  key: NotificationKey,
  facts: Facts,
  messages: readonly { body: string; attachment_name: string | null }[],
  assigned: boolean,
): Mail {
  const base = config.DASHBOARD_ORIGIN ?? linkBase(config);
  const open = `${base}/p/${key.projectId}/inbox/${key.conversationId}`;
  const unsubscribe = `${linkBase(config)}${unsubscribePath(config.AUTH_JWT_KEYS, { kind: 'agent', id: key.recipientId })}`;
  const visitor = facts.visitor_name ?? 'A visitor';
  const quoted = messages.slice(-MAX_QUOTED).map((m) => m.body || (m.attachment_name ? `[${m.attachment_name}]` : ''));
  const headline = assigned
    ? `A conversation with ${visitor} in ${facts.project_name} was assigned to you.`
    : `${visitor} wrote in a conversation assigned to you in ${facts.project_name}.`;
  const text = [
    headline,
    '',
    ...(quoted.length > 0 ? [`${visitor}:`, ...quoted.flatMap((q) => [q, '']), ''] : []),
    `Open it: ${open}`,
    '',
    `You get this because you were offline. Turn these emails off under Account, or: ${unsubscribe}`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(headline)}</p>`,
    ...quoted.map((q) => `<p>${paragraph(q)}</p>`),
    `<p><a href="${escapeHtml(open)}">Open the conversation</a></p>`,
    `<p><small>You get this because you were offline. <a href="${escapeHtml(unsubscribe)}">Turn these emails off</a>.</small></p>`,
    '</body></html>',
  ].join('\n');
  return {
    to: facts.email,
    subject: assigned ? 'A conversation was assigned to you on Parley' : 'New visitor message on Parley',
    text,
    html,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
