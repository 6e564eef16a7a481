// REST answers of /api/auth: the access token (the refresh token only ever travels in the HttpOnly
// cookie), signed in or a second factor to give, sign-up, and the counts of sessions a password
// change or a sign-out everywhere ended, and how long a re-authentication (sudo mode) lasts.
import { z } from 'zod';
import { user } from './me.ts';
import { project } from './projects.ts';

export const accessToken = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    /** Seconds. */
    expiresIn: z.number().int(),
    sessionId: z.uuid(),
  })
  .meta({ id: 'AccessToken' });
export type AccessToken = z.infer<typeof accessToken>;

export const signedIn = accessToken.extend({ status: z.literal('signed_in'), user }).meta({ id: 'SignedIn' });
export type SignedIn = z.infer<typeof signedIn>;

/** Password (or OAuth) was right; the challenge token is answered at /api/auth/2fa/challenge. */
export const mfaChallenge = z
  .object({
    status: z.literal('mfa_required'),
    challengeToken: z.string(),
    expiresIn: z.number().int(),
  })
  .meta({ id: 'MfaChallenge' });
export type MfaChallenge = z.infer<typeof mfaChallenge>;

export const signInResult = z.union([signedIn, mfaChallenge]);

/** The first project, or null when joining an invitation's project without creating one. */
export const signedUp = signedIn.extend({ project: project.nullable() });
export type SignedUp = z.infer<typeof signedUp>;

export const signedOutEverywhere = z.object({ revoked: z.number().int() });

/** Every other session was signed out. */
export const passwordChanged = z.object({ revokedSessions: z.number().int() });

/** Sudo mode: sensitive account changes are open to this session until then (ISO 8601). */
export const reauthenticated = z.object({ reauthenticatedUntil: z.string() }).meta({ id: 'Reauthenticated' });
export type Reauthenticated = z.infer<typeof reauthenticated>;
