// The agent's "while you were away" email, batched per conversation: a conversation newly assigned
// to them, visitor messages in a conversation assigned to them, and private notes that mention them
// (whoever holds the conversation). Sent only when at due time the agent has no dashboard socket in
// the project (presence from its ProjectInbox), is still a member and has not turned these emails
// off; the assignment and the visitor's messages only while they still hold the conversation, a
// mention only while the note stands (deleting it clears its mentions). Otherwise the mark moves on.
import { sql } from 'drizzle-orm';
import type { NotificationKey } from '../../contract/notifications.ts';
import type { Config } from '../../core/platform/config.ts';
import type { Mail } from '../lib/mail.ts';
import { escapeHtml, paragraph } from './html.ts';
import { linkBase, unsubscribePath } from './links.ts';
import type { Decide } from './marks.ts';

/** Batching window of agent notifications: the first event waits this long for others. */
export const AGENT_NOTIFY_DELAY_SECONDS = 120;
/** The mark's reason a note mentioning the agent adds (worker/events/handlers/notifications.ts). */
export const MENTIONED_REASON = 'mentioned';
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

/** A visitor's message, or a note that mentions the agent (`author_name` is the teammate's). */
type Quoted = { seq: number; body: string; attachment_name: string | null; note: boolean; author_name: string | null };

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
    const holds = facts.assignee_id === key.recipientId;
    const mentioned = mark.reasons.includes(MENTIONED_REASON);
    if (!facts.wants || !facts.member || (!holds && !mentioned)) return everything;
    const connected = await env.PROJECT_INBOX.getByName(key.projectId).connectedAgents();
    if (connected.includes(key.recipientId)) return everything;
    const from = Math.max(mark.notifiedSeq, Number(facts.read_seq));
    const quoted = (
      await tx.execute<Quoted>(sql`
        select m.seq, m.body, m.attachment_name, m.private as note, u.name as author_name
        from messages m left join users u on m.author_kind = 'agent' and u.id = m.author_id
        where m.conversation_id = ${key.conversationId} and m.seq > ${from}
          and ((${holds} and m.author_kind = 'visitor')
            or (m.private and m.mentions @> array[${key.recipientId}]::uuid[]))
        order by m.seq`)
    ).rows;
    const assigned = holds && mark.reasons.includes('assigned');
    if (quoted.length === 0 && !assigned) return { upToSeq: mark.notifiedSeq, mail: null };
    const upToSeq = Number(quoted.at(-1)?.seq ?? mark.notifiedSeq);
    return { upToSeq, mail: agentMail(config, key, facts, quoted, assigned) };
  };
}

function agentMail(
  config: Config,
  key: NotificationKey,
  facts: Facts,
  quoted: readonly Quoted[],
  assigned: boolean,
): Mail {
  const base = config.DASHBOARD_ORIGIN ?? linkBase(config);
  const open = `${base}/p/${key.projectId}/inbox/${key.conversationId}`;
  const unsubscribe = `${linkBase(config)}${unsubscribePath(config.AUTH_JWT_KEYS, { kind: 'agent', id: key.recipientId })}`;
  const visitor = facts.visitor_name ?? 'A visitor';
  const notes = quoted.some((q) => q.note);
  const fromVisitor = quoted.some((q) => !q.note);
  const lines = quoted.slice(-MAX_QUOTED).map((q) => ({
    who: q.note ? `${q.author_name ?? 'A teammate'} (private note)` : visitor,
    text: q.body || (q.attachment_name ? `[${q.attachment_name}]` : ''),
  }));
  const headline = assigned
    ? `A conversation with ${visitor} in ${facts.project_name} was assigned to you.`
    : fromVisitor
      ? `${visitor} wrote in a conversation assigned to you in ${facts.project_name}.`
      : `A teammate mentioned you in a private note on a conversation with ${visitor} in ${facts.project_name}.`;
  const text = [
    headline,
    '',
    ...lines.flatMap((l) => [`${l.who}:`, l.text, '']),
    `Open it: ${open}`,
    '',
    `You get this because you were offline. Turn these emails off under Account, or: ${unsubscribe}`,
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(headline)}</p>`,
    ...lines.map((l) => `<p><strong>${escapeHtml(l.who)}</strong><br>${paragraph(l.text)}</p>`),
    `<p><a href="${escapeHtml(open)}">Open the conversation</a></p>`,
    `<p><small>You get this because you were offline. <a href="${escapeHtml(unsubscribe)}">Turn these emails off</a>.</small></p>`,
    '</body></html>',
  ].join('\n');
  return {
    to: facts.email,
    // Fixed words: a teammate's or a visitor's name never makes the subject.
    subject: assigned
      ? 'A conversation was assigned to you on Parley'
      : fromVisitor
        ? 'New visitor message on Parley'
        : notes
          ? 'You were mentioned in a note on Parley'
          : 'New activity on Parley',
    text,
    html,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
