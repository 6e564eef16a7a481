// The inbox frames the dashboard accepts are the contract's: a mention frame passes whole, a
// malformed one is dropped instead of reaching a screen.
import { describe, expect, it } from 'vitest';
import { parseInboxFrame } from './protocol.ts';

const mention = {
  type: 'mention',
  conversationId: 'c1',
  messageId: 'm1',
  seq: 3,
  by: { id: 'u1', name: 'Bo' },
  preview: '@Ann look at this',
};

describe('parseInboxFrame', () => {
  it('accepts a mention frame', () => {
    expect(parseInboxFrame(mention)).toEqual(mention);
    expect(parseInboxFrame({ ...mention, by: { id: 'u1' } })).toEqual({ ...mention, by: { id: 'u1' } });
  });

  it('drops a malformed mention frame', () => {
    const { messageId: _messageId, ...noId } = mention;
    expect(parseInboxFrame(noId)).toBeNull();
    expect(parseInboxFrame({ ...mention, seq: 0 })).toBeNull();
    expect(parseInboxFrame({ ...mention, by: null })).toBeNull();
    expect(parseInboxFrame('mention')).toBeNull();
  });
});
