// Failure classes: thrown errors and legacy rows alike come out as one of the documented classes.
import { describe, expect, it } from 'vitest';
import { failureOf, presentFailure } from './failure.ts';

describe('webhook failure classes', () => {
  it('classifies a thrown fetch error as timeout or connection_failed, whatever its text', () => {
    expect(failureOf(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('timeout');
    expect(failureOf(new TypeError('connect ECONNREFUSED 10.0.0.5:6379'))).toBe('connection_failed');
    expect(failureOf('weird')).toBe('connection_failed');
  });

  it('shows rows stored as raw text by their class', () => {
    expect(presentFailure(null)).toBeNull();
    expect(presentFailure('http_error')).toBe('http_error');
    expect(presentFailure('HTTP 500')).toBe('http_error');
    expect(presentFailure('refused: private, loopback and link-local addresses are not allowed')).toBe(
      'refused_address',
    );
    expect(presentFailure('endpoint disabled')).toBe('endpoint_disabled');
    expect(presentFailure('TimeoutError: The operation was aborted due to timeout')).toBe('timeout');
    expect(presentFailure('TypeError: connect ECONNREFUSED 10.0.0.5:22')).toBe('connection_failed');
  });
});
