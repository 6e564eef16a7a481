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

export const invitationMail = (base: string, to: string, projectName: string, role: string, token: string): Mail => ({
  to,
  subject: `You are invited to ${projectName} on Parley`,
  text: `You are invited to join ${projectName} on Parley as ${role === 'manager' ? 'a Manager' : 'an Agent'}.\n\n${base}/accept-invitation#token=${token}\n\nThe invitation works once and expires in 7 days.`,
});
