// Uploads between R2 and their message: an attachment is stored in R2 before the room commits the
// message that names it, so a request that dies in between would leave an object no message points
// to. Each upload is recorded first and forgotten once settled; the cron deletes the objects of
// records older than an hour (worker/operations/retention.ts).
import { eq } from 'drizzle-orm';
import type { ConversationRef } from '../../core/conversations/room-api.ts';
import type { Db } from '../../core/platform/db.ts';
import { attachmentUploads } from '../../drizzle/schema/privacy.ts';

/** Before the object is stored. */
export async function recordUpload(db: Db, key: string, ref: ConversationRef): Promise<void> {
  await db.insert(attachmentUploads).values({ key, projectId: ref.projectId, conversationId: ref.id });
}

/** The message committed, or the object was deleted after a refused send: nothing to clean up. */
export async function uploadSettled(db: Db, key: string): Promise<void> {
  await db.delete(attachmentUploads).where(eq(attachmentUploads.key, key));
}
