// How failures reach clients: a RoomError keeps its code, anything else is a retryable `unavailable`.
import { describe, expect, it } from 'vitest';
import { asResult, failure, RoomError } from './errors.ts';

describe('failure', () => {
  it('keeps a RoomError’s code and message, and hides anything else behind unavailable', () => {
    expect(failure(new RoomError('not_found', 'Conversation not found'))).toEqual({
      code: 'not_found',
      message: 'Conversation not found',
    });
    expect(failure(new Error('connection reset'))).toMatchObject({ code: 'unavailable' });
  });
});

describe('asResult', () => {
  it('answers a value as ok, and a throw as its failure', async () => {
    expect(await asResult(async () => 7)).toEqual({ ok: true, value: 7 });
    expect(await asResult(() => Promise.reject(new RoomError('forbidden', 'no')))).toEqual({
      ok: false,
      code: 'forbidden',
      message: 'no',
    });
    expect(await asResult(() => Promise.reject(new Error('boom')))).toMatchObject({ ok: false, code: 'unavailable' });
  });
});
