// Which contact a visitor belongs to. The rules (docs/DATABASE_AND_EVENTS.md "Contacts"):
//  - a verified identity (HMAC) is one contact, found by its external id from any device or browser;
//  - an unverified visitor who leaves an email gets an unverified contact of their own: an email
//    claim is never looked up, so two visitors claiming one address stay two contacts until an
//    agent merges them (worker/contacts/merge.ts);
//  - any other visitor gets a contact only when something is said about them (attributes).
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { contacts } from '../../drizzle/schema/contacts.ts';
import { visitors } from '../../drizzle/schema/conversations.ts';

type Writer = Db | Tx;
type Visitor = Pick<
  typeof visitors.$inferSelect,
  'id' | 'projectId' | 'name' | 'email' | 'externalId' | 'verified' | 'contactId'
>;

/** Deletes the contact if no visitor is linked to it any more (a visitor's erasure, a re-link). */
export async function deleteContactIfEmpty(db: Writer, projectId: string, contactId: string): Promise<boolean> {
  const gone = await db.execute(sql`
    delete from contacts c where c.id = ${contactId} and c.project_id = ${projectId}
       and not exists (select 1 from visitors v where v.contact_id = c.id)
    returning c.id`);
  return gone.rows.length > 0;
}

/**
 * A verified visitor's contact: the one of their identity, made on first sight; the host's latest
 * name and email refresh it. One statement; the unique (project, external id) index settles races.
 */
async function linkVerified(db: Db, visitor: Visitor & { externalId: string }): Promise<string> {
  const result = await db.execute<{ id: string }>(sql`
    insert into contacts (project_id, name, email, external_id, verified)
    values (${visitor.projectId}, ${visitor.name}, ${visitor.email}, ${visitor.externalId}, true)
    on conflict (project_id, external_id) where external_id is not null do update
       set name = coalesce(excluded.name, contacts.name), email = coalesce(excluded.email, contacts.email),
           verified = true, updated_at = now()
    returning id`);
  const id = result.rows[0]?.id;
  if (!id) throw new Error('contact upsert returned no row');
  if (visitor.contactId !== id) {
    await db.update(visitors).set({ contactId: id }).where(eq(visitors.id, visitor.id));
    // The same browser before it signed in: what was said about it then (attributes) joins the
    // verified contact, whose own values win, and the emptied anonymous contact goes.
    if (visitor.contactId) await foldInto(db, visitor.projectId, visitor.contactId, id);
  }
  return id;
}

/** Moves an unverified contact's attributes into `into` when no visitor is left on it, then deletes it. */
async function foldInto(db: Db, projectId: string, fromId: string, intoId: string): Promise<void> {
  await db.execute(sql`
    with gone as (
      delete from contacts c where c.id = ${fromId} and c.project_id = ${projectId} and not c.verified
         and not exists (select 1 from visitors v where v.contact_id = c.id)
      returning c.attributes)
    update contacts set attributes = (select attributes from gone) || contacts.attributes, updated_at = now()
     where id = ${intoId} and exists (select 1 from gone)`);
}

/** An unverified visitor's claims: a contact of their own once they leave an email, kept up to date. */
async function linkClaimed(db: Db, visitor: Visitor): Promise<string | null> {
  if (!visitor.contactId && !visitor.email) return null;
  // A concurrent write (attributes from the same page) may have made their contact meanwhile:
  // createFor then returns that one, which takes the claims like any other.
  const contactId = visitor.contactId ?? (await createFor(db, visitor));
  const claims = {
    ...(visitor.name ? { name: visitor.name } : {}),
    ...(visitor.email ? { email: visitor.email } : {}),
  };
  if (Object.keys(claims).length > 0) {
    await db
      .update(contacts)
      .set(claims)
      .where(and(eq(contacts.id, contactId), eq(contacts.projectId, visitor.projectId), eq(contacts.verified, false)));
  }
  return contactId;
}

/** A new unverified contact for the visitor, linked unless another request linked one first. */
async function createFor(db: Db, visitor: Visitor): Promise<string> {
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ contactId: visitors.contactId })
      .from(visitors)
      .where(eq(visitors.id, visitor.id))
      .for('update');
    if (locked?.contactId) return locked.contactId;
    const [row] = await tx
      .insert(contacts)
      .values({ projectId: visitor.projectId, name: visitor.name, email: visitor.email, verified: false })
      .returning({ id: contacts.id });
    if (!row) throw new Error('contact insert returned no row');
    await tx.update(visitors).set({ contactId: row.id }).where(eq(visitors.id, visitor.id));
    return row.id;
  });
}

/**
 * Links the visitor a session or a claim just resolved: verified → their identity's contact;
 * unverified → their own contact once they gave an email. Anonymous visitors cost no query.
 */
export async function linkContact(db: Db, visitor: Visitor): Promise<string | null> {
  if (visitor.verified && visitor.externalId) return linkVerified(db, { ...visitor, externalId: visitor.externalId });
  if (visitor.verified) return visitor.contactId;
  if (!visitor.contactId && !visitor.email) return null;
  return linkClaimed(db, visitor);
}

/** The visitor's contact, made now if they have none (attributes are said about a contact). Null: no such visitor. */
export async function ensureContact(db: Db, projectId: string, visitorId: string): Promise<string | null> {
  const [visitor] = await db
    .select()
    .from(visitors)
    .where(and(eq(visitors.id, visitorId), eq(visitors.projectId, projectId)))
    .limit(1);
  if (!visitor) return null;
  if (visitor.contactId) return visitor.contactId;
  if (visitor.verified && visitor.externalId) return linkVerified(db, { ...visitor, externalId: visitor.externalId });
  return createFor(db, visitor);
}
