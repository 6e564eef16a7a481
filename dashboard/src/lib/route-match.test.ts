// Path matching for the router, and reading tokens from URL fragments.
import { describe, expect, it } from 'vitest';
import { fragmentParam, matchPath } from './route-match.ts';

describe('matchPath', () => {
  it('matches static and parameter segments, with optional ones', () => {
    expect(matchPath('/sign-in', '/sign-in')).toEqual({});
    expect(matchPath('/sign-in', '/sign-in/')).toEqual({});
    expect(matchPath('/p/:projectId/inbox/:conversationId?', '/p/abc/inbox')).toEqual({ projectId: 'abc' });
    expect(matchPath('/p/:projectId/inbox/:conversationId?', '/p/abc/inbox/c%201')).toEqual({
      projectId: 'abc',
      conversationId: 'c 1',
    });
  });

  it('rejects other paths, longer paths and undecodable segments', () => {
    expect(matchPath('/p/:projectId/inbox', '/p/abc/settings')).toBeNull();
    expect(matchPath('/p/:projectId', '/p/abc/inbox')).toBeNull();
    expect(matchPath('/p/:projectId', '/p')).toBeNull();
    expect(matchPath('/p/:projectId', '/p/%E0%A4%A')).toBeNull();
    expect(matchPath('/', '/anything')).toBeNull();
  });

  it('reads a token from a fragment', () => {
    expect(fragmentParam('#token=abc-123', 'token')).toBe('abc-123');
    expect(fragmentParam('', 'token')).toBeNull();
  });
});
