// Reading a Postgres error out of whatever drizzle or the Neon driver threw: its SQLSTATE and
// constraint, the only parts callers branch on (never its message, which may carry parameters).

export interface PgErrorInfo {
  code: string;
  constraint?: string;
}

/**
 * The Postgres error inside `err` (drizzle wraps driver errors in `cause`), or undefined. A Postgres
 * error carries a five-character SQLSTATE; anything else means the connection itself is suspect.
 */
export function pgError(err: unknown): PgErrorInfo | undefined {
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const code = 'code' in e ? e.code : undefined;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const constraint = 'constraint' in e && typeof e.constraint === 'string' ? e.constraint : undefined;
      return constraint ? { code, constraint } : { code };
    }
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}
