// Contacts: the person behind one or more visitors (docs/DATABASE_AND_EVENTS.md "Contacts"), and the
// custom attributes a project defines for them. A verified identity (HMAC) is one contact on every
// device; a visitor who only claims an email gets an unverified contact of their own, never shared.
import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ATTRIBUTE_TYPES, type AttributeValue } from '../../contract/rest/contacts.ts';
import { id, timestamps } from './columns.ts';
import { projects } from './tenancy.ts';

export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    name: text('name'),
    email: text('email'),
    /** The host site's user id, proven by its HMAC: sessions with this identity link here automatically. */
    externalId: text('external_id'),
    /** True when an HMAC-verified identity made (or was merged into) this contact. */
    verified: boolean('verified').notNull().default(false),
    /** Custom attribute values by key, each valid for its definition when written. */
    attributes: jsonb('attributes').$type<Record<string, AttributeValue>>().notNull().default({}),
    ...timestamps,
  },
  (t) => [
    // The Contacts page's order and keyset, newest first (read backwards).
    index('contacts_project_created_idx').on(t.projectId, t.createdAt, t.id),
    // One contact per verified identity: the link a session with that identity finds.
    uniqueIndex('contacts_external_id_idx').on(t.projectId, t.externalId).where(sql`${t.externalId} is not null`),
    // Search by name, email or an attribute value: a substring match served by trigrams.
    index('contacts_search_idx').using(
      'gin',
      sql`(lower(coalesce(${t.name}, '') || ' ' || coalesce(${t.email}, '') || ' ' || jsonb_path_query_array(${t.attributes}, '$.*')::text)) gin_trgm_ops`,
    ),
  ],
);

export const contactAttributeDefinitions = pgTable(
  'contact_attribute_definitions',
  {
    id: id(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** What the widget's and REST's `attributes` objects name it by; fixed once created. */
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: ATTRIBUTE_TYPES }).notNull(),
    /** The allowed values of a `list` attribute (empty for the other types). */
    options: text('options').array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('contact_attribute_definitions_key_idx').on(t.projectId, t.key),
    check('contact_attribute_definitions_type_check', sql`${t.type} in ('text', 'number', 'date', 'boolean', 'list')`),
  ],
);
