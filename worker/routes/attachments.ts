// Attachments: the upload step both sides share (limits per project, type sniffed from the bytes,
// stored in R2 under the project and conversation, then sent through the room as a message with
// its own seq) and the signed download route.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { LIMITS } from '../../contract/frames.ts';
import { signAttachmentUrl, verifyAttachmentUrl } from '../../core/conversations/attachment-url.ts';
import type { ConversationRef, Participant } from '../../core/conversations/room-api.ts';
import type { Db } from '../../core/platform/db.ts';
import { messages } from '../../drizzle/schema/conversations.ts';
import type { AppEnv } from '../app-env.ts';
import { roomFor, unwrapSend } from '../conversations/rooms.ts';
import { loadSettings } from '../conversations/settings.ts';
import { cleanFileName, sniffContentType } from '../conversations/sniff.ts';
import { ApiError, badRequest, forbidden, notFound } from '../errors.ts';

const tooLarge = (max: number) =>
  new ApiError(413, 'attachment_too_large', `Attachments are limited to ${max} bytes in this project`);

/**
 * multipart/form-data with `file` (required), `clientId` (required; the send's idempotency key),
 * `body` (optional caption) and, for agents, `private` ("true" for a private note).
 */
export async function uploadAttachment(c: Context<AppEnv>, db: Db, ref: ConversationRef, participant: Participant) {
  const settings = await loadSettings(db, ref.projectId);
  const declared = Number(c.req.header('content-length') ?? '0');
  // Multipart framing adds a little; refuse early when even the declared size is clearly too big.
  if (declared > settings.attachmentMaxBytes + 64 * 1024) throw tooLarge(settings.attachmentMaxBytes);
  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw badRequest('Body must be multipart/form-data with a file field');
  }
  const file = form.get('file');
  const clientId = form.get('clientId');
  const caption = form.get('body') ?? '';
  if (!(file instanceof File)) throw badRequest('file: required');
  if (typeof clientId !== 'string' || clientId.length < 1 || clientId.length > LIMITS.clientIdMax) {
    throw badRequest('clientId: 1–64 characters required');
  }
  if (typeof caption !== 'string' || caption.length > LIMITS.bodyMax) throw badRequest('body: too long');
  const isPrivate = form.get('private') === 'true';
  if (isPrivate && participant.kind !== 'agent') throw forbidden('Only agents can write private notes');
  if (file.size === 0) throw badRequest('file: empty');
  if (file.size > settings.attachmentMaxBytes) throw tooLarge(settings.attachmentMaxBytes);

  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = sniffContentType(bytes);
  if (!contentType || !settings.attachmentTypes.includes(contentType)) {
    throw new ApiError(
      415,
      'unsupported_type',
      `This file type is not accepted here (allowed: ${settings.attachmentTypes.join(', ')})`,
    );
  }
  const name = cleanFileName(file.name);
  const key = `projects/${ref.projectId}/conversations/${ref.id}/${crypto.randomUUID()}`;
  await c.env.ATTACHMENTS.put(key, bytes, { httpMetadata: { contentType }, customMetadata: { name } });
  const result = await roomFor(c.env, ref.id).send(ref, participant, {
    clientId,
    body: caption,
    private: isPrivate,
    attachment: { key, name, contentType, size: bytes.length },
  });
  if (!result.ok || result.duplicate) {
    // A retry (the first upload's object is the one in the conversation) or a refused send.
    await c.env.ATTACHMENTS.delete(key);
  }
  const ack = unwrapSend(result);
  return c.json(
    {
      ...ack,
      attachment: {
        id: ack.messageId,
        name,
        contentType,
        size: bytes.length,
        url: signAttachmentUrl(c.get('config').AUTH_JWT_KEYS, ack.messageId),
      },
    },
    ack.duplicate ? 200 : 201,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const attachments = new Hono<AppEnv>()
  .use('/api/attachments/*', cors({ origin: '*', allowMethods: ['GET'] }))
  .get('/api/attachments/:messageId', async (c) => {
    const messageId = c.req.param('messageId');
    if (!UUID.test(messageId)) throw notFound('Attachment');
    const { exp, kid, sig } = c.req.query();
    if (!verifyAttachmentUrl(c.get('config').AUTH_JWT_KEYS, messageId, { exp, kid, sig })) {
      throw forbidden('This link is invalid or has expired', 'invalid_signature');
    }
    const db = await c.get('db')();
    const row = (
      await db
        .select({
          key: messages.attachmentKey,
          name: messages.attachmentName,
          contentType: messages.attachmentContentType,
        })
        .from(messages)
        .where(and(eq(messages.id, messageId), isNotNull(messages.attachmentKey)))
        .limit(1)
    )[0];
    if (!row?.key) throw notFound('Attachment');
    const object = await c.env.ATTACHMENTS.get(row.key);
    if (!object) throw notFound('Attachment');
    const type = row.contentType ?? 'application/octet-stream';
    const disposition = INLINE.has(type) ? 'inline' : 'attachment';
    return new Response(object.body, {
      headers: {
        'content-type': type,
        'content-length': String(object.size),
        'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(row.name ?? 'file')}`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=300',
        'access-control-allow-origin': '*',
      },
    });
  });
