// The Worker entry: HTTP (Hono), the outbox Queue consumer and the cron (sweep, key rotation,
// retention); exports the DOs.
// First, before any module creates a zod schema: zod 4 gives a schema `.openapi()` only if
// @hono/zod-openapi has extended zod by then, and the routes name contract schemas with it.
import '@hono/zod-openapi';
import { createApp } from './app.ts';
import { consumeBatch } from './events/consumer.ts';
import { sweep } from './events/sweep.ts';
import { rotateSecretsOnSchedule } from './operations/key-rotation-job.ts';
import { runRetention } from './operations/retention.ts';

export { ConversationRoom } from '../durable-objects/conversation-room.ts';
export { ProjectInbox } from '../durable-objects/project-inbox.ts';

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  async queue(batch, env) {
    await consumeBatch(batch, env);
  },
  async scheduled(_controller, env) {
    const result = await sweep(env);
    if (result.published > 0 || result.deliveriesAttempted > 0) {
      console.log(`sweep: published ${result.published}, webhook attempts ${result.deliveriesAttempted}`);
    }
    await rotateSecretsOnSchedule(env);
    const kept = await runRetention(env);
    const removed = Object.entries(kept).filter(([, n]) => n > 0);
    if (removed.length > 0) console.log(`retention: ${removed.map(([what, n]) => `${what} ${n}`).join(', ')}`);
  },
} satisfies ExportedHandler<Env>;
