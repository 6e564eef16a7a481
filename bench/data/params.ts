// The data scenario's sizes (`npm run bench:data`): one project as a busy team has it after a few
// years. Everything scales from the conversation count, so the unit test's tiny run and the full
// run seed the same shape; BENCH_DATA_CONVERSATIONS overrides the count (a smaller run is not
// written into docs/).

export interface DataParams {
  conversations: number;
  /** Mean messages per conversation: each has 4 … 2·mean − 4 of them (mean 20 → 2,000,000 in all). */
  messagesPerConversation: number;
  agents: number;
  labels: number;
  contacts: number;
  /** Timed requests per measured route, after `warmup` untimed ones. */
  samples: number;
  warmup: number;
  /** How far back the conversations go: activity is spread evenly over this many days. */
  historyDays: number;
}

export const FULL_CONVERSATIONS = 100_000;

/** The sizes at 100,000 conversations: 2,000,000 messages, 200 agents, 50 labels, 100,000 contacts. */
export function dataParams(conversations = FULL_CONVERSATIONS): DataParams {
  if (!Number.isInteger(conversations) || conversations < 100) {
    throw new Error(`the data scenario needs at least 100 conversations, not ${conversations}`);
  }
  const scale = conversations / FULL_CONVERSATIONS;
  return {
    conversations,
    messagesPerConversation: 20,
    agents: Math.max(4, Math.round(200 * scale)),
    labels: Math.max(5, Math.min(50, Math.round(50 * scale * 10))),
    contacts: conversations,
    samples: conversations >= FULL_CONVERSATIONS ? 100 : 20,
    warmup: conversations >= FULL_CONVERSATIONS ? 10 : 3,
    historyDays: 730,
  };
}

/** Messages the seed writes for these parameters (the count is a deterministic function of the row number). */
export function expectedMessages(p: DataParams, messageCount: (i: number) => number = (i) => messagesIn(p, i)) {
  let total = 0;
  for (let i = 1; i <= p.conversations; i++) total += messageCount(i);
  return total;
}

/**
 * Postgres's hashint4 is not available here; the seed computes the count in SQL with the same
 * formula over `mod(i * 7919, span)`, which spreads the counts evenly without a hash.
 */
export function messagesIn(p: DataParams, i: number): number {
  const span = 2 * p.messagesPerConversation - 7;
  return 4 + ((i * 7919) % span);
}
