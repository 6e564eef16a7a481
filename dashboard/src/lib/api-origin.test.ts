// The API's origin as the Pages build configures it, and the URLs built on it.
import { describe, expect, it } from 'vitest';
import { resolveApiOrigin, socketUrlOn } from './api-origin.ts';

describe('the API origin', () => {
  it('is this page when unset, else the configured origin without a trailing slash', () => {
    expect(resolveApiOrigin(undefined)).toBeNull();
    expect(resolveApiOrigin('')).toBeNull();
    expect(resolveApiOrigin('https://api.example.com/')).toBe('https://api.example.com');
  });

  it('gives sockets the matching scheme: wss for https, ws for http', () => {
    expect(socketUrlOn('https://api.example.com', '/ws/x?token=t')).toBe('wss://api.example.com/ws/x?token=t');
    expect(socketUrlOn('http://localhost:8787', '/ws/x')).toBe('ws://localhost:8787/ws/x');
  });
});
