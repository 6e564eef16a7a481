// The list preview of a message: shortened on a character boundary, never inside a surrogate pair.
import { describe, expect, it } from 'vitest';
import { previewOf } from './denormalize.ts';

describe('previewOf', () => {
  it('keeps short text, collapses whitespace and shortens long text to 140 code units with an ellipsis', () => {
    expect(previewOf('  Where   is\nmy order? ', null)).toBe('Where is my order?');
    expect(previewOf('x'.repeat(200), null)).toBe(`${'x'.repeat(139)}…`);
  });

  it('never leaves half of an emoji at the cut (a lone surrogate that Postgres refuses)', () => {
    for (const lead of ['', 'a']) {
      const preview = previewOf(`${lead}${'😀'.repeat(100)}`, null);
      expect(preview.isWellFormed(), JSON.stringify(preview.slice(-3))).toBe(true);
      expect(preview.endsWith('…')).toBe(true);
    }
  });

  it('names the attachment when there is no text', () => {
    expect(previewOf('   ', 'invoice.pdf')).toBe('📎 invoice.pdf');
  });
});
