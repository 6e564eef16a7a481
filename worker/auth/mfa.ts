// TOTP 2FA against Postgres: loads the state, asks the pure machines in mfa-machine.ts what to do,
// and writes the outcome with compare-and-swap updates, so concurrent requests can neither reuse
// a code nor a recovery code, nor exceed a challenge's attempts.
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Config } from '../../core/platform/config.ts';
import type { Db } from '../../core/platform/db.ts';
import { decryptSecret, encryptSecret } from '../../core/platform/secrets.ts';
import { randomToken, sha256Hex } from '../../core/platform/tokens.ts';
import { mfaChallenges, mfaRecoveryCodes, userMfa } from '../../drizzle/schema/auth.ts';
import { badRequest, conflict, unauthorized } from '../errors.ts';
import type { RequestInfo } from '../lib/request-info.ts';
import { auditUser } from '../tenancy/audit.ts';
import type { Tx } from '../tenancy/membership.ts';
import {
  afterFirstFactor,
  attemptChallenge,
  type Effect,
  type EnrolmentState,
  enrolment,
  MFA_CHALLENGE_TTL_SECONDS,
  type MfaError,
  type Proof,
} from './mfa-machine.ts';
import { totpSecretContext } from './secret-contexts.ts';
import { matchTotpStep, newTotpSecret, otpauthUri } from './totp.ts';

export const RECOVERY_CODE_COUNT = 10;

/** A second factor as the client sends it: a TOTP code or a recovery code. */
export type SecondFactor = { code: string } | { recoveryCode: string };

const MESSAGES: Record<MfaError, [409 | 400, string]> = {
  mfa_already_enabled: [409, 'Two-factor authentication is already enabled'],
  mfa_not_enrolling: [409, 'Start enrolment first'],
  mfa_not_enabled: [409, 'Two-factor authentication is not enabled'],
  invalid_code: [400, 'The code is wrong, expired or already used'],
};

const mfaError = (error: MfaError) => {
  const [status, message] = MESSAGES[error];
  return status === 409 ? conflict(message, error) : badRequest(message, error);
};

/** A concurrent request spent the same code (or challenge) first: the compare-and-swap lost. */
class ProofAlreadySpent extends Error {}

/** A checked second factor; for a recovery code, also the hash that consuming it needs. */
interface CheckedProof {
  proof: Proof;
  recoveryHash: string | null;
}

async function loadRow(db: Db | Tx, userId: string) {
  const [row] = await db.select().from(userMfa).where(eq(userMfa.userId, userId)).limit(1);
  return row;
}

export async function loadEnrolment(db: Db | Tx, config: Config, userId: string): Promise<EnrolmentState> {
  const row = await loadRow(db, userId);
  if (!row || row.status === 'disabled' || !row.secret) return { status: 'disabled' };
  const secret = await decryptSecret(config.ENCRYPTION_KEYS, row.secret, totpSecretContext(userId));
  return row.status === 'enrolling'
    ? { status: 'enrolling', secret }
    : { status: 'enabled', secret, lastUsedStep: row.lastUsedStep };
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/-/g, '');

