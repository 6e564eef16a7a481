// Merging two contacts (an agent's decision, never automatic): the merged contact's visitors — and
// so their conversations — move to the kept one, its attributes fill the kept one's gaps, it is
// deleted, and the merge is audited and announced as `contact.merged` on the outbox.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { contactMerged } from '../../contract/events.ts';
import { writeOutbox } from '../../core/events/outbox.ts';
import type { Db } from '../../core/platform/db.ts';
import { contacts } from '../../drizzle/schema/contacts.ts';
import { visitors } from '../../drizzle/schema/conversations.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditProject } from '../tenancy/audit.ts';
import { mergeAttributes } from './attributes.ts';
import type { ContactRow } from './values.ts';

export interface MergeInput {
  projectId: string;
  /** The contact that stays. */
  keepId: string;
  /** The contact merged into it, deleted. */
  mergeId: string;
  actorId: string;
  info: RequestInfo;
}

export async function mergeContacts(
  db: Db,
  input: MergeInput,
): Promise<{ contact: ContactRow; movedVisitorIds: string[] }> {
  const { projectId, keepId, mergeId } = input;
  if (keepId === mergeId) throw badRequest('A contact cannot be merged into itself', 'same_contact');
  return db.transaction(async (tx) => {
    // Both rows locked in id order, so two opposite merges cannot deadlock.
    const rows = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.projectId, projectId), inArray(contacts.id, [keepId, mergeId])))
      .orderBy(contacts.id)
      .for('update');
    const keep = rows.find((r) => r.id === keepId);
    const merged = rows.find((r) => r.id === mergeId);
    if (!keep || !merged) throw notFound('Contact');
    if (keep.externalId && merged.externalId && keep.externalId !== merged.externalId) {
      throw conflict('Both contacts have a different verified identity', 'identity_conflict');
    }
    const moved = await tx
      .update(visitors)
      .set({ contactId: keepId })
      .where(and(eq(visitors.contactId, mergeId), eq(visitors.projectId, projectId)))
      .returning({ id: visitors.id });
    // First, so the verified identity it may carry is free for the kept contact.
    await tx.delete(contacts).where(eq(contacts.id, mergeId));
    const [contact] = await tx
      .update(contacts)
      .set({
        name: keep.name ?? merged.name,
        email: keep.email ?? merged.email,
        externalId: keep.externalId ?? merged.externalId,
        verified: keep.verified || merged.verified,
        attributes: mergeAttributes(keep.attributes, merged.attributes),
        updatedAt: sql`now()`,
      })
      .where(eq(contacts.id, keepId))
      .returning();
    if (!contact) throw notFound('Contact');
    const movedVisitorIds = moved.map((m) => m.id);
    const event = contactMerged(projectId, keepId, mergeId, movedVisitorIds, new Date(), {
      kind: 'agent',
      id: input.actorId,
    });
    await writeOutbox(tx, [
      { projectId, type: event.type, aggregateType: 'contact', aggregateId: keepId, payload: event.payload },
    ]);
    await auditProject(tx, {
      projectId,
      actorId: input.actorId,
      type: 'contact.merged',
      info: input.info,
      data: { contactId: keepId, mergedContactId: mergeId, visitors: movedVisitorIds.length },
    });
    return { contact, movedVisitorIds };
  });
}
