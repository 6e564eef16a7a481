// GET /dev/mail: the local mail sink (password resets, invitations, verification links), for
// `npm run dev` and tests only — it answers 404 in staging and production.
import { Hono } from 'hono';
import { readConfig } from '../../core/platform/config.ts';
import { createRedis } from '../../core/platform/redis.ts';
import type { AppEnv } from '../app-env.ts';
import { notFound } from '../errors.ts';
import { readMailSink } from '../lib/mail.ts';

export const devMail = new Hono<AppEnv>().get('/', async (c) => {
  const config = readConfig(c.env);
  if (config.APP_ENV !== 'local' && config.APP_ENV !== 'test') throw notFound('Page');
  const to = c.req.query('to');
  const mails = await readMailSink(createRedis(config), to || undefined);
  return c.json({ mails });
});