function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    const chars = Array.from(bytes, (b) => alphabet[b % 32]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

async function checkProof(
  db: Db | Tx,
  state: EnrolmentState,
  userId: string,
  factor: SecondFactor,
): Promise<CheckedProof> {
  if ('code' in factor) {
    const step = state.status === 'disabled' ? null : await matchTotpStep(state.secret, factor.code, Date.now());
    return { proof: { kind: 'totp', step }, recoveryHash: null };
  }
  const recoveryHash = await sha256Hex(normaliseRecoveryCode(factor.recoveryCode));
  const [row] = await db
    .select({ id: mfaRecoveryCodes.id })
    .from(mfaRecoveryCodes)
    .where(
      and(
        eq(mfaRecoveryCodes.userId, userId),
        eq(mfaRecoveryCodes.codeHash, recoveryHash),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .limit(1);
  return { proof: { kind: 'recovery', valid: row !== undefined }, recoveryHash };
}

/** Carries out a machine's effects; a lost compare-and-swap (a concurrent use) fails the whole transaction. */
async function applyEffects(
  tx: Tx,
  userId: string,
  effects: Effect[],
  checked: CheckedProof | null,
): Promise<string[]> {
  const proof = checked?.proof;
  let codes: string[] = [];
  for (const effect of effects) {
    if (effect === 'record_step' && proof?.kind === 'totp' && proof.step !== null) {
      const updated = await tx
        .update(userMfa)
        .set({ lastUsedStep: proof.step })
        .where(and(eq(userMfa.userId, userId), or(isNull(userMfa.lastUsedStep), lt(userMfa.lastUsedStep, proof.step))))
        .returning({ userId: userMfa.userId });
      if (updated.length === 0) throw new ProofAlreadySpent();
    } else if (effect === 'consume_recovery_code' && checked?.recoveryHash) {
      const used = await tx
        .update(mfaRecoveryCodes)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(mfaRecoveryCodes.userId, userId),
            eq(mfaRecoveryCodes.codeHash, checked.recoveryHash),
            isNull(mfaRecoveryCodes.usedAt),
          ),
        )
        .returning({ id: mfaRecoveryCodes.id });
      if (used.length === 0) throw new ProofAlreadySpent();
    } else if (effect === 'delete_recovery_codes') {
      await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
    } else if (effect === 'issue_recovery_codes') {
      codes = newRecoveryCodes();
      const hashes = await Promise.all(codes.map((code) => sha256Hex(normaliseRecoveryCode(code))));
      await tx.insert(mfaRecoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
    }
  }
  return codes;
}

/** Runs a transaction that spends a proof; losing the race to a concurrent use is a wrong code. */
async function spending<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (err) {
    if (err instanceof ProofAlreadySpent) throw mfaError('invalid_code');
    throw err;
  }
}

export async function startEnrolment(db: Db, config: Config, userId: string, email: string) {
  const state = await loadEnrolment(db, config, userId);
  const secret = newTotpSecret();
  const result = enrolment(state, { type: 'start', secret });
  if (!result.ok) throw mfaError(result.error);
  const stored = await encryptSecret(config.ENCRYPTION_KEYS, secret, totpSecretContext(userId));
  const values = { status: 'enrolling' as const, secret: stored, lastUsedStep: null, enabledAt: null };
  await db
    .insert(userMfa)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: userMfa.userId, set: values });
  return { secret, otpauthUri: otpauthUri(secret, email) };
}

export async function confirmEnrolment(db: Db, config: Config, userId: string, code: string, info: RequestInfo) {
  const row = await loadRow(db, userId);
  const state = await loadEnrolment(db, config, userId);
  const step = state.status === 'enrolling' ? await matchTotpStep(state.secret, code, Date.now()) : null;
  const result = enrolment(state, { type: 'confirm', step });
  if (!result.ok) throw mfaError(result.error);
  return db.transaction(async (tx) => {
    // Only the enrolment that was checked: a concurrent restart (new secret) makes this a no-op.
    const updated = await tx
      .update(userMfa)
      .set({ status: 'enabled', lastUsedStep: step, enabledAt: new Date() })
      .where(and(eq(userMfa.userId, userId), eq(userMfa.status, 'enrolling'), eq(userMfa.secret, row?.secret ?? '')))
      .returning({ userId: userMfa.userId });
    if (updated.length === 0) throw mfaError('mfa_not_enrolling');
    const codes = await applyEffects(
      tx,
      userId,
      result.effects.filter((e) => e !== 'record_step'),
      null,
    );
    await auditUser(tx, { userId, type: 'mfa.enabled', info });
    return codes;
  });
}

export async function disableMfa(db: Db, config: Config, userId: string, factor: SecondFactor, info: RequestInfo) {
  const state = await loadEnrolment(db, config, userId);
  const checked = await checkProof(db, state, userId, factor);
  const result = enrolment(state, { type: 'disable', proof: checked.proof });
  if (!result.ok) throw mfaError(result.error);
  await spending(db, async (tx) => {
    await applyEffects(tx, userId, result.effects, checked);
    await tx
      .update(userMfa)
      .set({ status: 'disabled', secret: null, lastUsedStep: null, enabledAt: null })
      .where(eq(userMfa.userId, userId));
    await auditUser(tx, { userId, type: 'mfa.disabled', info, data: { with: checked.proof.kind } });
  });
}

export async function regenerateRecoveryCodes(
  db: Db,
  config: Config,
  userId: string,
  factor: SecondFactor,
  info: RequestInfo,
) {
  const state = await loadEnrolment(db, config, userId);
  const checked = await checkProof(db, state, userId, factor);
  const result = enrolment(state, { type: 'regenerate_recovery_codes', proof: checked.proof });
  if (!result.ok) throw mfaError(result.error);
  return spending(db, async (tx) => {
    const codes = await applyEffects(tx, userId, result.effects, checked);
    await auditUser(tx, { userId, type: 'mfa.recovery_codes_regenerated', info });
    return codes;
  });
}

export async function mfaStatus(db: Db, userId: string) {
  const row = await loadRow(db, userId);
  const [remaining] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return { status: row?.status ?? 'disabled', recoveryCodesRemaining: remaining?.n ?? 0 };
}

