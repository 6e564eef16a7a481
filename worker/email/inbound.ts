// The Worker's email() handler: a visitor's reply by email becomes a visitor message in its
// conversation. The recipient `reply+<token>@<INBOUND_EMAIL_DOMAIN>` names the conversation
// (reply-address.ts); the sender must be the visitor's email; the MIME message is parsed with
// postal-mime, its quoted history and signature dropped (quotes.ts), and the text sent THROUGH
// THE ConversationRoom as the visitor — the same seq, ordering, idempotency (the Message-ID is
// the client id), outbox and live delivery as a widget message. Attachments go to R2 like the
// widget's, within the project's limits. Anything else is refused with setReject and one log line
// that carries neither the content nor an address (docs/EMAIL.md, "Inbound replies").
import { and, eq, isNull } from 'drizzle-orm';
import PostalMime from 'postal-mime';
import { LIMITS } from '../../contract/frames.ts';
import { isStorableText } from '../../contract/text.ts';
import type { ConversationRef, Participant } from '../../core/conversations/room-api.ts';
import { readConfig } from '../../core/platform/config.ts';
import { connectDb, type Db } from '../../core/platform/db.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { sha256Hex } from '../../core/platform/tokens.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { projects } from '../../drizzle/schema/tenancy.ts';
import { roomFor } from '../conversations/rooms.ts';
import { loadSettings } from '../conversations/settings.ts';
import { ApiError } from '../errors.ts';
import { sendAttachment } from '../routes/attachments.ts';
import { replyText } from './quotes.ts';
import { replyTokenOf, verifyReplyToken } from './reply-address.ts';

/** The largest raw message accepted: a 10 MB attachment base64-encoded, with room for the text. */
export const INBOUND_RAW_MAX_BYTES = 20 * 1024 * 1024;
/** Attachments taken from one email; the rest are dropped. */
const ATTACHMENTS_MAX = 5;

/** The part of ForwardableEmailMessage the handler uses (tests construct one). */
export type InboundEmail = Pick<ForwardableEmailMessage, 'from' | 'to' | 'raw' | 'rawSize' | 'setReject'>;

/** Why a message was refused: the log line's `outcome`, and the SMTP reason sent back. */
const REFUSALS = {
  inbound_off: 'Replies by email are not accepted here',
  unknown_address: 'Unknown recipient',
  invalid_token: 'Unknown recipient',
  expired_token: 'This reply address has expired; please reply from the conversation page',
  too_large: 'Message too large',
  not_mime: 'Message could not be read',
  no_text: 'Message has no text',
  unknown_conversation: 'This conversation no longer exists',
  sender_mismatch: 'Sender not allowed for this conversation',
  visitor_blocked: 'Sender not allowed for this conversation',
  refused: 'Message refused',
} as const;
type Refusal = keyof typeof REFUSALS;

class Refused extends Error {
  readonly outcome: Refusal;
  constructor(outcome: Refusal) {
    super(outcome);
    this.outcome = outcome;
  }
}

async function readRaw(message: InboundEmail): Promise<Uint8Array> {
  if (message.rawSize > INBOUND_RAW_MAX_BYTES) throw new Refused('too_large');
  const reader = message.raw.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    // rawSize is the envelope's word; the stream is what counts.
    if (size > INBOUND_RAW_MAX_BYTES) {
      await reader.cancel();
      throw new Refused('too_large');
    }
    chunks.push(value);
  }
  const raw = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    raw.set(chunk, at);
    at += chunk.length;
  }
  return raw;
}

/** Whether the bytes look like an RFC 5322 message: header lines up to a blank line. */
function looksLikeMail(raw: Uint8Array): boolean {
  const head = new TextDecoder().decode(raw.subarray(0, 8192));
  const end = head.search(/\r?\n\r?\n/);
  if (end <= 0) return false;
  const lines = head.slice(0, end).split(/\r?\n/);
  return lines.every((line) => /^[!-9;-~]+:/.test(line) || /^[ \t]/.test(line)) && /^from:/im.test(head.slice(0, end));
}

const sameAddress = (a: string | undefined | null, b: string | undefined | null) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The conversation and its visitor, unless erased (the row is gone, or its project is). */
async function conversationOf(db: Db, conversationId: string) {
  const rows = await db
    .select({
      id: conversations.id,
      projectId: conversations.projectId,
      visitorId: visitors.id,
      name: visitors.name,
      email: visitors.email,
      blockedAt: visitors.blockedAt,
    })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .innerJoin(projects, eq(projects.id, conversations.projectId))
    .where(and(eq(conversations.id, conversationId), isNull(projects.erasedAt)))
    .limit(1);
  return rows[0];
}

