// Security headers (Hono's secureHeaders) on what the Worker answers, and the same policy for the
// dashboard's files that Workers Assets serve (dist/public/_headers, written by local/build.ts).
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The dashboard's CSP: its own origin only. `'self'` in connect-src covers ws:/wss: to the same
 * host (CSP Level 3), which the static _headers file cannot name. No 'unsafe-inline': the built
 * index.html has no inline script or style, and React sets style props through the CSSOM.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${kebab(name)} ${sources.join(' ')}`)
  .join('; ');

const HSTS = 'max-age=31536000; includeSubDomains';
const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** The API, /healthz and everything else the Worker answers: the full set. */
const everywhere = secureHeaders({
  contentSecurityPolicy: CSP_DIRECTIVES,
  strictTransportSecurity: HSTS,
  referrerPolicy: REFERRER_POLICY,
  xFrameOptions: 'DENY',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  // A header a route set itself (an attachment's sandbox CSP, the widget's CORP) is kept.
  overwrite: false,
});

/** Attachments: shown by the widget's <img> on customers' pages, a no-cors load CORP would block. */
const attachments = secureHeaders({
  contentSecurityPolicy: CSP_DIRECTIVES,
  strictTransportSecurity: HSTS,
  referrerPolicy: REFERRER_POLICY,
  xFrameOptions: 'DENY',
  crossOriginResourcePolicy: 'cross-origin',
  overwrite: false,
});

/** The widget's scripts, run inside customers' pages: nothing that concerns documents or framing. */
const widgetScripts = secureHeaders({
  strictTransportSecurity: HSTS,
  referrerPolicy: REFERRER_POLICY,
  crossOriginResourcePolicy: 'cross-origin',
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xFrameOptions: false,
  overwrite: false,
});

const pass: MiddlewareHandler = (_c, next) => next();

function policyFor(path: string): MiddlewareHandler {
  // /dev/* are local-only pages with their own CSP (the demo host page); /ws/* answers are the
  // Durable Objects' WebSocket upgrades, whose headers cannot change and mean nothing to a socket.
  if (path.startsWith('/dev/') || path.startsWith('/ws/')) return pass;
  if (path === '/widget.js' || path.startsWith('/widget/')) return widgetScripts;
  if (path.startsWith('/api/attachments/')) return attachments;
  return everywhere;
}

export const securityHeaders = (): MiddlewareHandler =>
  async function securityHeaders(c, next) {
    await policyFor(c.req.path)(c, next);
  };

/**
 * dist/public/_headers for Workers Assets: the same headers on the dashboard's HTML and files, and
 * the widget's scripts (also served through ASSETS) left loadable from any origin.
 */
export function assetHeadersFile(): string {
  const widget = [
    '  ! Content-Security-Policy',
    '  ! X-Frame-Options',
    '  ! Cross-Origin-Opener-Policy',
    '  ! Cross-Origin-Resource-Policy',
    '  ! Permissions-Policy',
    '  Cross-Origin-Resource-Policy: cross-origin',
  ];
  return [
    '# Written by local/build.ts from worker/middleware/security-headers.ts; do not edit.',
    '/*',
    `  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`,
    `  Strict-Transport-Security: ${HSTS}`,
    `  Referrer-Policy: ${REFERRER_POLICY}`,
    '  X-Content-Type-Options: nosniff',
    '  X-Frame-Options: DENY',
    '  Cross-Origin-Opener-Policy: same-origin',
    '  Cross-Origin-Resource-Policy: same-origin',
    '  Permissions-Policy: camera=(), microphone=(), geolocation=()',
    '/widget.js',
    ...widget,
    '/widget/*',
    ...widget,
    '',
  ].join('\n');
}
