// The emails auth sends. Links carry their token in the URL fragment, which browsers never send
// to a server, so tokens stay out of access logs and Referer headers.
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Mail } from '../lib/mail.ts';

/** The dashboard's origin: PUBLIC_URL, else the origin this request came to. */
export function publicUrl(c: Context<AppEnv>): string {
  return c.get('config').PUBLIC_URL?.replace(/\/+$/, '') ?? new URL(c.req.url).origin;
}

export const verifyEmailMail = (base: string, to: string, token: string): Mail => ({
  to,
  subject: 'Confirm your email address for Parley',
  text: `Confirm that this address is yours:\n\n${base}/verify-email#token=${token}\n\nThe link works once and expires in 3 days.`,
});

export const resetPasswordMail = (base: string, to: string, token: string): Mail => ({
  to,
  subject: 'Reset your Parley password',
  text: `Someone (hopefully you) asked to reset the password of this Parley account.\n\n${base}/reset-password#token=${token}\n\nThe link works once and expires in 30 minutes. If you did not ask for it, ignore this email.`,
});

export const unlockMail = (base: string, to: string, token: string): Mail => ({
  to,
  subject: 'Sign-ins to your Parley account were paused',
  text: `Many wrong passwords were tried on this Parley account, so sign-ins with a password are paused for a while.\n\nIf you are trying to sign in, use this link; it works once and expires in 1 hour:\n\n${base}/login#unlock=${token}\n\nIf this was not you, nobody got in: the password was not accepted. Turning on two-factor authentication keeps a guessed password from being enough.`,
});

export const passwordChangedMail = (to: string): Mail => ({
  to,
  subject: 'Your Parley password was changed',
  text: 'The password of your Parley account was just changed and your other sessions were signed out. If this was not you, reset your password now.',
});

/** The subject is fixed: a project name is chosen by whoever manages it, and a subject line is where
 * a phishing lure ("Your account is suspended") would be read as Parley's own words. */
export const invitationMail = (base: string, to: string, projectName: string, role: string, token: string): Mail => ({
  to,
  subject: 'You have been invited to a project on Parley',
  text: `You are invited to join the project "${projectName}" on Parley as ${role === 'manager' ? 'a Manager' : 'an Agent'}.\n\n${base}/accept-invitation#token=${token}\n\nThe invitation works once and expires in 7 days.`,
});

/** After an account recovery took away what a previous holder of the account may have left. */
export function accountSecuredMail(
  to: string,
  reason: 'oauth_takeover' | 'password_reset',
  changed: { mfaReset: boolean; apiTokensRevoked: number; grantsFlagged: number },
): Mail {
  const lines = [
    reason === 'oauth_takeover'
      ? 'You signed in to Parley with an identity provider that verified this address. The account had been registered with it before, without proving it, so it was secured:'
      : 'The password of your Parley account was reset through a link sent to this address, so the account was secured:',
    '',
    '- Every session was signed out.',
  ];
  if (changed.mfaReset)
    lines.push('- Two-factor authentication was turned off: turn it on again under Account → Security.');
  if (changed.apiTokensRevoked > 0)
    lines.push(`- ${changed.apiTokensRevoked} API token${changed.apiTokensRevoked === 1 ? ' was' : 's were'} revoked.`);
  if (changed.grantsFlagged > 0)
    lines.push(
      `- ${changed.grantsFlagged} membership${changed.grantsFlagged === 1 ? '' : 's'} granted before the address was verified ${changed.grantsFlagged === 1 ? 'is' : 'are'} flagged for review in the audit log of ${changed.grantsFlagged === 1 ? 'its project' : 'their projects'}.`,
    );
  lines.push('', 'If you did not expect this, reset your password and review your projects’ members.');
  return { to, subject: 'Your Parley account was secured', text: lines.join('\n') };
}
