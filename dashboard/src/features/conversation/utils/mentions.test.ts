// @mentions in notes: the token at the cursor, the suggestions, the insertion, the ids sent and
// the segments a note is drawn from.
import { describe, expect, it } from 'vitest';
import {
  insertMention,
  matchTeammates,
  mentionedIds,
  mentionTokenAt,
  splitMentions,
  type Teammate,
} from './mentions.ts';

const team: Teammate[] = [
  { id: 'u-me', name: 'Alice Admin', online: true },
  { id: 'u-b', name: 'Manager B', online: false },
  { id: 'u-ann', name: 'Ann', online: true },
  { id: 'u-anna', name: 'Anna Lee', online: false },
  { id: 'u-bob', name: 'Bob Martin', online: true },
];

describe('mentionTokenAt', () => {
  it('finds "@query" at the start of the text or after whitespace', () => {
    expect(mentionTokenAt('@', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(mentionTokenAt('hi @Man', 7)).toEqual({ start: 3, end: 7, query: 'Man' });
    expect(mentionTokenAt('hi\n@ma', 6)).toEqual({ start: 3, end: 6, query: 'ma' });
  });

  it('lets the query hold a space (names do) and runs to the end of the word under the cursor', () => {
    expect(mentionTokenAt('@Manager B', 10)).toEqual({ start: 0, end: 10, query: 'Manager B' });
    expect(mentionTokenAt('@Manxyz later', 4)).toEqual({ start: 0, end: 7, query: 'Man' });
  });

  it('ignores an "@" inside a word, after a line break or followed by a space', () => {
    expect(mentionTokenAt('mail me at a@b.c', 16)).toBeNull();
    expect(mentionTokenAt('@ann\nthanks', 11)).toBeNull();
    expect(mentionTokenAt('@ hello', 7)).toBeNull();
    expect(mentionTokenAt('no at sign', 5)).toBeNull();
    expect(mentionTokenAt('@x', 99)).toBeNull();
  });
});

describe('matchTeammates', () => {
  it('never suggests me; an empty query lists online teammates first', () => {
    expect(matchTeammates(team, '', 'u-me').map((t) => t.id)).toEqual(['u-ann', 'u-bob', 'u-anna', 'u-b']);
  });

  it('puts name prefixes before word prefixes, case-insensitively', () => {
    expect(matchTeammates(team, 'an', 'u-me').map((t) => t.id)).toEqual(['u-ann', 'u-anna']);
    expect(matchTeammates(team, 'b', 'u-me').map((t) => t.id)).toEqual(['u-bob', 'u-b']);
    expect(matchTeammates(team, 'manager b', 'u-me').map((t) => t.id)).toEqual(['u-b']);
    expect(matchTeammates(team, 'lee', 'u-me').map((t) => t.id)).toEqual(['u-anna']);
    expect(matchTeammates(team, 'ann thanks', 'u-me')).toEqual([]);
  });

  it('skips nameless entries and honours the limit', () => {
    expect(matchTeammates([{ id: 'x', name: ' ' }, ...team], '', 'u-me', 2)).toHaveLength(2);
  });
});

describe('insertMention', () => {
  it('replaces the token with "@Name " and puts the cursor after the space', () => {
    const token = mentionTokenAt('please @man look', 11);
    expect(token).not.toBeNull();
    if (!token) return;
    expect(insertMention('please @man look', token, 'Manager B')).toEqual({
      text: 'please @Manager B look',
      cursor: 18,
    });
    const end = mentionTokenAt('cc @b', 5);
    if (!end) throw new Error('no token');
    expect(insertMention('cc @b', end, 'Bob Martin')).toEqual({ text: 'cc @Bob Martin ', cursor: 15 });
  });
});

describe('mentionedIds', () => {
  const picked = [team[1], team[2], team[3]] as Teammate[];

  it('sends the picked teammates whose "@Name" is still in the body, once each', () => {
    expect(mentionedIds('@Manager B and @Ann, see @Manager B', picked)).toEqual(['u-b', 'u-ann']);
  });

  it('drops a mention that was deleted or edited into another word', () => {
    expect(mentionedIds('@Anna Lee only', picked)).toEqual(['u-anna']);
    expect(mentionedIds('@Manager Bee and x@Ann', picked)).toEqual([]);
    expect(mentionedIds('nothing here', picked)).toEqual([]);
  });

  it('never sends more than the contract allows', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `id${i}`, name: `T${i}x` }));
    const body = many.map((t) => `@${t.name}`).join(' ');
    expect(mentionedIds(body, many)).toHaveLength(20);
  });
});

describe('splitMentions', () => {
  const names: Record<string, string> = { 'u-b': 'Manager B', 'u-ann': 'Ann', 'u-anna': 'Anna Lee' };
  const nameOf = (id: string) => names[id];

  it('cuts the mentions of known ids out of the text', () => {
    expect(splitMentions('Hi @Manager B, can you check? @Ann too', ['u-b', 'u-ann'], nameOf)).toEqual([
      { text: 'Hi ' },
      { text: '@Manager B', mentionId: 'u-b' },
      { text: ', can you check? ' },
      { text: '@Ann', mentionId: 'u-ann' },
      { text: ' too' },
    ]);
  });

  it('prefers the longer name and leaves "@Anna" alone when only Ann is mentioned', () => {
    expect(splitMentions('@Anna Lee', ['u-ann', 'u-anna'], nameOf)).toEqual([
      { text: '@Anna Lee', mentionId: 'u-anna' },
    ]);
    expect(splitMentions('@Anna Lee', ['u-ann'], nameOf)).toEqual([{ text: '@Anna Lee' }]);
  });

  it('keeps the text plain for no mentions, unknown ids and names not in the text', () => {
    expect(splitMentions('@Ann', undefined, nameOf)).toEqual([{ text: '@Ann' }]);
    expect(splitMentions('@Ann', ['u-unknown'], nameOf)).toEqual([{ text: '@Ann' }]);
    expect(splitMentions('hello', ['u-ann'], nameOf)).toEqual([{ text: 'hello' }]);
    expect(splitMentions('', ['u-ann'], nameOf)).toEqual([{ text: '' }]);
  });
});
