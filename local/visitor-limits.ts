// For stacks whose every visitor comes from this machine (the e2e suite, the benchmark): the
// widget's per-IP and per-visitor abuse limits (worker/visitors/rate-limit.ts) would otherwise
// refuse the later tests' sessions and conversations, all from 127.0.0.1, by the order they ran in.
export const VISITOR_LIMIT_NAMES = [
  'widget_session_ip',
  'widget_session_visitor',
  'conversation_open_ip',
  'conversation_open_visitor',
  'message_send_ip',
  'transcript_request_ip',
  'transcript_request_visitor',
] as const;

/** An `AUTH_RATE_LIMITS` value that lifts them, and any `extra` limits named (the other auth limits stay as they are). */
export const liftedVisitorLimits = (extra: readonly string[] = []): string =>
  JSON.stringify(
    Object.fromEntries([...VISITOR_LIMIT_NAMES, ...extra].map((name) => [name, { limit: 1_000_000, window: '1 m' }])),
  );
