// Mails the transcripts visitors asked for when their conversation is resolved. The processed
// marker and the request's sent mark commit with the send (worker/conversations/transcripts.ts):
// a redelivered resolve event sends nothing. Only resolutions are taken (other status changes get
// no transaction and no marker), a batch's per project in one transaction.
import type { OutboxEvent } from '../../../contract/events.ts';
import { mailPendingTranscripts } from '../../conversations/transcripts.ts';
import { createMailSender } from '../../lib/mail.ts';
import type { EventHandler } from './types.ts';

const resolvedConversation = (event: OutboxEvent): string | null => {
  if (event.type !== 'conversation.status_changed' || event.payload.to !== 'resolved') return null;
  const id = event.payload.conversationId;
  return typeof id === 'string' ? id : null;
};

export const transcriptsHandler: EventHandler = {
  name: 'transcripts',
  handles: (type) => type === 'conversation.status_changed',
  matters: (event) => resolvedConversation(event) !== null,
  groupBy: (event) => event.projectId,
  async apply(tx, events, deps) {
    const ids = events.map(resolvedConversation).filter((id): id is string => id !== null);
    if (ids.length > 0) await mailPendingTranscripts(tx, createMailSender(deps.config), ids);
    return undefined;
  },
};
