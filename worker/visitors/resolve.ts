// Who is this visitor? Resolves a widget session to a visitor row: the returning visitor named by
// their token, a proven identity (HMAC) — the same visitor on every device — or a new one.
// Unproven claims are stored but marked unverified, and never overwrite a verified visitor. A
// blocked visitor is refused (403 `visitor_blocked`) before anything about them changes.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { pgError } from '../../core/platform/pg-errors.ts';
import { conversations, visitors } from '../../drizzle/schema/conversations.ts';
import { visitorBlocked } from './middleware.ts';

export type VisitorRow = typeof visitors.$inferSelect;

export interface IdentityClaim {
  userId: string;
  name?: string | undefined;
  email?: string | undefined;
}

export interface ResolveInput {
  projectId: string;
  /** The visitor named by a valid token of this project, if any. */
  returningVisitorId: string | null;
  identity: IdentityClaim | null;
  /** True when the identity's HMAC matched the project's secret. */
  verified: boolean;
  /** Told which conversations moved to the verified visitor (their rooms must reload). */
  onMoved?: (conversationIds: string[]) => void;
  /** Told when the proven identity changed the visitor's name or email (dashboards show them). */
  onRenamed?: () => void;
}

/** Whether an update changed what agents are shown of the visitor. */
const renamed = (before: Pick<VisitorRow, 'name' | 'email'>, after: Pick<VisitorRow, 'name' | 'email'>) =>
  before.name !== after.name || before.email !== after.email;

async function byId(db: Db, projectId: string, id: string): Promise<VisitorRow | undefined> {
  const rows = await db
    .select()
    .from(visitors)
    .where(and(eq(visitors.id, id), eq(visitors.projectId, projectId)))
    .limit(1);
  return rows[0];
}

async function byVerifiedIdentity(db: Db, projectId: string, externalId: string): Promise<VisitorRow | undefined> {
  const rows = await db
    .select()
    .from(visitors)
    .where(and(eq(visitors.projectId, projectId), eq(visitors.externalId, externalId), eq(visitors.verified, true)))
    .limit(1);
  return rows[0];
}

async function insertVisitor(db: Db, values: typeof visitors.$inferInsert): Promise<VisitorRow> {
  const [row] = await db.insert(visitors).values(values).returning();
  if (!row) throw new Error('visitor insert returned no row');
  return row;
}

const claims = (identity: IdentityClaim) => ({
  externalId: identity.userId,
  ...(identity.name !== undefined ? { name: identity.name } : {}),
  ...(identity.email !== undefined ? { email: identity.email } : {}),
});

export async function resolveVisitor(db: Db, input: ResolveInput): Promise<VisitorRow> {
  const { projectId, identity } = input;
  const returning = input.returningVisitorId ? await byId(db, projectId, input.returningVisitorId) : undefined;
  if (returning?.blockedAt) throw visitorBlocked();
  const now = new Date();

  if (identity && input.verified) {
    const known = await byVerifiedIdentity(db, projectId, identity.userId);
    if (known?.blockedAt) throw visitorBlocked();
    if (known) {
      if (returning && !returning.verified && returning.id !== known.id) {
        // An anonymous visitor signed in on the host site: their conversations follow them.
        const moved = await db
          .update(conversations)
          .set({ visitorId: known.id, revision: sql`${conversations.revision} + 1` })
          .where(and(eq(conversations.visitorId, returning.id), eq(conversations.projectId, projectId)))
          .returning({ id: conversations.id });
        input.onMoved?.(moved.map((m) => m.id));
      }
      const [row] = await db
        .update(visitors)
        .set({ ...claims(identity), lastSeenAt: now })
        .where(eq(visitors.id, known.id))
        .returning();
      if (row && renamed(known, row)) input.onRenamed?.();
      return row ?? known;
    }
    try {
      if (returning && !returning.verified) {
        const [row] = await db
          .update(visitors)
          .set({ ...claims(identity), verified: true, lastSeenAt: now })
          .where(eq(visitors.id, returning.id))
          .returning();
        if (row && renamed(returning, row)) input.onRenamed?.();
        if (row) return row;
      }
      return await insertVisitor(db, { projectId, ...claims(identity), verified: true });
    } catch (err) {
      // A concurrent session created this identity first: use theirs.
      const raced =
        pgError(err)?.code === '23505' ? await byVerifiedIdentity(db, projectId, identity.userId) : undefined;
      if (raced) return raced;
      throw err;
    }
  }

  if (returning) {
    // Claims never overwrite a proven identity.
    const update = identity && !returning.verified ? claims(identity) : {};
    const [row] = await db
      .update(visitors)
      .set({ ...update, lastSeenAt: now })
      .where(eq(visitors.id, returning.id))
      .returning();
    return row ?? returning;
  }
  return insertVisitor(db, { projectId, ...(identity ? claims(identity) : {}), verified: false });
}
