// Canned responses in the composer: spotting "/shortcut" at the cursor, ranking matches, filling placeholders.
import { describe, expect, it } from 'vitest';
import { type CannedResponse, fillTemplate, insertCanned, matchCanned, slashTokenAt } from './canned.ts';

const responses: CannedResponse[] = [
  { id: '1', shortcut: 'refund', title: 'Refund policy', body: 'Refunds within 30 days, {{visitor.first_name}}.' },
  { id: '2', shortcut: 're', title: 'Reopen', body: 'Reopened.' },
  { id: '3', shortcut: 'hello', title: 'Greeting', body: 'Hi {{visitor.name}}, I am {{agent.first_name}}.' },
  { id: '4', shortcut: 'shipping', title: 'Where is my refund?', body: 'Shipping…' },
];
const values = { visitorName: 'Ada Lovelace', visitorEmail: 'ada@x.test', agentName: 'Sam Agent' };

describe('canned responses in the composer', () => {
  it('finds the slash token at the cursor only at a word start', () => {
    expect(slashTokenAt('/ref', 4)).toEqual({ start: 0, end: 4, query: 'ref' });
    expect(slashTokenAt('Thanks! /he', 11)).toEqual({ start: 8, end: 11, query: 'he' });
    expect(slashTokenAt('/refund tail', 3)).toEqual({ start: 0, end: 7, query: 're' });
    expect(slashTokenAt('a/b', 3)).toBeNull();
    expect(slashTokenAt('https://x.test/path', 19)).toBeNull();
    expect(slashTokenAt('no slash', 3)).toBeNull();
    expect(slashTokenAt('/', 1)).toEqual({ start: 0, end: 1, query: '' });
  });

  it('ranks shortcut prefixes first (shortest first), then substrings of shortcut or title', () => {
    expect(
      matchCanned(responses, 're')
        .map((r) => r.shortcut)
        .slice(0, 2),
    ).toEqual(['re', 'refund']);
    expect(matchCanned(responses, 'ref').map((r) => r.shortcut)).toEqual(['refund', 'shipping']);
    expect(matchCanned(responses, 'greet').map((r) => r.shortcut)).toEqual(['hello']);
    expect(matchCanned(responses, 'zzz')).toEqual([]);
    expect(matchCanned(responses, '', 2)).toHaveLength(2);
  });

  it('fills known placeholders and leaves unknown ones', () => {
    expect(fillTemplate('Hi {{visitor.first_name}} / {{ visitor.name }} / {{agent.name}} / {{order.id}}', values)).toBe(
      'Hi Ada / Ada Lovelace / Sam Agent / {{order.id}}',
    );
    expect(fillTemplate('Hi {{visitor.first_name}}', { visitorName: null, visitorEmail: null, agentName: 'S' })).toBe(
      'Hi there',
    );
  });

  it('replaces the token with the filled response and puts the cursor after it', () => {
    const text = 'Sure! /hel and more';
    const token = slashTokenAt(text, 10);
    expect(token).not.toBeNull();
    if (!token) return;
    const result = insertCanned(text, token, responses[2] as CannedResponse, values);
    expect(result.text).toBe('Sure! Hi Ada Lovelace, I am Sam. and more');
    expect(result.cursor).toBe('Sure! Hi Ada Lovelace, I am Sam.'.length);
  });
});
