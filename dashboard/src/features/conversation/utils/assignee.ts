// Who has a conversation, as its header names them, and the choices of the Assign menu: me
// first, then the other agents, then nobody.

export interface AgentOption {
  id: string;
  name: string;
  online?: boolean;
}

/** "You", the agent's name, "Another agent" for someone not listed, or null when unassigned. */
export function assigneeLabel(assigneeId: string | null, meId: string, agents: AgentOption[]): string | null {
  if (!assigneeId) return null;
  if (assigneeId === meId) return 'You';
  return agents.find((a) => a.id === assigneeId)?.name ?? 'Another agent';
}

export type AssignChoice =
  | { kind: 'me'; id: 'me'; label: 'Me'; assigneeId: string }
  | { kind: 'agent'; id: string; label: string; assigneeId: string; online: boolean }
  | { kind: 'nobody'; id: 'none'; label: 'Unassigned'; assigneeId: null };

export function assignChoices(meId: string, agents: AgentOption[]): AssignChoice[] {
  return [
    { kind: 'me', id: 'me', label: 'Me', assigneeId: meId },
    ...agents
      .filter((a) => a.id !== meId)
      .map(
        (a): AssignChoice => ({ kind: 'agent', id: a.id, label: a.name, assigneeId: a.id, online: Boolean(a.online) }),
      ),
    { kind: 'nobody', id: 'none', label: 'Unassigned', assigneeId: null },
  ];
}
