// GET /dev/mail: the local mail sink (password resets, invitations, verification links), for
// `npm run dev` and tests only — it answers 404 in staging and production.
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { readConfig } from '../config.ts';
import { notFound } from '../errors.ts';
import { readMailSink } from '../lib/mail.ts';
import { createRedis } from '../lib/redis.ts';

export const devMail = new Hono<AppEnv>().get('/dev/mail', async (c) => {
  const config = readConfig(c.env);
  if (config.APP_ENV !== 'local' && config.APP_ENV !== 'test') throw notFound('Page');
  const to = c.req.query('to');
  const mails = await readMailSink(createRedis(config), to || undefined);
  return c.json({ mails });
});
