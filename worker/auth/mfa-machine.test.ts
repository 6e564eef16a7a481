// The 2FA state machines with plain values: every transition, replay and lockout.
import { describe, expect, it } from 'vitest';
import {
  afterFirstFactor,
  attemptChallenge,
  type EnrolmentState,
  enrolment,
  MFA_CHALLENGE_MAX_ATTEMPTS,
  MFA_CHALLENGE_TTL_SECONDS,
  totpAccepted,
} from './mfa-machine.ts';

const disabled: EnrolmentState = { status: 'disabled' };
const enrolling: EnrolmentState = { status: 'enrolling', secret: 'S1' };
const enabled: EnrolmentState = { status: 'enabled', secret: 'S1', lastUsedStep: 100 };

describe('enrolment: disabled → enrolling → enabled → disabled', () => {
  it('starts enrolling from disabled, and restarting replaces the secret', () => {
    expect(enrolment(disabled, { type: 'start', secret: 'S1' })).toEqual({ ok: true, state: enrolling, effects: [] });
    const again = enrolment(enrolling, { type: 'start', secret: 'S2' });
    expect(again.ok && again.state).toEqual({ status: 'enrolling', secret: 'S2' });
  });

  it('refuses to start over an enabled 2FA', () => {
    expect(enrolment(enabled, { type: 'start', secret: 'S2' })).toMatchObject({
      ok: false,
      error: 'mfa_already_enabled',
      state: enabled,
    });
  });

  it('confirms with a matching code, remembering its step and issuing recovery codes', () => {
    expect(enrolment(enrolling, { type: 'confirm', step: 7 })).toEqual({
      ok: true,
      state: { status: 'enabled', secret: 'S1', lastUsedStep: 7 },
      effects: ['record_step', 'issue_recovery_codes'],
    });
  });

  it('stays enrolling on a wrong code, and cannot confirm unless enrolling', () => {
    expect(enrolment(enrolling, { type: 'confirm', step: null })).toMatchObject({
      ok: false,
      error: 'invalid_code',
      state: enrolling,
    });
    expect(enrolment(disabled, { type: 'confirm', step: 7 })).toMatchObject({ ok: false, error: 'mfa_not_enrolling' });
    expect(enrolment(enabled, { type: 'confirm', step: 101 })).toMatchObject({
      ok: false,
      error: 'mfa_already_enabled',
    });
  });

  it('disables only with a fresh code or an unused recovery code', () => {
    expect(enrolment(enabled, { type: 'disable', proof: { kind: 'totp', step: 101 } })).toEqual({
      ok: true,
      state: disabled,
      effects: ['record_step', 'delete_recovery_codes'],
    });
    expect(enrolment(enabled, { type: 'disable', proof: { kind: 'recovery', valid: true } })).toEqual({
      ok: true,
      state: disabled,
      effects: ['consume_recovery_code', 'delete_recovery_codes'],
    });
    // The step of the last accepted code (a replay) and an older one are refused.
    expect(enrolment(enabled, { type: 'disable', proof: { kind: 'totp', step: 100 } })).toMatchObject({
      ok: false,
      error: 'invalid_code',
    });
    expect(enrolment(enabled, { type: 'disable', proof: { kind: 'totp', step: 99 } })).toMatchObject({
      ok: false,
      error: 'invalid_code',
    });
    expect(enrolment(enabled, { type: 'disable', proof: { kind: 'recovery', valid: false } })).toMatchObject({
      ok: false,
      error: 'invalid_code',
    });
    expect(enrolment(disabled, { type: 'disable', proof: { kind: 'totp', step: 5 } })).toMatchObject({
      ok: false,
      error: 'mfa_not_enabled',
    });
  });

  it('regenerates recovery codes with a fresh code, keeping 2FA on', () => {
    const result = enrolment(enabled, { type: 'regenerate_recovery_codes', proof: { kind: 'totp', step: 102 } });
    expect(result).toEqual({
      ok: true,
      state: { status: 'enabled', secret: 'S1', lastUsedStep: 102 },
      effects: ['record_step', 'delete_recovery_codes', 'issue_recovery_codes'],
    });
    expect(enrolment(enrolling, { type: 'regenerate_recovery_codes', proof: { kind: 'totp', step: 1 } })).toMatchObject(
      {
        ok: false,
        error: 'mfa_not_enabled',
      },
    );
  });
});

