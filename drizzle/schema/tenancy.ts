// Tenancy: projects (the tenant), users (agents and managers) and their memberships with a role.

import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BusinessHours } from '../../contract/availability.ts';
import { ROLES, THEME_PREFERENCES } from '../../contract/enums.ts';
import type { WidgetSettings } from '../../contract/widget-settings.ts';
import { id, timestamps } from './columns.ts';

export const memberRole = pgEnum('member_role', ROLES);

export const projects = pgTable(
  'projects',
  {
    id: id(),
    name: text('name').notNull(),
    /** Public key the widget embeds; identifies the project, grants nothing by itself. */
    widgetKey: text('widget_key').notNull(),
    /** Origins (scheme://host[:port]) the widget may be used from; empty = any (dev only). */
    allowedDomains: text('allowed_domains').array().notNull().default(sql`'{}'::text[]`),
    /** Widget look and copy: colour, position, launcher label, greeting, away message, locale, pre-chat form. */
    widgetSettings: jsonb('widget_settings').$type<WidgetSettings>().notNull().default({}),
    /** Business hours, force-away and the expected-reply setting (contract/availability.ts); null until a Manager saves them. */
    businessHours: jsonb('business_hours').$type<BusinessHours>(),
    /** HMAC secret for visitor identity verification, AES-GCM encrypted (core/platform/secrets.ts). */
    identitySecret: text('identity_secret'),
    /** When true, only visitors with a verified identity may open conversations. */
    requireVerifiedIdentity: boolean('require_verified_identity').notNull().default(false),
    /** When true, every member must have 2FA enabled to use this project. */
    require2fa: boolean('require_2fa').notNull().default(false),
    /** When true, Agents may define contact attributes too; by default only Managers do. */
    agentsDefineAttributes: boolean('agents_define_attributes').notNull().default(false),
    /** Set when a Manager erased the project: everything in it is gone and it is invisible; the row
     * (and its webhook endpoints) stays only until `project.erased` reached them (worker/privacy/erasure.ts). */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('projects_widget_key_idx').on(t.widgetKey),
    // The few erased projects waiting for their last webhook deliveries (the cron looks for them).
    index('projects_erased_idx').on(t.erasedAt).where(sql`${t.erasedAt} is not null`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Null for accounts that only sign in with OAuth. */
    passwordHash: text('password_hash'),
    emailVerified: boolean('email_verified').notNull().default(false),
    /** When the address was first proven. Grants the account made before then may be an intruder's
     * (pre-hijacking) and are flagged for review when the owner recovers it. */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /** Email this agent about new assignments and visitor replies while they are offline. */
    emailNotifications: boolean('email_notifications').notNull().default(true),
    /** The dashboard's colour scheme (contract/enums.ts THEME_PREFERENCES). */
    theme: text('theme', { enum: THEME_PREFERENCES }).notNull().default('system'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_idx').on(sql`lower(${t.email})`),
    check('users_theme_check', sql`${t.theme} in ('system', 'light', 'dark')`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);
