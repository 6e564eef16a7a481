// The toast a bulk change ends with, and which conversations stay selected.
import { describe, expect, it } from 'vitest';
import type { BulkResult } from '../../../../../contract/rest/conversations.ts';
import { bulkVerb, summarizeBulk } from './bulk-summary.ts';

const result = (...oks: boolean[]): BulkResult => ({
  results: oks.map((ok, i) =>
    ok
      ? { conversationId: `c${i}`, ok }
      : { conversationId: `c${i}`, ok, error: { code: 'unavailable', message: 'Try again in a moment' } },
  ),
  conversations: [],
});

describe('summarizeBulk', () => {
  it('counts what changed when everything did', () => {
    expect(summarizeBulk({ kind: 'status', status: 'resolved' }, result(true, true, true))).toEqual({
      tone: 'success',
      message: '3 conversations resolved',
      failedIds: [],
    });
    expect(summarizeBulk({ kind: 'status', status: 'open' }, result(true)).message).toBe('1 conversation reopened');
  });

  it('says how many failed and why, and keeps the failed ones', () => {
    expect(summarizeBulk({ kind: 'status', status: 'resolved' }, result(true, false, true))).toEqual({
      tone: 'error',
      message: '2 resolved, 1 failed: Try again in a moment',
      failedIds: ['c1'],
    });
    expect(summarizeBulk({ kind: 'status', status: 'resolved' }, result(false, false)).message).toBe(
      'None resolved, 2 failed: Try again in a moment',
    );
  });

  it('gives a reason even when the server gave none', () => {
    const bare: BulkResult = { results: [{ conversationId: 'x', ok: false }], conversations: [] };
    expect(summarizeBulk({ kind: 'assign', assigneeId: null }, bare).message).toBe(
      'None unassigned, 1 failed: it could not be changed',
    );
  });
});

describe('bulkVerb', () => {
  it('names the assignee and the label', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(bulkVerb({ kind: 'assign', assigneeId: id }, { assignee: 'Ana' })).toBe('assigned to Ana');
    expect(bulkVerb({ kind: 'assign', assigneeId: id })).toBe('assigned to another agent');
    expect(bulkVerb({ kind: 'labels', op: 'add', labelIds: [id] }, { label: 'VIP' })).toBe('labelled “VIP”');
    expect(bulkVerb({ kind: 'labels', op: 'remove', labelIds: [id] }, { label: 'VIP' })).toBe(
      'no longer labelled “VIP”',
    );
  });

  it('words the snooze and pending statuses', () => {
    expect(bulkVerb({ kind: 'status', status: 'snoozed', snoozedUntil: '2030-01-01T00:00:00Z' })).toBe('snoozed');
    expect(bulkVerb({ kind: 'status', status: 'pending' })).toBe('marked pending');
  });

  it('words the priority set and cleared', () => {
    expect(bulkVerb({ kind: 'priority', priority: 'urgent' })).toBe('set to Urgent');
    expect(bulkVerb({ kind: 'priority', priority: null })).toBe('left without a priority');
  });
});
