// Email from a test's side: the mail the Worker sent, read from the local sink (GET /dev/mail), and a
// reply delivered to the Worker's email() handler through wrangler dev's local endpoint
// (POST /cdn-cgi/handler/email), as Email Routing would deliver it in production.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';

export interface SunkMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
}

/** The sink's mail to `to`, newest first. */
export async function devMails(baseUrl: string, to: string): Promise<SunkMail[]> {
  const res = await fetch(`${baseUrl}/dev/mail?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { mails: SunkMail[] }).mails;
}

/** Waits until exactly `count` mails to `to` match (the Queue's delay can be tens of seconds). */
export async function waitForMails(
  baseUrl: string,
  to: string,
  count: number,
  match: (m: SunkMail) => boolean = () => true,
  timeout = 60_000,
): Promise<SunkMail[]> {
  let mails: SunkMail[] = [];
  await expect
    .poll(
      async () => {
        mails = (await devMails(baseUrl, to)).filter(match);
        return mails.length;
      },
      { timeout, interval: 1000 },
    )
    .toBe(count);
  return mails;
}

/** The hosted conversation link (the Worker's /c/:id page) in a mail's text. */
export function hostedLink(mail: SunkMail): string {
  const link = /(http\S+\/c\/[0-9a-f-]{36}\?\S+)/.exec(mail.text)?.[1];
  if (!link) throw new Error('no hosted conversation link in the mail');
  return link;
}

/** Posts a plain-text reply to the local email handler; resolves with its status. */
export async function postEmailReply(
  baseUrl: string,
  mail: { from: string; to: string; text: string; messageId?: string },
): Promise<{ status: number; body: string }> {
  const raw = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    'Subject: Re: your conversation',
    `Message-ID: <${mail.messageId ?? randomUUID()}@mail.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    mail.text,
  ].join('\r\n');
  const res = await fetch(
    `${baseUrl}/cdn-cgi/handler/email?from=${encodeURIComponent(mail.from)}&to=${encodeURIComponent(mail.to)}`,
    { method: 'POST', body: raw },
  );
  return { status: res.status, body: await res.text() };
}
