// The replay loop: in order, page by page, following a lastSeq that moves, private notes kept from visitors.
import { describe, expect, it } from 'vitest';
import type { RoomMessage } from '../../core/conversations/message.ts';
import { type ReplaySteps, replayAfter, resumePlan } from './replay.ts';

const message = (seq: number, isPrivate = false): RoomMessage => ({
  id: `m${seq}`,
  seq,
  clientId: null,
  author: { kind: 'agent', id: 'a1' },
  body: `body ${seq}`,
  private: isPrivate,
  attachment: null,
  createdAt: '2024-01-01T00:00:00.000Z',
});

/** A conversation whose lastSeq takes the given values on successive looks, served in pages of `pageSize`. */
function conversation(lastSeqs: number[], pageSize: number, held: RoomMessage[]) {
  const log: string[] = [];
  let look = 0;
  const steps: ReplaySteps<{ lastSeq: number }> = {
    latest: async () => {
      const lastSeq = lastSeqs[Math.min(look++, lastSeqs.length - 1)] ?? 0;
      log.push(`latest ${lastSeq}`);
      return { lastSeq };
    },
    page: async (_state, after, upTo) => held.filter((m) => m.seq > after && m.seq <= upTo).slice(0, pageSize),
    send: (_state, m) => log.push(`send ${m.seq}`),
    caughtUp: (cursor) => log.push(`caught up ${cursor}`),
  };
  return { log, steps };
}

const all = [1, 2, 3, 4, 5].map((seq) => message(seq, seq === 3));

describe('replayAfter', () => {
  it('sends everything after the cursor in pages, following lastSeq until it stops moving', async () => {
    const { log, steps } = conversation([3, 5, 5], 2, all);
    await replayAfter(0, 'agent', steps);
    expect(log).toEqual([
      'latest 3',
      'send 1',
      'send 2',
      'latest 5',
      'send 3',
      'send 4',
      'latest 5',
      'send 5',
      'latest 5',
      'caught up 5',
    ]);
  });

  it('keeps private notes from visitors but counts them as delivered', async () => {
    const { log, steps } = conversation([5], 10, all);
    await replayAfter(2, 'visitor', steps);
    expect(log).toEqual(['latest 5', 'send 4', 'send 5', 'latest 5', 'caught up 5']);
  });

  it('answers a cursor ahead of the conversation (or negative) with what was committed', async () => {
    const ahead = conversation([4], 10, all);
    await replayAfter(9, 'agent', ahead.steps);
    expect(ahead.log).toEqual(['latest 4', 'caught up 4']);
    const negative = conversation([0], 10, []);
    await replayAfter(-3, 'agent', negative.steps);
    expect(negative.log).toEqual(['latest 0', 'caught up 0']);
  });

  it('stops at an empty page instead of looping (messages missing from the source)', async () => {
    const { log, steps } = conversation([5], 10, []);
    await replayAfter(1, 'agent', steps);
    expect(log).toEqual(['latest 5', 'caught up 1']);
  });
});

describe('resumePlan: a socket is never sent a message twice', () => {
  it('replays nothing again that this socket was sent, and continues after what it was delivered', () => {
    // A fresh socket (welcomed at 10, live since): asking from 4 sends 5–10, then what came after 12.
    expect(resumePlan(4, 10, 12)).toEqual({ fill: { after: 4, upTo: 10 }, from: 12, sentFrom: 4 });
    // The same request again: everything in (4, 12] was sent; only what follows 12.
    expect(resumePlan(4, 4, 12)).toEqual({ fill: null, from: 12, sentFrom: 4 });
    // From inside what was sent: nothing older to fill.
    expect(resumePlan(7, 4, 12)).toEqual({ fill: null, from: 12, sentFrom: 4 });
  });

  it('believes a client that saw more on an earlier socket, and clamps a negative seq', () => {
    expect(resumePlan(20, 10, 12)).toEqual({ fill: null, from: 20, sentFrom: 20 });
    expect(resumePlan(-3, 5, 5)).toEqual({ fill: { after: 0, upTo: 5 }, from: 5, sentFrom: 0 });
  });
});
