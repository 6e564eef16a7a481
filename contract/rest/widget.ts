// The widget's REST API (/api/widget/*): what the Worker validates and what it answers, as plain
// zod. The Worker names these in the OpenAPI document; the widget imports the types only. Message
// and conversation shapes are the wire protocol's (contract/frames.ts).
import { z } from 'zod';
import { attachment, conversationSummary, LIMITS, message } from '../frames.ts';
import { text } from '../text.ts';
import { widgetSettings } from '../widget-settings.ts';

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
    /** Minutes the visitor may delete their own message after sending it; 0: never. */
    messageDeleteWindowMinutes: z.number().int().nonnegative(),
  }),
  /** The visitor's 50 most recently active conversations. */
  conversations: z.array(conversationSummary),
});
export type WidgetSessionResponse = z.infer<typeof widgetSessionResponse>;

export const conversationListResponse = z.object({ conversations: z.array(conversationSummary) });
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
