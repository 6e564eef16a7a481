// Agents' presence in a project, derived from the inbox sockets' attachments (so hibernation loses
// nothing), and the round-robin choice among online agents that auto-assignment uses.
export type PresenceStatus = 'online' | 'away';

export interface InboxConnection {
  userId: string;
  name: string;
  status: PresenceStatus;
}

export interface AgentPresence {
  id: string;
  name: string;
  status: PresenceStatus;
}

/** One entry per agent: online when any of their dashboards is online, else away. */
export function presenceOf(connections: readonly InboxConnection[]): AgentPresence[] {
  const agents = new Map<string, AgentPresence>();
  for (const c of connections) {
    const known = agents.get(c.userId);
    if (!known) agents.set(c.userId, { id: c.userId, name: c.name, status: c.status });
    else if (c.status === 'online') known.status = 'online';
  }
  return [...agents.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The next online agent after `last` in id order (wrapping), among `eligible` (current members).
 * Null when nobody eligible is online.
 */
export function nextAssignee(
  presence: readonly AgentPresence[],
  eligible: ReadonlySet<string>,
  last: string | null,
): string | null {
  const online = presence.filter((a) => a.status === 'online' && eligible.has(a.id)).map((a) => a.id);
  if (online.length === 0) return null;
  const after = last === null ? undefined : online.find((id) => id > last);
  return after ?? online[0] ?? null;
}