/** Cut to the message limit, by characters (half an emoji is a lone surrogate Postgres refuses). */
const fitBody = (text: string) => {
  const chars = [...text];
  return chars.length <= LIMITS.bodyMax ? text : `${chars.slice(0, LIMITS.bodyMax - 1).join('')}…`;
};

export async function receiveEmail(message: InboundEmail, env: Env): Promise<void> {
  try {
    const appended = await append(message, env);
    log.info('inbound email appended', { conversationId: appended.conversationId, count: appended.messages });
  } catch (err) {
    if (err instanceof Refused) {
      log.warn('inbound email rejected', { outcome: err.outcome });
      message.setReject(REFUSALS[err.outcome]);
      return;
    }
    // Postgres or the room unavailable: throwing makes the delivery fail temporarily, so the
    // sending server retries later (with the same Message-ID, which the room deduplicates).
    log.error('inbound email failed', errorFields(err));
    throw err;
  }
}

async function append(message: InboundEmail, env: Env): Promise<{ conversationId: string; messages: number }> {
  const config = readConfig(env);
  const domain = config.INBOUND_EMAIL_DOMAIN;
  if (!domain) throw new Refused('inbound_off');
  const token = replyTokenOf(message.to, domain);
  if (!token) throw new Refused('unknown_address');
  const check = verifyReplyToken(config.AUTH_JWT_KEYS, token);
  if (!check.ok) throw new Refused(check.reason === 'expired' ? 'expired_token' : 'invalid_token');

  const raw = await readRaw(message);
  if (!looksLikeMail(raw)) throw new Refused('not_mime');
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 32 });
  } catch {
    throw new Refused('not_mime');
  }

  const conn = await connectDb(config);
  try {
    const row = await conversationOf(conn.db, check.conversationId);
    if (!row) throw new Refused('unknown_conversation');
    const headerFrom = email.from?.address;
    if (!sameAddress(row.email, message.from) && !sameAddress(row.email, headerFrom)) {
      throw new Refused('sender_mismatch');
    }
    if (row.blockedAt) throw new Refused('visitor_blocked');

    const body = fitBody(replyText(email));
    const files = email.attachments
      .filter((a) => !a.related && a.content instanceof ArrayBuffer && a.content.byteLength > 0)
      .slice(0, ATTACHMENTS_MAX);
    if (!body.trim() && files.length === 0) throw new Refused('no_text');
    if (!isStorableText(body)) throw new Refused('no_text');

    // The Message-ID identifies a redelivery; without one, the bytes do.
    const clientId = `email:${(await sha256Hex(email.messageId ?? new TextDecoder().decode(raw))).slice(0, 40)}`;
    const ref: ConversationRef = { id: row.id, projectId: row.projectId };
    const visitor: Participant = { kind: 'visitor', id: row.visitorId, name: row.name };
    let sent = 0;
    if (body.trim()) {
      const result = await roomFor(env, ref.id).send(ref, visitor, { clientId, body });
      if (!result.ok) {
        if (result.code === 'unavailable' || result.code === 'rate_limited' || result.code === 'slow_down') {
          throw new Error(`room answered ${result.code}`);
        }
        throw new Refused('refused');
      }
      sent++;
    }
    if (files.length > 0) sent += await appendAttachments(env, conn.db, ref, visitor, clientId, files);
    if (sent === 0) throw new Refused('no_text');
    return { conversationId: ref.id, messages: sent };
  } finally {
    await conn.close();
  }
}

/** Each attachment as its own message (as the widget sends them); one the project refuses is skipped. */
async function appendAttachments(
  env: Env,
  db: Db,
  ref: ConversationRef,
  visitor: Participant,
  clientId: string,
  files: readonly { filename: string | null; content: ArrayBuffer | Uint8Array | string }[],
): Promise<number> {
  const settings = await loadSettings(db, ref.projectId);
  let sent = 0;
  for (const [i, file] of files.entries()) {
    if (typeof file.content === 'string') continue;
    try {
      await sendAttachment(env, db, ref, visitor, {
        bytes: new Uint8Array(file.content),
        fileName: file.filename ?? undefined,
        clientId: `${clientId}:${i}`,
        body: '',
        private: false,
        settings,
      });
      sent++;
    } catch (err) {
      // Over the size limit or of a type the project does not accept: the text still goes in.
      if (!(err instanceof ApiError) || err.status >= 500 || err.status === 429) throw err;
      log.warn('inbound email attachment skipped', { errorCode: err.code });
    }
  }
  return sent;
}
