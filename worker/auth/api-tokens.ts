// Personal API tokens: `plt_…` Bearer credentials for one project's REST routes. Only the SHA-256
// is stored; a token acts as its user with at most its role, and dies with the membership.
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Role } from '../../contract/enums.ts';
import type { Db } from '../../core/platform/db.ts';
import { randomToken, sha256Hex } from '../../core/platform/tokens.ts';
import { apiTokens } from '../../drizzle/schema/auth.ts';

export const API_TOKEN_PREFIX = 'plt_';

export type { Role };

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

/** How stale `last_used_at` may get: writing it on every request would make one busy token's row
 * a hot spot that serialises its requests. */
const LAST_USED_PRECISION_MS = 60_000;

/** The token's user and scope, or null when unknown, revoked or expired. */
export async function authenticateApiToken(
  db: Db,
  token: string,
): Promise<{ userId: string; scope: ApiTokenScope } | null> {
  const now = new Date();
  const [row] = await db
    .select({
      id: apiTokens.id,
      projectId: apiTokens.projectId,
      role: apiTokens.role,
      userId: apiTokens.userId,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, await sha256Hex(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { userId: row.userId, scope: { id: row.id, projectId: row.projectId, role: row.role } };
}