/** After a first factor: null when the user may sign in now, else a challenge token to answer. */
export async function challengeIfEnrolled(
  db: Db,
  config: Config,
  userId: string,
  method: string,
): Promise<{ challengeToken: string; expiresIn: number } | null> {
  const now = Date.now();
  const login = afterFirstFactor(await loadEnrolment(db, config, userId), now);
  if (login.status !== 'mfa_pending') return null;
  const challengeToken = randomToken('mfa_');
  await db
    .insert(mfaChallenges)
    .values({ userId, method, tokenHash: await sha256Hex(challengeToken), expiresAt: new Date(login.expiresAt) });
  return { challengeToken, expiresIn: MFA_CHALLENGE_TTL_SECONDS };
}

/** The challenge's user, before any attempt is spent (for per-user rate limiting), or null. */
export async function findChallenge(db: Db, challengeToken: string) {
  const [row] = await db
    .select({ id: mfaChallenges.id, userId: mfaChallenges.userId, method: mfaChallenges.method })
    .from(mfaChallenges)
    .where(
      and(
        eq(mfaChallenges.tokenHash, await sha256Hex(challengeToken)),
        isNull(mfaChallenges.consumedAt),
        gt(mfaChallenges.expiresAt, new Date(Date.now() - 3600_000)),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** One attempt at a challenge. Resolves with the signed-in user id or throws 401 with the reason. */
export async function answerChallenge(
  db: Db,
  config: Config,
  challenge: { id: string; userId: string; method: string },
  factor: SecondFactor,
  info: RequestInfo,
): Promise<string> {
  const { userId } = challenge;
  // Spend the attempt first, atomically: concurrent guesses cannot exceed the limit.
  const [reserved] = await db
    .update(mfaChallenges)
    .set({ attempts: sql`${mfaChallenges.attempts} + 1` })
    .where(and(eq(mfaChallenges.id, challenge.id), isNull(mfaChallenges.consumedAt)))
    .returning({ attempts: mfaChallenges.attempts, expiresAt: mfaChallenges.expiresAt });
  if (!reserved) throw unauthorized('Unknown or finished sign-in challenge', 'invalid_challenge');
  const enrolled = await loadEnrolment(db, config, userId);
  if (enrolled.status !== 'enabled') throw unauthorized('Unknown or finished sign-in challenge', 'invalid_challenge');
  const checked = await checkProof(db, enrolled, userId, factor);
  const result = attemptChallenge(
    { status: 'mfa_pending', attempts: reserved.attempts - 1, expiresAt: reserved.expiresAt.getTime() },
    { now: Date.now(), proof: checked.proof, lastUsedStep: enrolled.lastUsedStep },
  );
  if (result.accepted) {
    try {
      await db.transaction(async (tx) => {
        const consumed = await tx
          .update(mfaChallenges)
          .set({ consumedAt: new Date() })
          .where(and(eq(mfaChallenges.id, challenge.id), isNull(mfaChallenges.consumedAt)))
          .returning({ id: mfaChallenges.id });
        if (consumed.length === 0) throw new ProofAlreadySpent();
        await applyEffects(tx, userId, result.effects, checked);
        if (checked.proof.kind === 'recovery') await auditUser(tx, { userId, type: 'mfa.recovery_code_used', info });
      });
      return userId;
    } catch (err) {
      // Lost a race with a concurrent use of the same code: a failed attempt like any other.
      if (!(err instanceof ProofAlreadySpent)) throw err;
    }
  }
  const error = result.accepted ? 'invalid_code' : result.error;
  await auditUser(db, { userId, type: error === 'mfa_locked' ? 'mfa.challenge_locked' : 'mfa.challenge_failed', info });
  const messages = {
    invalid_code: 'The code is wrong, expired or already used',
    mfa_locked: 'Too many wrong codes: sign in again',
    mfa_expired: 'The sign-in challenge expired: sign in again',
  } as const;
  throw unauthorized(messages[error], error);
}

/** A current TOTP code as proof of the user (re-authentication, sudo mode): checked, and spent like
 * any other code, so it is never accepted twice. */
export async function proveWithTotp(db: Db, config: Config, userId: string, code: string): Promise<void> {
  const state = await loadEnrolment(db, config, userId);
  if (state.status !== 'enabled') throw mfaError('mfa_not_enabled');
  const step = await matchTotpStep(state.secret, code, Date.now());
  if (step === null || (state.lastUsedStep !== null && step <= state.lastUsedStep)) throw mfaError('invalid_code');
  const checked: CheckedProof = { proof: { kind: 'totp', step }, recoveryHash: null };
  await spending(db, (tx) => applyEffects(tx, userId, ['record_step'], checked));
}