describe('TOTP replay rule', () => {
  it('accepts a step only when later than the last accepted one', () => {
    expect(totpAccepted(5, null)).toBe(true);
    expect(totpAccepted(6, 5)).toBe(true);
    expect(totpAccepted(5, 5)).toBe(false);
    expect(totpAccepted(4, 5)).toBe(false);
    expect(totpAccepted(null, null)).toBe(false);
  });
});

describe('sign-in: password_ok → mfa_pending → signed_in | locked | expired', () => {
  const now = 1_000_000;
  const pending = afterFirstFactor(enabled, now);

  it('signs in directly without confirmed 2FA, else asks for the second factor', () => {
    expect(afterFirstFactor(disabled, now)).toEqual({ status: 'signed_in' });
    expect(afterFirstFactor(enrolling, now)).toEqual({ status: 'signed_in' });
    expect(pending).toEqual({ status: 'mfa_pending', attempts: 0, expiresAt: now + MFA_CHALLENGE_TTL_SECONDS * 1000 });
  });

  it('signs in with a fresh code, and never with a replayed one', () => {
    expect(attemptChallenge(pending, { now, proof: { kind: 'totp', step: 101 }, lastUsedStep: 100 })).toEqual({
      state: { status: 'signed_in' },
      accepted: true,
      effects: ['record_step'],
    });
    expect(attemptChallenge(pending, { now, proof: { kind: 'totp', step: 100 }, lastUsedStep: 100 })).toMatchObject({
      accepted: false,
      error: 'invalid_code',
      state: { status: 'mfa_pending', attempts: 1 },
    });
  });

  it('signs in with a recovery code, using it up', () => {
    expect(
      attemptChallenge(pending, { now, proof: { kind: 'recovery', valid: true }, lastUsedStep: 100 }),
    ).toMatchObject({
      accepted: true,
      effects: ['consume_recovery_code'],
    });
  });

  it(`locks after ${MFA_CHALLENGE_MAX_ATTEMPTS} wrong codes, then refuses even the right one`, () => {
    let state = pending;
    const errors: string[] = [];
    for (let i = 0; i < MFA_CHALLENGE_MAX_ATTEMPTS; i++) {
      const result = attemptChallenge(state, { now, proof: { kind: 'totp', step: null }, lastUsedStep: 100 });
      if (!result.accepted) errors.push(result.error);
      state = result.state;
    }
    expect(errors).toEqual([...Array(MFA_CHALLENGE_MAX_ATTEMPTS - 1).fill('invalid_code'), 'mfa_locked']);
    expect(state).toEqual({ status: 'locked' });
    expect(attemptChallenge(state, { now, proof: { kind: 'totp', step: 101 }, lastUsedStep: 100 })).toMatchObject({
      accepted: false,
      error: 'mfa_locked',
    });
    // A pending challenge whose attempts were used up elsewhere (concurrent requests) is locked too.
    const used = { status: 'mfa_pending' as const, attempts: MFA_CHALLENGE_MAX_ATTEMPTS, expiresAt: now + 1000 };
    expect(attemptChallenge(used, { now, proof: { kind: 'totp', step: 101 }, lastUsedStep: 100 }).accepted).toBe(false);
  });

  it('expires after its lifetime, even with a right code', () => {
    const later = now + MFA_CHALLENGE_TTL_SECONDS * 1000;
    expect(
      attemptChallenge(pending, { now: later, proof: { kind: 'totp', step: 101 }, lastUsedStep: 100 }),
    ).toMatchObject({
      accepted: false,
      error: 'mfa_expired',
      state: { status: 'expired' },
    });
  });
});
