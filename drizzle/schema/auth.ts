// Authentication state beside users and sessions: TOTP 2FA, MFA challenges, single-use email
// tokens, invitations, OAuth identities, personal API tokens, rotated refresh tokens and the
// security audit log (see docs/AUTHENTICATION.md).
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { sessions } from './sessions.ts';
import { memberRole, projects, users } from './tenancy.ts';

export const mfaStatus = pgEnum('mfa_status', ['disabled', 'enrolling', 'enabled']);

/** One row per user that ever started 2FA enrolment; no row = disabled. */
export const userMfa = pgTable('user_mfa', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  status: mfaStatus('status').notNull(),
  /** Base32 TOTP seed, AES-GCM encrypted with context `user_mfa.secret:<userId>`; null when disabled. */
  secret: text('secret'),
  /** The last TOTP time step accepted: a code from this step or an earlier one is never accepted again. */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  enabledAt: timestamp('enabled_at', { withTimezone: true }),
  ...timestamps,
});

/** Single-use recovery codes, stored as SHA-256 (they are 50-bit random, not passwords). */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mfa_recovery_codes_hash_idx').on(t.userId, t.codeHash)],
);

/** A password (or OAuth) sign-in waiting for its second factor: short-lived and attempt-limited. */
export const mfaChallenges = pgTable(
  'mfa_challenges',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** How the first factor was proven: 'password' or 'oauth:<provider>' (for the audit log). */
    method: text('method').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mfa_challenges_token_idx').on(t.tokenHash), index('mfa_challenges_user_idx').on(t.userId)],
);

export const emailTokenPurpose = pgEnum('email_token_purpose', ['verify_email', 'reset_password']);

/** Single-use tokens sent by email; only their SHA-256 is stored. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: emailTokenPurpose('purpose').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The address the token was sent to: a token proves ownership of this address only. */
    email: text('email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('email_tokens_hash_idx').on(t.tokenHash), index('email_tokens_user_idx').on(t.userId)],
);

/** A Manager's invitation to join a project with a role: expiring, single-use, by email. */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: memberRole('role').notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('invitations_token_idx').on(t.tokenHash), index('invitations_project_idx').on(t.projectId)],
);

/** A user's identity at an OAuth provider (GitHub's numeric id, Google's `sub`). */
export const oauthAccounts = pgTable(
  'oauth_accounts',
  {
    provider: text('provider').notNull(),
    providerUserId: text('provider_user_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The verified email the provider reported when the identity was linked. */
    email: text('email').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerUserId] }), index('oauth_accounts_user_idx').on(t.userId)],
);

/** Personal API tokens: Bearer credentials for one project's REST routes, at most a given role. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The user the token acts as; it never grants more than that user's current role. */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: memberRole('role').notNull(),
    /** SHA-256 of the token; the token is shown once, at creation. */
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, so a user can recognise it in a list. */
    prefix: text('prefix').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash), index('api_tokens_project_idx').on(t.projectId)],
);

/** Refresh tokens a session has rotated away from: presenting one again revokes the session. */
export const rotatedRefreshTokens = pgTable(
  'rotated_refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rotated_refresh_tokens_session_idx').on(t.sessionId)],
);

/** Security events. Project-level events carry their project; a user's own events (sign-in,
 * 2FA changes) are written once per project the user belongs to, so every Manager reads them in
 * their project's log, and once with no project when the user has none. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: id(),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    /** Who acted (null: an anonymous caller, e.g. a failed sign-in for an unknown email). */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    /** Whom it concerns, when not the actor (role change, removal). */
    targetUserId: uuid('target_user_id').references(() => users.id, { onDelete: 'set null' }),
    type: text('type').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** Non-secret details: role, token name, provider… */
    data: jsonb('data').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The audit log's page (order by created_at desc, id desc, keyset on both), read backwards: a
    // DESC NULLS LAST index cannot give that order, so Postgres sorted every row of the project.
    index('audit_events_project_idx').on(t.projectId, t.createdAt, t.id),
    index('audit_events_actor_idx').on(t.actorId),
    // Retention prunes by age across projects.
    index('audit_events_created_idx').on(t.createdAt),
  ],
);

export const auditEventTypes = [
  'auth.signed_up',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.signed_out_everywhere',
  'auth.password_changed',
  'auth.password_reset',
  'auth.refresh_token_reused',
  'auth.session_revoked',
  'auth.oauth_linked',
  'auth.reauthenticated',
  'mfa.enabled',
  'mfa.disabled',
  'mfa.recovery_codes_regenerated',
  'mfa.recovery_code_used',
  'mfa.challenge_failed',
  'mfa.challenge_locked',
  /** 2FA taken off by an account recovery (OAuth takeover, password reset), not by its user. */
  'mfa.reset',
  'member.invited',
  'member.invitation_revoked',
  'member.added',
  'member.role_changed',
  'member.removed',
  /** A grant (an accepted invitation, a role change) made by an account before its address was
   * proven, flagged when the account is recovered: a Manager reviews it and undoes it if need be. */
  'grant.needs_review',
  'project.created',
  'project.settings_changed',
  'project.identity_secret_rotated',
  'project.identity_secret_deleted',
  'api_token.created',
  'api_token.revoked',
  'visitor.blocked',
  /** Erasure (worker/privacy/): who erased what and when, never the content. A project's erasure is
   * recorded without a project (its own log is erased with it), by the Manager who asked. */
  'visitor.erased',
  'conversation.erased',
  'project.erased',
  /** A user deleted their own account; written in each project they were a member of. */
  'account.deleted',
  /** A Manager asked for an export of a visitor, a conversation or the project. */
  'export.requested',
  /** A message was deleted by its author or by an agent (ids only, never its text). */
  'message.deleted',
  /** A label definition was created, changed or deleted (name and colour, never conversations). */
  'label.created',
  'label.updated',
  'label.deleted',
  /** Contacts (worker/contacts/): two merged by an agent; an attribute definition added, changed or removed. */
  'contact.merged',
  'contact_attribute.created',
  'contact_attribute.updated',
  'contact_attribute.deleted',
] as const;

export type AuditEventType = (typeof auditEventTypes)[number];
