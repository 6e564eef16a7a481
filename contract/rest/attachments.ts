// REST shape of an attachment upload's answer: the send's acknowledgement and the attachment as
// messages carry it (contract/frames.ts), with its signed download link.
import type { z } from 'zod';
import { attachment } from '../frames.ts';
import { sendAck } from './conversations.ts';

export const attachmentSent = sendAck.extend({ attachment });
export type AttachmentSent = z.infer<typeof attachmentSent>;
