// The widget's REST API (/api/widget/*): what the Worker validates and what it answers, as plain
// zod. The Worker names these in the OpenAPI document; the widget imports the types only. Message
// and conversation shapes are the wire protocol's (contract/frames.ts).
import { z } from 'zod';
import { availability, expectedReply } from '../availability.ts';
import { attachment, conversationSummary, LIMITS, message } from '../frames.ts';
import { text } from '../text.ts';
import { widgetSettings } from '../widget-settings.ts';
import { attachmentLimits } from './conversation-settings.ts';

/** A client's id for one send (or one opening): its idempotency key. */
export const clientId = text().min(1).max(LIMITS.clientIdMax);

/** The visitor as the widget sees them: unverified claims, or an identity the host site proved. */
export const widgetVisitor = conversationSummary.shape.visitor;
export type WidgetVisitor = z.infer<typeof widgetVisitor>;

export const widgetSessionRequest = z.object({
  widgetKey: text().min(1).max(200),
  /** The token of an earlier session (even recently expired): names the returning visitor. */
  visitorToken: text().max(4096).optional(),
  /** A host-verified identity: `hash` is HMAC-SHA256(userId) with the project's identity secret. */
  identity: z
    .object({
      userId: text().min(1).max(200),
      hash: text().min(1).max(200),
      name: text().max(200).optional(),
      email: text().max(320).optional(),
    })
    .optional(),
});
export type WidgetSessionRequest = z.infer<typeof widgetSessionRequest>;

export const widgetSessionResponse = z.object({
  /** The visitor token: `Authorization: Bearer …` on the widget routes, `?token=` on the socket. */
  token: z.string(),
  expiresAt: z.string(),
  visitor: widgetVisitor,
  project: z.object({
    id: z.string(),
    name: z.string(),
    widgetSettings,
    requireVerifiedIdentity: z.boolean(),
    /** Available or away right now (the room's `availability` frame says when it changes). */
    availability,
    /** The expected-reply line: the Manager's text, the measured median, or none (nothing measured yet). */
    expectedReply,
    /** What the visitor may attach (size in bytes, sniffed content types); the upload enforces it. */
    attachments: attachmentLimits,
    /** Minutes the visitor may delete their own message after sending it; 0: never. */
    messageDeleteWindowMinutes: z.number().int().nonnegative(),
  }),
  /** The visitor's 50 most recently active conversations. */
  conversations: z.array(conversationSummary),
});
export type WidgetSessionResponse = z.infer<typeof widgetSessionResponse>;

/** GET /api/widget/conversations: the visitor's own conversations, most recently active first. */
export const widgetConversationListQuery = z.object({
  cursor: text().max(500).optional().describe('The nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const conversationListResponse = z.object({
  conversations: z.array(conversationSummary),
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type ConversationListResponse = z.infer<typeof conversationListResponse>;
export const conversationResponse = z.object({ conversation: conversationSummary });

/** The room's answer to a send: the committed seq (the original one for a retried clientId). */
export const sendAck = z.object({
  seq: z.number().int().positive(),
  messageId: z.string(),
  createdAt: z.string(),
  duplicate: z.boolean(),
});
export type SendAck = z.infer<typeof sendAck>;

export const openConversationRequest = z.object({
  clientId,
  /** The opening message, sent with the same clientId (a retried open duplicates neither). */
  body: text().max(LIMITS.bodyMax).optional(),
});
export type OpenConversationRequest = z.infer<typeof openConversationRequest>;

export const openConversationResponse = z.object({ conversation: conversationSummary, message: sendAck.nullable() });
export type OpenConversationResponse = z.infer<typeof openConversationResponse>;

/** A page of history: after `afterSeq` (oldest first) or before `beforeSeq`. */
export const messagePageQuery = z.object({
  afterSeq: z.coerce.number().int().nonnegative().optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const messagePage = z.object({ messages: z.array(message), more: z.boolean() });
export type MessagePage = z.infer<typeof messagePage>;

export const sendMessageRequest = z.object({ clientId, body: text().min(1).max(LIMITS.bodyMax) });
export type SendMessageRequest = z.infer<typeof sendMessageRequest>;

/** Everything up to `seq` has been read. */
export const readRequest = z.object({ seq: z.number().int().nonnegative() });
export const readResponse = z.object({ seq: z.number().int().nonnegative() });

/** An upload's answer: the send's ack and the attachment with its signed URL. */
export const attachmentAck = sendAck.extend({ attachment });
export type AttachmentAck = z.infer<typeof attachmentAck>;

/** The visitor's own name and email (the pre-chat form): unverified claims. */
export const visitorClaimsRequest = z
  .object({
    name: text().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
  })
  .refine((b) => b.name !== undefined || b.email !== undefined, 'name or email is required');
export type VisitorClaimsRequest = z.infer<typeof visitorClaimsRequest>;

export const visitorResponse = z.object({ visitor: widgetVisitor });
export type VisitorResponse = z.infer<typeof visitorResponse>;

/** The hosted conversation page's link (from a notification email), exchanged for a visitor session. */
export const hostedSessionRequest = z.object({
  conversationId: z.uuid(),
  exp: text().max(20),
  kid: text().max(64),
  sig: text().max(128),
});
export type HostedSessionRequest = z.infer<typeof hostedSessionRequest>;

export const hostedSessionResponse = z.object({
  /** The project's widget key: the page mounts the widget with it. */
  widgetKey: z.string(),
  /** A visitor token for the conversation's visitor, and no one else. */
  visitorToken: z.string(),
  expiresAt: z.string(),
  conversationId: z.string(),
});
export type HostedSessionResponse = z.infer<typeof hostedSessionResponse>;
