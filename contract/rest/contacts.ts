// REST shapes of contacts (/api/projects/:projectId/contacts), their custom attribute definitions
// (/api/projects/:projectId/contact-attributes) and the attribute values the widget, REST and the
// visitor panel set. Values are checked against the definitions by worker/contacts/attributes.ts.
import { z } from 'zod';
import { conversationSummary } from '../frames.ts';
import { text } from '../text.ts';

export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'boolean', 'list'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
/** A stored value: text, a date (`YYYY-MM-DD`) and a list option are strings. */
export type AttributeValue = string | number | boolean;

/** Limits both the Worker and the dashboard's forms read. */
export const ATTRIBUTE_LIMITS = { definitions: 100, options: 50, optionLength: 100, textLength: 1000, perWrite: 50 };

export const attributeType = z.enum(ATTRIBUTE_TYPES).meta({ id: 'AttributeType' });
export const attributeKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1–40 lowercase letters, digits or _, starting with a letter');

export const attributeDefinition = z
  .object({
    id: z.uuid(),
    key: z.string(),
    label: z.string(),
    type: attributeType,
    /** The allowed values of a `list` attribute; empty otherwise. */
    options: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AttributeDefinition' });
export type AttributeDefinition = z.infer<typeof attributeDefinition>;

export const attributeDefinitionList = z.object({
  attributes: z.array(attributeDefinition),
  /** Whether the caller may define, change and delete them (Managers; Agents when the project allows). */
  canDefine: z.boolean(),
});
export type AttributeDefinitionList = z.infer<typeof attributeDefinitionList>;

const option = text().trim().min(1).max(ATTRIBUTE_LIMITS.optionLength);
const options = z.array(option).max(ATTRIBUTE_LIMITS.options);

export const attributeDefinitionCreate = z
  .object({ key: attributeKey, label: text().trim().min(1).max(100), type: attributeType, options: options.optional() })
  .strict()
  .refine((b) => b.type !== 'list' || (b.options?.length ?? 0) > 0, 'a list attribute needs options')
  .refine((b) => b.type === 'list' || !b.options?.length, 'only a list attribute has options');

/** The key and type stay (stored values were checked against them); the label and a list's options change. */
export const attributeDefinitionUpdate = z
  .object({ label: text().trim().min(1).max(100).optional(), options: options.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const attributeDefinitionSaved = z.object({ attribute: attributeDefinition });

/** Values by key; `null` removes one. Unknown keys and wrong types are refused (400). */
export const attributeValues = z
  .record(z.string().max(40), z.union([text().max(ATTRIBUTE_LIMITS.textLength), z.number(), z.boolean(), z.null()]))
  .refine((v) => Object.keys(v).length <= ATTRIBUTE_LIMITS.perWrite, `at most ${ATTRIBUTE_LIMITS.perWrite} at once`)
  .meta({ id: 'AttributeValues' });
export type AttributeValuesInput = z.infer<typeof attributeValues>;

export const attributesRequest = z.object({ attributes: attributeValues }).strict().meta({ id: 'AttributesRequest' });
export type AttributesRequest = z.infer<typeof attributesRequest>;
export const attributesResponse = z
  .object({
    contactId: z.string(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  })
  .meta({ id: 'Attributes' });
export type AttributesResponse = z.infer<typeof attributesResponse>;

export const contact = z
  .object({
    id: z.uuid(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    /** True when an HMAC-verified identity is behind it; claims alone never make it so. */
    verified: z.boolean(),
    /** The host site's user id, for verified contacts only. */
    externalId: z.string().nullable(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contact>;

export const contactListItem = contact.extend({
  visitorCount: z.number().int().nonnegative(),
  lastSeenAt: z.string().nullable(),
});
export type ContactListItem = z.infer<typeof contactListItem>;

export const contactList = z.object({ contacts: z.array(contactListItem), nextCursor: z.string().nullable() });
export type ContactList = z.infer<typeof contactList>;

export const contactVisitor = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  verified: z.boolean(),
  lastSeenAt: z.string(),
});

export const contactDetail = z.object({
  contact,
  visitors: z.array(contactVisitor),
  /** Every conversation of every visitor of the contact, newest activity first. */
  conversations: z.array(conversationSummary),
});
export type ContactDetail = z.infer<typeof contactDetail>;

export const contactPatch = z
  .object({
    name: text().trim().min(1).max(200).nullable().optional(),
    email: z.email().max(320).nullable().optional(),
    attributes: attributeValues.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

/** Merge `contactId` into the contact in the path: its visitors (and so their conversations) move, it is deleted. */
export const contactMergeRequest = z.object({ contactId: z.uuid() }).strict();
export const contactMergeResponse = z.object({
  contact,
  mergedContactId: z.string(),
  movedVisitorIds: z.array(z.string()),
});

/** GET …/contacts: newest first; `q` matches a name, an email or an attribute value anywhere. */
export const contactListQuery = z.object({
  q: text().trim().max(200).optional().describe('Part of a name, an email or an attribute value'),
  cursor: text().max(500).optional().describe('The nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
