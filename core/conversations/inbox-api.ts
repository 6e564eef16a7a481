// What the Worker hands the ProjectInbox: the header naming the agent on a socket upgrade, and the
// committed conversation changes the events consumer pushes over RPC.
import type { ConversationSummary, InboxServerFrame } from '../../contract/frames.ts';

export const INBOX_AGENT_HEADER = 'x-parley-agent';

export type ConversationChange = 'created' | 'updated' | 'assigned';

/** One conversation as committed, at the row's revision. */
export interface InboxChange {
  change: ConversationChange;
  conversation: ConversationSummary;
  revision: number;
}

/** A private note's mentions: the `mention` frame, for the sockets of these users only. */
export interface MentionPush {
  userIds: string[];
  frame: Extract<InboxServerFrame, { type: 'mention' }>;
}
