// The local mail sink's answer (GET /dev/mail, npm run dev and tests only): the mails Parley would
// have sent, newest first, so a developer can follow a link without a mail server.
import { z } from 'zod';

export const sunkMail = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  sentAt: z.string(),
});
export type SunkMail = z.infer<typeof sunkMail>;

export const devMailbox = z.object({ mails: z.array(sunkMail) });
