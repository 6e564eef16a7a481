// A committed message as the room keeps it (recent window, replay) and its wire form. The
// attachment URL is signed at delivery time, so a replayed message never carries a stale link.
import type { Author, Message } from '../../contract/frames.ts';
import type { StoredAttachment } from './room-api.ts';

export interface RoomMessage {
  id: string;
  seq: number;
  clientId: string | null;
  author: Author;
  body: string;
  private: boolean;
  attachment: StoredAttachment | null;
  createdAt: string;
  /** A private note's mentioned teammates (user ids); absent or empty: none. */
  mentions?: string[];
  /** Set once deleted (body empty, attachment null): a tombstone. */
  deletedAt?: string | null;
}

export type AttachmentUrl = (messageId: string) => string;

export function toWireMessage(conversationId: string, m: RoomMessage, attachmentUrl: AttachmentUrl): Message {
  return {
    id: m.id,
    conversationId,
    seq: m.seq,
    clientId: m.clientId,
    author: m.author,
    body: m.body,
    private: m.private,
    attachment: m.attachment && !m.deletedAt ? toWireAttachment(m.id, m.attachment, attachmentUrl) : null,
    createdAt: m.createdAt,
    ...(m.mentions?.length && !m.deletedAt ? { mentions: m.mentions } : {}),
    ...(m.deletedAt ? { deletedAt: m.deletedAt } : {}),
  };
}

/** A message's attachment as clients see it: named by the message, behind a freshly signed link. */
export function toWireAttachment(
  messageId: string,
  a: Omit<StoredAttachment, 'key'>,
  attachmentUrl: AttachmentUrl,
): NonNullable<Message['attachment']> {
  return { id: messageId, name: a.name, contentType: a.contentType, size: a.size, url: attachmentUrl(messageId) };
}

/** A `messages` row joined with its author's display name, as raw SQL returns it. */
export type MessageRow = {
  id: string;
  seq: number;
  client_id: string | null;
  author_kind: 'visitor' | 'agent' | 'system';
  author_id: string | null;
  author_name: string | null;
  body: string;
  private: boolean;
  attachment_key: string | null;
  attachment_name: string | null;
  attachment_content_type: string | null;
  attachment_size: number | null;
  created_at: Date | string;
  deleted_at?: Date | string | null;
  mentions?: string[] | null;
};

export function fromRow(row: MessageRow): RoomMessage {
  const author: Author = { kind: row.author_kind };
  if (row.author_id) author.id = row.author_id;
  if (row.author_name) author.name = row.author_name;
  return {
    id: row.id,
    seq: Number(row.seq),
    clientId: row.client_id,
    author,
    body: row.body,
    private: row.private,
    attachment:
      row.attachment_key && row.attachment_name && row.attachment_content_type && row.attachment_size !== null
        ? {
            key: row.attachment_key,
            name: row.attachment_name,
            contentType: row.attachment_content_type,
            size: Number(row.attachment_size),
          }
        : null,
    createdAt: iso(row.created_at),
    deletedAt: row.deleted_at ? iso(row.deleted_at) : null,
    ...(row.mentions?.length ? { mentions: row.mentions } : {}),
  };
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** The message as a tombstone: what the room's window keeps once it is deleted. */
export const tombstone = (m: RoomMessage, deletedAt: string): RoomMessage => {
  const { mentions: _, ...rest } = m;
  return { ...rest, body: '', attachment: null, deletedAt };
};

/** Which messages a participant may receive: visitors never get private notes. */
export const visibleTo = (kind: 'visitor' | 'agent', m: RoomMessage) => kind === 'agent' || !m.private;
