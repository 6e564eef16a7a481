// Writing attribute values: checked against the project's definitions (attributes.ts), then
// applied in one statement that removes the keys set to null and sets the others.
import { and, eq, sql } from 'drizzle-orm';
import type { AttributeValue, AttributeValuesInput } from '../../contract/rest/contacts.ts';
import type { Db } from '../../core/platform/db.ts';
import { contactAttributeDefinitions, contacts } from '../../drizzle/schema/contacts.ts';
import { ApiError } from '../errors.ts';
import { checkAttributes } from './attributes.ts';

export type ContactRow = typeof contacts.$inferSelect;

export function loadDefinitions(db: Db, projectId: string) {
  return db
    .select({
      key: contactAttributeDefinitions.key,
      type: contactAttributeDefinitions.type,
      options: contactAttributeDefinitions.options,
    })
    .from(contactAttributeDefinitions)
    .where(eq(contactAttributeDefinitions.projectId, projectId));
}

/** 400 `unknown_attribute` / `invalid_attribute`, or the values to set and the keys to remove. */
export async function checkedValues(
  db: Db,
  projectId: string,
  input: AttributeValuesInput,
): Promise<{ set: Record<string, AttributeValue>; remove: string[] }> {
  const result = checkAttributes(await loadDefinitions(db, projectId), input);
  if (!result.ok) throw new ApiError(400, result.code, result.message);
  return result;
}

/** The SQL expression of the contact's attributes after the write. */
export const appliedAttributes = (change: { set: Record<string, AttributeValue>; remove: string[] }) =>
  sql`(${contacts.attributes} - array(select jsonb_array_elements_text(${JSON.stringify(change.remove)}::jsonb))) || ${JSON.stringify(change.set)}::jsonb`;

/** Applies checked values to the project's contact; undefined when there is no such contact. */
export async function writeValues(
  db: Db,
  projectId: string,
  contactId: string,
  change: { set: Record<string, AttributeValue>; remove: string[] },
): Promise<ContactRow | undefined> {
  const [row] = await db
    .update(contacts)
    .set({ attributes: appliedAttributes(change) })
    .where(and(eq(contacts.id, contactId), eq(contacts.projectId, projectId)))
    .returning();
  return row;
}

export const contactView = (c: ContactRow) => ({
  id: c.id,
  name: c.name,
  email: c.email,
  verified: c.verified,
  externalId: c.verified ? c.externalId : null,
  attributes: c.attributes,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});
