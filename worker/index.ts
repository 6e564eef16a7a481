// The Worker entry: HTTP (Hono), the outbox Queue consumer, the cron (sweep, key rotation,
// retention) and inbound email (replies by email, worker/email/inbound.ts); exports the DOs.
// First, before any module creates a zod schema: zod 4 gives a schema `.openapi()` only if
// @hono/zod-openapi has extended zod by then, and the routes name contract schemas with it.
import '@hono/zod-openapi';
import { log, newRequestId, withLogContext } from '../core/platform/log.ts';
import { createApp } from './app.ts';
import { receiveEmail } from './email/inbound.ts';
import { consumeQueue } from './events/forward.ts';
import { sweep } from './events/sweep.ts';
import { rotateSecretsOnSchedule } from './operations/key-rotation-job.ts';
import { runRetention } from './operations/retention.ts';

export { ConversationRoom } from '../durable-objects/conversation-room.ts';
export { ProjectInbox } from '../durable-objects/project-inbox.ts';
export { EventConsumer } from './events/consumer-object.ts';

const app = createApp();

export default {
  // The request's log context (its request id) is set by the app's first middleware.
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  // A Queue batch and a cron run have no request: each gets an id of its own for its log lines. The
  // batch is consumed in an EventConsumer object, on a warm connection (worker/events/forward.ts).
  queue: (batch, env) => withLogContext({ requestId: newRequestId() }, () => consumeQueue(batch, env)),
  // Email Routing hands `reply+<token>@` mail here; locally, POST /cdn-cgi/handler/email (README).
  email: (message, env) => withLogContext({ requestId: newRequestId() }, () => receiveEmail(message, env)),
  scheduled: (_controller, env) =>
    withLogContext({ requestId: newRequestId() }, async () => {
      const result = await sweep(env);
      if (result.published > 0 || result.deliveriesAttempted > 0) {
        log.info('sweep', { published: result.published, count: result.deliveriesAttempted });
      }
      await rotateSecretsOnSchedule(env);
      const removed = await runRetention(env);
      for (const [task, count] of Object.entries(removed)) {
        if (count > 0) log.info('retention', { task, count });
      }
    }),
} satisfies ExportedHandler<Env>;
