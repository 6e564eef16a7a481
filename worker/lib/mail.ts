// Outgoing email behind one interface, the transport chosen by MAIL_TRANSPORT (docs/EMAIL.md):
// Cloudflare Email Service's send_email binding (`env.EMAIL.send()`), a Resend-compatible HTTP API,
// or — local and test runs — a Redis sink that GET /dev/mail reads. Never SMTP.
import type { Config, OutgoingEmail, SendEmailBinding } from '../../core/platform/config.ts';
import { errorFields, log } from '../../core/platform/log.ts';
import { createRedis, type ParleyRedis } from '../../core/platform/redis.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative (every value in it escaped by whoever built it). */
  html?: string;
  replyTo?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /** The same key twice is one email where the transport deduplicates (Resend: 24 h). */
  idempotencyKey?: string;
}

export interface MailSender {
  send(mail: Mail): Promise<void>;
}

export interface SunkMail extends Mail {
  id: string;
  sentAt: string;
}

const SINK_TTL_SECONDS = 24 * 3600;
const sinkAll = (redis: ParleyRedis) => redis.key('mail:all');
const sinkKey = (redis: ParleyRedis, to: string) => redis.key(`mail:to:${to.toLowerCase()}`);

/** Keeps mail in Redis: the newest 200 overall, and each recipient's for a day. */
export class RedisMailSink implements MailSender {
  readonly #redis: ParleyRedis;
  constructor(redis: ParleyRedis) {
    this.#redis = redis;
  }
  async send(mail: Mail): Promise<void> {
    const entry: SunkMail = { ...mail, id: crypto.randomUUID(), sentAt: new Date().toISOString() };
    const redis = this.#redis;
    const pipeline = redis.pipeline();
    pipeline.lpush(sinkKey(redis, mail.to), entry);
    pipeline.expire(sinkKey(redis, mail.to), SINK_TTL_SECONDS);
    pipeline.lpush(sinkAll(redis), entry);
    pipeline.ltrim(sinkAll(redis), 0, 199);
    await pipeline.exec();
  }
}

/** Newest first; all recipients when `to` is omitted. */
export async function readMailSink(redis: ParleyRedis, to?: string, limit = 50): Promise<SunkMail[]> {
  return redis.lrange<SunkMail>(to ? sinkKey(redis, to) : sinkAll(redis), 0, limit - 1);
}

/** Resend's `POST /emails` shape, which several providers share. */
export class HttpMailSender implements MailSender {
  readonly #url: string;
  readonly #token: string;
  readonly #from: string;
  constructor(url: string, token: string, from: string) {
    this.#url = url;
    this.#token = token;
    this.#from = from;
  }
  async send(mail: Mail): Promise<void> {
    const res = await fetch(this.#url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.#token}`,
        'content-type': 'application/json',
        ...(mail.idempotencyKey ? { 'idempotency-key': mail.idempotencyKey } : {}),
      },
      body: JSON.stringify({
        from: this.#from,
        to: [mail.to],
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.replyTo ? { reply_to: mail.replyTo } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
      }),
    });
    if (!res.ok) throw new Error(`mail API answered ${res.status}`);
  }
}

/** Cloudflare Email Service: the send_email binding, DKIM-signed from the onboarded domain. */
export class CloudflareMailSender implements MailSender {
  readonly #binding: SendEmailBinding;
  readonly #from: string;
  constructor(binding: SendEmailBinding, from: string) {
    this.#binding = binding;
    this.#from = from;
  }
  async send(mail: Mail): Promise<void> {
    await this.#binding.send({
      from: parseAddress(this.#from),
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      ...(mail.headers ? { headers: mail.headers } : {}),
    });
  }
}

/** `Name <address>` → { name, email }; a bare address stays a string. */
export function parseAddress(from: string): OutgoingEmail['from'] {
  const match = /^\s*(.*?)\s*<([^>\s]+)>\s*$/.exec(from);
  if (!match?.[2]) return from.trim();
  return match[1] ? { name: match[1].replace(/^"|"$/g, ''), email: match[2] } : match[2];
}

export type MailTransport = 'cloudflare' | 'resend' | 'sink';

/** The transport the configuration chooses (see MAIL_TRANSPORT in core/platform/config.ts). */
export function mailTransport(config: Config): MailTransport {
  if (config.MAIL_TRANSPORT) return config.MAIL_TRANSPORT;
  return config.MAIL_API_URL && config.MAIL_API_TOKEN ? 'resend' : 'sink';
}

export function createMailSender(config: Config): MailSender {
  const transport = mailTransport(config);
  if (transport === 'cloudflare' && config.EMAIL) return new CloudflareMailSender(config.EMAIL, config.MAIL_FROM);
  if (transport === 'resend' && config.MAIL_API_URL && config.MAIL_API_TOKEN) {
    return new HttpMailSender(config.MAIL_API_URL, config.MAIL_API_TOKEN, config.MAIL_FROM);
  }
  // Local and test only: the configuration refuses a deployed environment without a real sender.
  return new RedisMailSink(createRedis(config));
}

/** Sends after the response, so how long sending takes reveals nothing (e.g. whether an account
 * exists); a failure is logged without the mail's contents, which may hold a token. */
export function sendMailLater(ctx: { waitUntil(p: Promise<unknown>): void }, sender: MailSender, mail: Mail): void {
  ctx.waitUntil(
    sender.send(mail).catch((err: unknown) => {
      // Never the subject, recipient or text: a link in it holds a token.
      log.error('mail not sent', errorFields(err));
    }),
  );
}
