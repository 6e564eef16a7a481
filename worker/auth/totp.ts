// TOTP (RFC 6238) through otplib: secrets, otpauth:// URIs for QR codes, and matching a code to
// its time step (the step is what replay protection remembers).
import { generateSecret, generateURI, verify } from 'otplib';

export const TOTP_PERIOD_SECONDS = 30;
/** One step either side of now, for clock drift and typing time (RFC 6238 §5.2). */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

/** 160-bit seed, Base32 (what authenticator apps expect). */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

export const otpauthUri = (secret: string, account: string): string =>
  generateURI({ issuer: 'Parley', label: account, secret });

/** The time step `code` belongs to when it is valid at `nowMs` (± one step), else null. */
export async function matchTotpStep(secret: string, code: string, nowMs: number): Promise<number | null> {
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(nowMs / 1000),
      epochTolerance: TOLERANCE_SECONDS,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    // A malformed code or secret is just not a match.
    return null;
  }
}
