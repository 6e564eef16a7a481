// Personal API tokens: `plt_…` Bearer credentials for one project's REST routes. Only the SHA-256
// is stored; a token acts as its user with at most its role, and dies with the membership.
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Role } from '../../contract/enums.ts';
import type { Db } from '../../core/platform/db.ts';
import { randomToken, sha256Hex } from '../../core/platform/tokens.ts';
import { apiTokens } from '../../drizzle/schema/auth.ts';
import { forbidden } from '../errors.ts';

export const API_TOKEN_PREFIX = 'plt_';

/** No token lives longer than this: a fixed maximum, enforced at creation (400 above it) and, for
 * tokens stored without an expiry before it existed, counted from their creation. */
export const API_TOKEN_MAX_DAYS = 365;
/** The lifetime of a token created without `expiresInDays`. */
export const API_TOKEN_DEFAULT_DAYS = 90;

export type { Role };

export interface ApiTokenScope {
  id: string;
  projectId: string;
  role: Role;
}

export const isApiToken = (token: string) => token.startsWith(API_TOKEN_PREFIX);

const DAY_MS = 86_400_000;

/** When a token created now with this lifetime expires. */
export const apiTokenExpiry = (days: number = API_TOKEN_DEFAULT_DAYS) => new Date(Date.now() + days * DAY_MS);

/** Only a signed-in person mints tokens: a leaked token must not leave successors behind that
 * outlive its own revocation. */
export function assertMayCreateApiTokens(agent: { apiToken?: ApiTokenScope }): void {
  if (agent.apiToken) {
    throw forbidden('API tokens cannot create API tokens: sign in to create one', 'api_token_cannot_create_tokens');
  }
}

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
        or(
          gt(apiTokens.expiresAt, now),
          and(
            isNull(apiTokens.expiresAt),
            gt(apiTokens.createdAt, new Date(now.getTime() - API_TOKEN_MAX_DAYS * DAY_MS)),
          ),
        ),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { userId: row.userId, scope: { id: row.id, projectId: row.projectId, role: row.role } };
}
