// REST shapes of the signed-in user (/api/me): the profile every sign-in answer carries, and the
// account's live sessions (the devices signed in).
import { z } from 'zod';
import { themePreference } from '../enums.ts';

export const user = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    emailVerified: z.boolean(),
    hasPassword: z.boolean(),
    mfaEnabled: z.boolean(),
    /** Emails about new assignments and visitor replies while offline (docs/EMAIL.md). */
    emailNotifications: z.boolean(),
    /** The dashboard's colour scheme, kept on the account so it follows the agent to every device. */
    theme: themePreference,
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof user>;

export const session = z
  .object({
    id: z.uuid(),
    /** The session this request came from. */
    current: z.boolean(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof session>;

export const sessionList = z.object({ sessions: z.array(session) });
