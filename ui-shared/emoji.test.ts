// The curated emoji list both composers' pickers show: parsed, searchable by name words, and
// inserted at the caret.
import { describe, expect, it } from 'vitest';
import { EMOJI_GROUPS, gridMove, searchEmoji } from './emoji.ts';
import { insertAt } from './insert-text.ts';

describe('emoji list', () => {
  it('holds a few hundred named emoji in groups, none twice', () => {
    const all = EMOJI_GROUPS.flatMap((g) => g.emoji);
    expect(all.length).toBeGreaterThan(300);
    expect(new Set(all.map((e) => e.char)).size).toBe(all.length);
    for (const e of all) {
      expect(e.char.length).toBeGreaterThan(0);
      expect(e.name).toMatch(/^[a-z0-9][a-z0-9 '’:.,!&-]*$/);
    }
  });

  it('finds emoji by the start of words in their names', () => {
    expect(searchEmoji('thumbs').map((e) => e.char)).toEqual(['👍', '👎']);
    expect(searchEmoji('heart').map((e) => e.char)).toContain('❤️');
    expect(searchEmoji('TEARS joy').map((e) => e.char)).toContain('😂');
    expect(searchEmoji('  ')).toEqual([]);
    expect(searchEmoji('zzzznotanemoji')).toEqual([]);
    expect(searchEmoji('face', 5)).toHaveLength(5);
  });

  it('moves focus through the grid with arrows, Home and End, never out of it', () => {
    expect(gridMove(0, 'ArrowRight', 20, 8)).toBe(1);
    expect(gridMove(0, 'ArrowLeft', 20, 8)).toBeNull();
    expect(gridMove(3, 'ArrowDown', 20, 8)).toBe(11);
    expect(gridMove(15, 'ArrowDown', 20, 8)).toBeNull();
    expect(gridMove(11, 'ArrowUp', 20, 8)).toBe(3);
    expect(gridMove(7, 'End', 20, 8)).toBe(19);
    expect(gridMove(7, 'Home', 20, 8)).toBe(0);
    expect(gridMove(7, 'a', 20, 8)).toBeNull();
  });

  it('inserts at the caret, replacing a selection', () => {
    expect(insertAt('hello world', 5, 5, '👋')).toEqual({ text: 'hello👋 world', caret: 7 });
    expect(insertAt('hello world', 6, 11, '🌍')).toEqual({ text: 'hello 🌍', caret: 8 });
    expect(insertAt('', 4, 9, '😀')).toEqual({ text: '😀', caret: 2 });
  });
});
