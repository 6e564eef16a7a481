// Who is calling, as far as the edge can tell: client IP (Cloudflare's header) and user agent.
import type { Context } from 'hono';

export interface RequestInfo {
  ip: string;
  userAgent: string | null;
}

export function requestInfo(c: Context): RequestInfo {
  // Cloudflare sets CF-Connecting-IP itself and overwrites any value a client sends.
  const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
  const userAgent = c.req.header('user-agent')?.slice(0, 300) ?? null;
  return { ip, userAgent };
}
