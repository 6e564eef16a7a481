// A visitor's request for the transcript of a conversation by email (the widget's menu): sent when
// the conversation is resolved (at once when it already is). Route: worker/routes/widget-transcripts.ts.
import { z } from 'zod';

export const transcriptRequest = z.object({
  /** Needed when the visitor has given no email yet (it then becomes theirs); ignored otherwise. */
  email: z.email().max(320).optional(),
});
export type TranscriptRequest = z.infer<typeof transcriptRequest>;

export const transcriptResponse = z.object({
  transcript: z.object({
    email: z.string(),
    /** `pending` until the conversation is resolved, then `sent`. */
    status: z.enum(['pending', 'sent']),
    requestedAt: z.string(),
  }),
});
export type TranscriptResponse = z.infer<typeof transcriptResponse>;
