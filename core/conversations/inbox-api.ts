// What the Worker hands the ProjectInbox: the header naming the agent on a socket upgrade, and the
// committed conversation changes the events consumer pushes over RPC.
import type { ConversationSummary } from '../../contract/frames.ts';

export const INBOX_AGENT_HEADER = 'x-parley-agent';

export type ConversationChange = 'created' | 'updated' | 'assigned';

/** One conversation as committed, at the row's revision. */
export interface InboxChange {
  change: ConversationChange;
  conversation: ConversationSummary;
  revision: number;
}
