// A retried clientId must repeat its message: the same body, privacy and kind (text or file).
import { describe, expect, it } from 'vitest';
import { sameMessage } from './group-commit.ts';

describe('sameMessage', () => {
  const committed = { body: 'Where is my order?', private: false, attachment: null };

  it('accepts an exact retry, with or without the default private flag', () => {
    expect(sameMessage(committed, { clientId: 'c', body: 'Where is my order?' })).toBe(true);
    expect(sameMessage(committed, { clientId: 'c', body: 'Where is my order?', private: false })).toBe(true);
  });

  it('refuses another body, another privacy, or a file in place of text', () => {
    expect(sameMessage(committed, { clientId: 'c', body: 'Where is my parcel?' })).toBe(false);
    expect(sameMessage(committed, { clientId: 'c', body: 'Where is my order?', private: true })).toBe(false);
    const file = { id: 'a', key: 'k', name: 'x.pdf', contentType: 'application/pdf', size: 1 };
    expect(sameMessage(committed, { clientId: 'c', body: 'Where is my order?', attachment: file })).toBe(false);
  });
});
