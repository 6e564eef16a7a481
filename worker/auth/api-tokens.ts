// Personal API tokens: `plt_…` Bearer credentials for one project's REST routes. Only the SHA-256
// is stored; a token acts as its user with at most its role, and dies with the membership.
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { apiTokens } from '../../drizzle/schema/auth.ts';
import type { Db } from '../lib/db.ts';
import { randomToken, sha256Hex } from '../lib/tokens.ts';

export const API_TOKEN_PREFIX = 'plt_';

export type Role = 'manager' | 'agent';

export interface ApiTokenScope {
  id: string;
  projectId: string;
  role: Role;
}

export const isApiToken = (token: string) => token.startsWith(API_TOKEN_PREFIX);

export async function issueApiToken(
  db: Db,
  input: { projectId: string; userId: string; name: string; role: Role; expiresAt: Date | null },
) {
  const token = randomToken(API_TOKEN_PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({ ...input, tokenHash: await sha256Hex(token), prefix: token.slice(0, 12) })
    .returning();
  if (!row) throw new Error('api token insert returned no row');
  return { token, row };
}

/** The token's user and scope, or null when unknown, revoked or expired. */
export async function authenticateApiToken(
  db: Db,
  token: string,
): Promise<{ userId: string; scope: ApiTokenScope } | null> {
  const now = new Date();
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiTokens.tokenHash, await sha256Hex(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .returning({ id: apiTokens.id, projectId: apiTokens.projectId, role: apiTokens.role, userId: apiTokens.userId });
  if (!row) return null;
  return { userId: row.userId, scope: { id: row.id, projectId: row.projectId, role: row.role } };
}
