// The Queue handler: hands the batch to an EventConsumer object (worker/events/consumer-object.ts),
// which consumes it on a warm pooled connection, and applies its decision for each message here
// (ack, retry with a delay, or neither). Without the binding (a Worker configured without it) the
// batch is consumed in the handler on a connection of its own, as before.
import { readConfig } from '../../core/platform/config.ts';
import { currentTrace } from '../../core/platform/log.ts';
import { consumeBatch } from './consumer.ts';
import type { EventConsumer } from './consumer-object.ts';

export async function consumeQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const namespace = env.EVENT_CONSUMER as DurableObjectNamespace<EventConsumer> | undefined;
  if (!namespace) return consumeBatch(batch, env);
  // Any shard will do: every handler is safe under concurrent and repeated batches (processed
  // markers, replay-safe statements), as it is with Cloudflare's concurrent consumer invocations.
  const shard = Math.floor(Math.random() * readConfig(env).EVENT_CONSUMER_SHARDS);
  const stub = namespace.get(namespace.idFromName(`event-consumer-${shard}`));
  // An object that could not be reached throws here: nothing was decided, and the Queue retries
  // the whole batch (as when the handler could not connect to Postgres).
  const { decisions, failed } = await stub.consume({
    queue: batch.queue,
    requestId: currentTrace().requestId,
    messages: batch.messages.map(({ id, timestamp, body, attempts }) => ({ id, timestamp, body, attempts })),
  });
  batch.messages.forEach((message, i) => {
    const decision = decisions[i];
    if (decision === 'ack') message.ack();
    else if (decision) message.retry(decision.retry);
  });
  // The object logged why; the messages it left undecided are retried by the Queue.
  if (failed) throw new Error('event consumer batch failed');
}
