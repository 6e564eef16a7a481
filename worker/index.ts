// The Worker entry: HTTP (Hono), the outbox Queue consumer and the cron sweep; exports the DOs.
import { createApp } from './app.ts';
import { rotateSecretsOnSchedule } from './auth/key-rotation-job.ts';

export { ConversationRoom } from '../durable-objects/conversation-room.ts';
export { ProjectInbox } from '../durable-objects/project-inbox.ts';

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  async queue(batch) {
    // The events issue replaces this with the idempotent consumer; until then nothing is produced.
    for (const message of batch.messages) message.ack();
  },
  async scheduled(_controller, env) {
    // The events issue adds the outbox sweep here.
    await rotateSecretsOnSchedule(env);
  },
} satisfies ExportedHandler<Env>;
