// Agent sessions: the server-side half of the hybrid token–session model (see docs/AUTHENTICATION.md).
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { users } from './tenancy.ts';

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the current opaque refresh token; the token itself is never stored. */
    refreshTokenHash: text('refresh_token_hash').notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The last time the user proved who they are on this session: the sign-in that made it, or
     * POST /api/auth/reauthenticate. Sensitive account changes need it recent (sudo mode). */
    reauthenticatedAt: timestamp('reauthenticated_at', { withTimezone: true }).defaultNow(),
    ...timestamps,
  },
  (t) => [index('sessions_user_idx').on(t.userId), uniqueIndex('sessions_refresh_token_idx').on(t.refreshTokenHash)],
);
