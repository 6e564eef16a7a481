import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FaultLog, tapStream } from './workerd-faults.ts';

// What the pool prints for a throw in a Durable Object's timer (ANSI colours as a TTY gets them).
const WORKERD = [
  "uncaught exception; source = Uncaught; stack = TypeError: Can't call WebSocket send() after close().",
  '    at /app/node_modules/@neondatabase/serverless/index.mjs:439:90',
  "uncaught exception; exception = workerd/jsg/value.h:1535: failed: jsg.TypeError: Can't call WebSocket send() after close().",
  'stack: /app/node_modules/@cloudflare/workerd-linux-64/bin/workerd@422557f workerd@379dc2e',
  '',
].join('\n');

describe('FaultLog', () => {
  it('keeps each uncaught exception once, with its stack', () => {
    const log = new FaultLog();
    log.feed(WORKERD);
    expect(log.all).toEqual([
      "uncaught exception; source = Uncaught; stack = TypeError: Can't call WebSocket send() after close().\n" +
        '    at /app/node_modules/@neondatabase/serverless/index.mjs:439:90',
    ]);
  });

  it('reads lines split across writes, coloured or not, and ignores everything else', () => {
    const log = new FaultLog();
    const text = `stdout | test/x.test.ts\n\u001b[31m${WORKERD}\u001b[39m✓ a test\n${WORKERD}`;
    for (let i = 0; i < text.length; i += 7) log.feed(text.slice(i, i + 7));
    expect(log.all).toHaveLength(2);
    expect(log.all.every((f) => f.startsWith('uncaught exception; source = Uncaught; stack = TypeError'))).toBe(true);
  });

  it('does not take a test that merely mentions the words for a fault', () => {
    const log = new FaultLog();
    log.feed('console.log | expected no uncaught exception; got none\n  at the end\n');
    expect(log.all).toEqual([]);
  });

  it('taps a stream without changing what it writes, and lets go', async () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    const log = new FaultLog();
    const chunks: string[] = [];
    (stream as unknown as PassThrough).on('data', (c: Buffer) => chunks.push(c.toString()));
    const undo = tapStream(stream, log);
    stream.write(WORKERD);
    stream.write(Buffer.from(WORKERD));
    undo();
    stream.write(WORKERD);
    await new Promise((r) => setImmediate(r));
    expect(log.all).toHaveLength(2);
    expect(chunks.join('')).toBe(WORKERD.repeat(3));
  });
});
