// What a bulk change did, as one toast: "3 conversations resolved", or "2 resolved, 1 failed:
// <why>" when some did not change (those stay selected, so the agent can try them again).
import type { BulkChange, BulkResult } from '../../../../../contract/rest/conversations.ts';
import { priorityLabel } from '../../../lib/priority.ts';

export type BulkAction = BulkChange['action'];

/** Names the toast needs that the ids do not carry. */
export interface BulkNames {
  /** The assignee's name ("you" for me), for `assign`. */
  assignee?: string | null;
  /** The label's name, for `labels`. */
  label?: string | null;
}

export interface BulkSummary {
  tone: 'success' | 'error';
  message: string;
  /** The conversations that did not change: they stay selected. */
  failedIds: string[];
}

/** What happened to each changed conversation, after its count ("3 conversations …"). */
export function bulkVerb(action: BulkAction, names: BulkNames = {}): string {
  switch (action.kind) {
    case 'status':
      if (action.status === 'resolved') return 'resolved';
      if (action.status === 'open') return 'reopened';
      if (action.status === 'snoozed') return 'snoozed';
      return 'marked pending';
    case 'assign':
      return action.assigneeId === null ? 'unassigned' : `assigned to ${names.assignee ?? 'another agent'}`;
    case 'labels': {
      const label = names.label ? `“${names.label}”` : 'the label';
      return action.op === 'add' ? `labelled ${label}` : `no longer labelled ${label}`;
    }
    case 'priority':
      return action.priority === null ? 'left without a priority' : `set to ${priorityLabel(action.priority)}`;
    // An action the contract gains later still reads, and still compiles.
    default:
      return 'changed';
  }
}

const conversations = (n: number) => `${n} conversation${n === 1 ? '' : 's'}`;

export function summarizeBulk(action: BulkAction, result: BulkResult, names: BulkNames = {}): BulkSummary {
  const verb = bulkVerb(action, names);
  const failed = result.results.filter((r) => !r.ok);
  const done = result.results.length - failed.length;
  const failedIds = failed.map((r) => r.conversationId);
  if (failed.length === 0) return { tone: 'success', message: `${conversations(done)} ${verb}`, failedIds };
  const why = failed.find((r) => r.error?.message)?.error?.message ?? 'it could not be changed';
  const head = done === 0 ? `None ${verb}` : `${done} ${verb}`;
  return { tone: 'error', message: `${head}, ${failed.length} failed: ${why}`, failedIds };
}
