// Attachments: the upload step both sides share (limits per project, type sniffed from the bytes,
// stored in R2 under the project and conversation, then sent through the room as a message with
// its own seq), how that upload is documented, and the signed download route under /api/attachments.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { LIMITS } from '../../contract/frames.ts';
import { type AttachmentSent, attachmentSent } from '../../contract/rest/attachments.ts';
import { signAttachmentUrl, verifyAttachmentUrl } from '../../core/conversations/attachment-url.ts';
import { toWireAttachment } from '../../core/conversations/message.ts';
import type { ConversationRef, Participant } from '../../core/conversations/room-api.ts';
import type { Db } from '../../core/platform/db.ts';
import { messages } from '../../drizzle/schema/conversations.ts';
import type { AppEnv } from '../app-env.ts';
import { roomFor, unwrapSend } from '../conversations/rooms.ts';
import { type ConversationSettings, loadSettings } from '../conversations/settings.ts';
import { cleanFileName, sniffContentType } from '../conversations/sniff.ts';
import { ApiError, badRequest, forbidden, notFound } from '../errors.ts';
import {
  createRouter,
  ErrorSchema,
  errors,
  json,
  notFoundOnBadId,
  SignedLinkQuery,
  uuidParam,
} from '../lib/openapi.ts';
import { recordUpload, uploadSettled } from '../privacy/uploads.ts';

const tooLarge = (max: number) =>
  new ApiError(413, 'attachment_too_large', `Attachments are limited to ${max} bytes in this project`);

/** What the upload reads from a request: only these, so any route's context will do. */
type UploadContext = Pick<Context<AppEnv>, 'req' | 'env' | 'get'>;

/**
 * multipart/form-data with `file` (required), `clientId` (required; the send's idempotency key),
 * `body` (optional caption) and, for agents, `private` ("true" for a private note).
 */
export async function storeAttachment(
  c: UploadContext,
  db: Db,
  ref: ConversationRef,
  participant: Participant,
): Promise<AttachmentSent> {
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
  const sent = await sendAttachment(c.env, db, ref, participant, {
    bytes,
    fileName: file.name,
    clientId,
    body: caption,
    private: isPrivate,
    settings,
  });
  const url = (messageId: string) => signAttachmentUrl(c.get('config').AUTH_JWT_KEYS, messageId);
  return { ...sent.ack, attachment: toWireAttachment(sent.ack.messageId, sent.stored, url) };
}

export interface AttachmentBytes {
  bytes: Uint8Array;
  fileName: string | undefined;
  clientId: string;
  body: string;
  private: boolean;
  settings: ConversationSettings;
}

/**
 * Checks the bytes against the project's limits and accepted types (sniffed), stores them in R2
 * under the project and conversation, and sends them through the room as a message. The widget's
 * and agents' uploads and the email() handler's attachments all come through here.
 */
export async function sendAttachment(
  env: Env,
  db: Db,
  ref: ConversationRef,
  participant: Participant,
  input: AttachmentBytes,
) {
  const { bytes, settings } = input;
  if (bytes.length === 0) throw badRequest('file: empty');
  if (bytes.length > settings.attachmentMaxBytes) throw tooLarge(settings.attachmentMaxBytes);
  const contentType = sniffContentType(bytes);
  if (!contentType || !settings.attachmentTypes.includes(contentType)) {
    throw new ApiError(
      415,
      'unsupported_type',
      `This file type is not accepted here (allowed: ${settings.attachmentTypes.join(', ')})`,
    );
  }
  const name = cleanFileName(input.fileName);
  const key = `projects/${ref.projectId}/conversations/${ref.id}/${crypto.randomUUID()}`;
  await recordUpload(db, key, ref);
  await env.ATTACHMENTS.put(key, bytes, { httpMetadata: { contentType }, customMetadata: { name } });
  const result = await roomFor(env, ref.id).send(ref, participant, {
    clientId: input.clientId,
    body: input.body,
    private: input.private,
    attachment: { key, name, contentType, size: bytes.length },
  });
  if (!result.ok || result.duplicate) {
    // A retry (the first upload's object is the one in the conversation) or a refused send.
    await env.ATTACHMENTS.delete(key);
  }
  await uploadSettled(db, key);
  return { ack: unwrapSend(result), stored: { name, contentType, size: bytes.length } };
}

/** For plain Hono handlers: the upload answered as 201, or 200 for a retry of the same clientId. */
export async function uploadAttachment(c: Context<AppEnv>, db: Db, ref: ConversationRef, participant: Participant) {
  const sent = await storeAttachment(c, db, ref, participant);
  return c.json(sent, sent.duplicate ? 200 : 201);
}

const AttachmentSentSchema = attachmentSent.meta({ id: 'AttachmentSent' });
const errorAnswer = (description: string) => json(ErrorSchema, description);

/** The upload's request body for the document: the handler parses the form itself (see storeAttachment). */
export const attachmentUploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        required: ['file', 'clientId'],
        properties: {
          file: {
            type: 'string' as const,
            format: 'binary',
            description: 'The file; its type is sniffed from the bytes',
          },
          clientId: {
            type: 'string' as const,
            minLength: 1,
            maxLength: LIMITS.clientIdMax,
            description: 'Idempotency key: a retry with the same one answers 200 with the first upload',
          },
          body: { type: 'string' as const, maxLength: LIMITS.bodyMax, description: 'Optional caption' },
          private: { type: 'string' as const, enum: ['true', 'false'], description: 'Agents only: a private note' },
        },
      },
    },
  },
};

/** The upload's answers, shared by the agents' and the widget's upload routes. */
export const attachmentUploadResponses = {
  200: json(AttachmentSentSchema, 'A retry of an earlier upload (same clientId): that upload, `duplicate: true`'),
  201: json(AttachmentSentSchema, 'Stored and sent as a message'),
  413: errorAnswer('Larger than the project allows (`attachment_too_large`)'),
  415: errorAnswer('A file type the project does not accept (`unsupported_type`)'),
  503: errorAnswer('The database could not be reached; nothing was sent — retry with the same clientId'),
};

/** Mounted at /api/attachments. */
export const attachments = createRouter();

// Links are opened by <img> tags and downloads on customers' sites and the dashboard alike.
attachments.use('*', cors({ origin: '*', allowMethods: ['GET'] }));

const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

attachments.openapi(
  createRoute({
    method: 'get',
    path: '/{messageId}',
    operationId: 'downloadAttachment',
    tags: ['attachments'],
    summary: 'Download an attachment through the signed link a message carries',
    description:
      'The link itself is the credential (`exp`, `kid`, `sig`): messages carry a freshly signed one whenever they are delivered.',
    security: [],
    request: {
      params: z.object({ messageId: uuidParam('messageId') }),
      query: SignedLinkQuery,
    },
    responses: {
      200: {
        description: 'The file, with the content type sniffed at upload (images inline, others as downloads)',
        content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
      },
      403: errorAnswer('The link is invalid or has expired (`invalid_signature`)'),
      ...errors(404),
    },
  }),
  async (c) => {
    const { messageId } = c.req.valid('param');
    if (!verifyAttachmentUrl(c.get('config').AUTH_JWT_KEYS, messageId, c.req.valid('query'))) {
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
  },
  notFoundOnBadId('Attachment'),
);
