// The TOTP 2FA state machines, as pure functions over plain values (no I/O, no clock: `now` and
// the outcome of checking a code are inputs). worker/auth/mfa.ts loads state from Postgres, applies
// a transition and writes the result back with compare-and-swap updates. Drawn in
// docs/AUTHENTICATION.md:
//   enrolment: disabled → enrolling → enabled → disabled
//   sign-in:   password_ok → (signed_in | mfa_pending → signed_in | locked | expired)

export const MFA_CHALLENGE_MAX_ATTEMPTS = 5;
export const MFA_CHALLENGE_TTL_SECONDS = 5 * 60;

export type EnrolmentState =
  | { status: 'disabled' }
  | { status: 'enrolling'; secret: string }
  | { status: 'enabled'; secret: string; lastUsedStep: number | null };

/** What checking a second factor found. `step` is the TOTP time step the code matched (null: no
 * match); a recovery code is either valid-and-unused or not. */
export type Proof = { kind: 'totp'; step: number | null } | { kind: 'recovery'; valid: boolean };

export type EnrolmentEvent =
  | { type: 'start'; secret: string }
  | { type: 'confirm'; step: number | null }
  | { type: 'disable'; proof: Proof }
  | { type: 'regenerate_recovery_codes'; proof: Proof };

export type MfaError = 'mfa_already_enabled' | 'mfa_not_enrolling' | 'mfa_not_enabled' | 'invalid_code';

/** Side effects the caller must carry out, in the same transaction as the new state. */
export type Effect = 'issue_recovery_codes' | 'delete_recovery_codes' | 'consume_recovery_code' | 'record_step';

export type EnrolmentResult =
  | { ok: true; state: EnrolmentState; effects: Effect[] }
  | { ok: false; error: MfaError; state: EnrolmentState };

/** A TOTP code is accepted once: only from a time step later than the last one accepted. */
export function totpAccepted(step: number | null, lastUsedStep: number | null): step is number {
  return step !== null && (lastUsedStep === null || step > lastUsedStep);
}

function proofAccepted(proof: Proof, lastUsedStep: number | null): boolean {
  return proof.kind === 'totp' ? totpAccepted(proof.step, lastUsedStep) : proof.valid;
}

/** Effects of spending a proof: a TOTP step is remembered, a recovery code is used up. */
function proofEffects(proof: Proof): Effect[] {
  return proof.kind === 'totp' ? ['record_step'] : ['consume_recovery_code'];
}

/** The time step to remember after a proof: the new one for TOTP, unchanged for a recovery code. */
function stepAfter(proof: Proof, lastUsedStep: number | null): number | null {
  return proof.kind === 'totp' && proof.step !== null ? proof.step : lastUsedStep;
}

export function enrolment(state: EnrolmentState, event: EnrolmentEvent): EnrolmentResult {
  switch (event.type) {
    case 'start':
      // Starting again while enrolling replaces the secret: the old QR code stops working.
      if (state.status === 'enabled') return { ok: false, error: 'mfa_already_enabled', state };
      return { ok: true, state: { status: 'enrolling', secret: event.secret }, effects: [] };
    case 'confirm':
      if (state.status !== 'enrolling') {
        return { ok: false, error: state.status === 'enabled' ? 'mfa_already_enabled' : 'mfa_not_enrolling', state };
      }
      if (event.step === null) return { ok: false, error: 'invalid_code', state };
      return {
        ok: true,
        state: { status: 'enabled', secret: state.secret, lastUsedStep: event.step },
        effects: ['record_step', 'issue_recovery_codes'],
      };
    case 'disable':
      if (state.status !== 'enabled') return { ok: false, error: 'mfa_not_enabled', state };
      if (!proofAccepted(event.proof, state.lastUsedStep)) return { ok: false, error: 'invalid_code', state };
      return {
        ok: true,
        state: { status: 'disabled' },
        effects: [...proofEffects(event.proof), 'delete_recovery_codes'],
      };
    case 'regenerate_recovery_codes':
      if (state.status !== 'enabled') return { ok: false, error: 'mfa_not_enabled', state };
      if (!proofAccepted(event.proof, state.lastUsedStep)) return { ok: false, error: 'invalid_code', state };
      return {
        ok: true,
        state: { ...state, lastUsedStep: stepAfter(event.proof, state.lastUsedStep) },
        effects: [...proofEffects(event.proof), 'delete_recovery_codes', 'issue_recovery_codes'],
      };
  }
}

export type LoginState =
  | { status: 'signed_in' }
  | { status: 'mfa_pending'; attempts: number; expiresAt: number }
  | { status: 'locked' }
  | { status: 'expired' };

/** After the first factor (password or OAuth) is proven. */
export function afterFirstFactor(mfa: EnrolmentState, now: number): LoginState {
  // An enrolment that was never confirmed does not protect sign-in yet.
  if (mfa.status !== 'enabled') return { status: 'signed_in' };
  return { status: 'mfa_pending', attempts: 0, expiresAt: now + MFA_CHALLENGE_TTL_SECONDS * 1000 };
}

export type ChallengeResult =
  | { state: { status: 'signed_in' }; accepted: true; effects: Effect[] }
  | { state: LoginState; accepted: false; error: 'mfa_expired' | 'mfa_locked' | 'invalid_code' };

/** One attempt at a pending challenge. `state.attempts` counts the attempts made before this one. */
export function attemptChallenge(
  state: LoginState,
  input: { now: number; proof: Proof; lastUsedStep: number | null },
): ChallengeResult {
  if (state.status === 'expired' || (state.status === 'mfa_pending' && input.now >= state.expiresAt)) {
    return { state: { status: 'expired' }, accepted: false, error: 'mfa_expired' };
  }
  if (state.status !== 'mfa_pending' || state.attempts >= MFA_CHALLENGE_MAX_ATTEMPTS) {
    // A locked challenge refuses even a right code: the attacker must start over with the password,
    // which is rate-limited per account.
    return { state: { status: 'locked' }, accepted: false, error: 'mfa_locked' };
  }
  if (proofAccepted(input.proof, input.lastUsedStep)) {
    return { state: { status: 'signed_in' }, accepted: true, effects: proofEffects(input.proof) };
  }
  const attempts = state.attempts + 1;
  if (attempts >= MFA_CHALLENGE_MAX_ATTEMPTS)
    return { state: { status: 'locked' }, accepted: false, error: 'mfa_locked' };
  return { state: { ...state, attempts }, accepted: false, error: 'invalid_code' };
}
