import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '../../contract/events.ts';
import { type FactChange, factChange, foldFirstResponses } from './facts.ts';

const conversationId = '0b9a6a3e-5c0e-4f5e-9a55-1f0e8b6f2a10';
const projectId = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const agentId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const at = '2026-11-10T09:00:00.000Z';
const ev = (type: string, payload: Record<string, unknown>): OutboxEvent => ({
  id: 'e0000000-0000-4000-8000-000000000001',
  projectId,
  type,
  aggregateType: 'conversation',
  aggregateId: conversationId,
  payload: { conversationId, projectId, ...payload },
  createdAt: at,
});
const message = (kind: 'agent' | 'visitor', isPrivate = false) =>
  ev('message.created', {
    message: {
      id: 'm',
      seq: 2,
      clientId: null,
      author: { kind, id: agentId, name: 'Ann' },
      body: 'x',
      private: isPrivate,
      attachment: null,
      createdAt: '2026-11-10T09:02:00+01:00',
    },
  });

describe('the fact an event changes', () => {
  it('takes a public agent message as a first response candidate, in UTC; not a note, not the visitor', () => {
    expect(factChange(message('agent'))).toEqual({
      conversationId,
      change: { kind: 'first_response', at: '2026-11-10T08:02:00.000Z' },
    });
    expect(factChange(message('agent', true))).toBeNull();
    expect(factChange(message('visitor'))).toBeNull();
  });

  it('times a status change or an assignment by its outbox row; an assignment outranks a creation', () => {
    const resolved = factChange(
      ev('conversation.status_changed', { from: 'open', to: 'resolved', snoozedUntil: null, by: { kind: 'system' } }),
    );
    expect(resolved?.change).toMatchObject({ kind: 'status', at, resolved: true });
    const created = factChange(ev('conversation.created', { visitorId: 'v', assigneeId: agentId, createdAt: at }));
    const assigned = factChange(
      ev('conversation.assigned', { previousAssigneeId: null, assigneeId: agentId, by: { kind: 'system' } }),
    );
    expect(created?.change).toMatchObject({ kind: 'opened', assigneeId: agentId });
    const keyOf = (f: typeof created) => (f && 'key' in f.change ? f.change.key : '');
    expect(keyOf(assigned) > keyOf(created)).toBe(true);
  });

  it('keeps a label set sorted and once each, and a rating with the resolution it rates', () => {
    const labels = factChange(
      ev('conversation.labels_changed', {
        labelIds: ['b', 'a', 'b'],
        added: ['a'],
        removed: [],
        changedAt: at,
        by: { kind: 'system' },
      }),
    );
    expect(labels?.change).toMatchObject({ kind: 'labels', labelIds: ['a', 'b'] });
    const rated = factChange(
      ev('conversation.rated', {
        resolvedAt: at,
        assigneeId: 'not-a-uuid',
        rating: 4,
        previousRating: null,
        comment: null,
        ratedAt: at,
      }),
    );
    expect(rated?.change).toMatchObject({ kind: 'rating', rating: 4, resolvedAt: at, assigneeId: null });
  });

  it('ignores what it cannot read: a bad payload, a rating out of range, another event type, a bad conversation id', () => {
    expect(
      factChange(
        ev('conversation.rated', {
          resolvedAt: at,
          assigneeId: null,
          rating: 6,
          previousRating: null,
          comment: null,
          ratedAt: at,
        }),
      ),
    ).toBeNull();
    expect(
      factChange(ev('conversation.created', { visitorId: 'v', assigneeId: null, createdAt: 'yesterday' })),
    ).toBeNull();
    expect(factChange(ev('member.added', { userId: 'u', role: 'agent' }))).toBeNull();
    expect(
      factChange({
        ...ev('conversation.created', { visitorId: 'v', assigneeId: null, createdAt: at }),
        payload: { conversationId: 'x', projectId, visitorId: 'v', assigneeId: null, createdAt: at },
      }),
    ).toBeNull();
  });
});

describe('a batch of changes', () => {
  it("folds each conversation's first-response candidates into its earliest and keeps the rest in order", () => {
    const other = '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';
    const reply = (id: string, when: string) => ({
      conversationId: id,
      change: { kind: 'first_response', at: when } satisfies FactChange,
    });
    const status = { conversationId, change: { kind: 'status', at, resolved: true, key: 'k' } satisfies FactChange };
    const folded = foldFirstResponses([
      reply(conversationId, '2026-11-10T09:05:00.000Z'),
      status,
      reply(other, '2026-11-10T09:07:00.000Z'),
      reply(conversationId, '2026-11-10T09:01:00.000Z'),
      reply(conversationId, '2026-11-10T09:03:00.000Z'),
    ]);
    expect(folded).toEqual([
      status,
      reply(conversationId, '2026-11-10T09:01:00.000Z'),
      reply(other, '2026-11-10T09:07:00.000Z'),
    ]);
  });
});
