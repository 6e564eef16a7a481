// Single-use tokens sent by email (verify an address, reset a password): only the SHA-256 is
// stored, each is consumed by one atomic UPDATE, and issuing a new one voids older ones.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../core/platform/db.ts';
import { randomToken, sha256Hex } from '../../core/platform/tokens.ts';
import { emailTokens } from '../../drizzle/schema/auth.ts';

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

export const EMAIL_TOKEN_TTL_SECONDS: Record<EmailTokenPurpose, number> = {
  verify_email: 3 * 24 * 3600,
  reset_password: 30 * 60,
};

export async function issueEmailToken(
  db: Db,
  input: { userId: string; purpose: EmailTokenPurpose; email: string },
): Promise<string> {
  const token = randomToken('et_');
  await db.transaction(async (tx) => {
    await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(
        and(eq(emailTokens.userId, input.userId), eq(emailTokens.purpose, input.purpose), isNull(emailTokens.usedAt)),
      );
    await tx.insert(emailTokens).values({
      ...input,
      tokenHash: await sha256Hex(token),
      expiresAt: new Date(Date.now() + EMAIL_TOKEN_TTL_SECONDS[input.purpose] * 1000),
    });
  });
  return token;
}

/** The user and address the token was sent to, or null when unknown, used, expired or of another purpose. */
export async function consumeEmailToken(
  db: Pick<Db, 'update'>,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<{ userId: string; email: string } | null> {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(emailTokens.tokenHash, await sha256Hex(token)),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, new Date()),
      ),
    )
    .returning({ userId: emailTokens.userId, email: emailTokens.email });
  return row ?? null;
}
