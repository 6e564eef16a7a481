// The conversations the ProjectInbox pushed lately, the newest revision of each, numbered in the
// order they arrived. A list fetch that was in flight when a push arrived may answer with an older
// copy (Postgres read before the push's commit) and would overwrite the newer one in the cache: the
// fetched page is reconciled with the pushes that arrived while it travelled (get-conversations.ts).
import type { ConversationSummary } from '../../../lib/protocol.ts';

const KEEP = 500;

export class RecentPushes {
  private readonly byId = new Map<string, { conversation: ConversationSummary; at: number }>();
  private clock = 0;

  /** A pushed copy; one older than a copy already held changes nothing. */
  remember(conversation: ConversationSummary): void {
    const held = this.byId.get(conversation.id);
    if (held && held.conversation.revision > conversation.revision) return;
    this.byId.delete(conversation.id);
    this.byId.set(conversation.id, { conversation, at: ++this.clock });
    if (this.byId.size > KEEP) {
      const oldest = this.byId.keys().next().value;
      if (oldest !== undefined) this.byId.delete(oldest);
    }
  }

  /** Where the pushes stand now: pass it to `since()` when the fetch has answered. */
  mark(): number {
    return this.clock;
  }

  /** The copies pushed after `mark`, in arrival order. */
  since(mark: number): ConversationSummary[] {
    return [...this.byId.values()].filter((p) => p.at > mark).map((p) => p.conversation);
  }
}

const byProject = new Map<string, RecentPushes>();

export function recentPushes(projectId: string): RecentPushes {
  let pushes = byProject.get(projectId);
  if (!pushes) {
    pushes = new RecentPushes();
    byProject.set(projectId, pushes);
  }
  return pushes;
}
