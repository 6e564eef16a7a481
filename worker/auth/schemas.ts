// Request and response schemas shared by the account, project and auth routes (zod + OpenAPI names).
import { z } from '@hono/zod-openapi';
import { role } from '../../contract/enums.ts';
import { text } from '../../contract/text.ts';
import { PASSWORD_MAX_LENGTH } from './password.ts';

export const Email = z.email().max(254).openapi({ example: 'ada@example.com' });

/** NIST SP 800-63B: at least 8 characters, long passphrases allowed, no composition rules. */
export const NewPassword = text()
  .min(8, 'must be at least 8 characters')
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`)
  .openapi({ example: 'correct horse battery staple' });

/** What sign-in checks: any length up to the maximum, so a wrong guess is never told apart by shape. */
export const AnyPassword = text().min(1).max(PASSWORD_MAX_LENGTH);

export const Name = text().trim().min(1).max(100);

// zod's own .meta({id}), not .openapi(): a contract schema may be built before @hono/zod-openapi
// extends zod (test files import the contract first), and then it has no .openapi().
export const RoleSchema = role.meta({ id: 'Role' });

export const TotpCode = z
  .string()
  .regex(/^\d{6}$/, 'must be 6 digits')
  .openapi({ example: '123456' });

export const RecoveryCode = z
  .string()
  // Both cases spelled out, not the `i` flag: JSON Schema patterns have no flags.
  .regex(/^[A-Za-z2-7]{5}-?[A-Za-z2-7]{5}$/, 'must look like xxxxx-xxxxx')
  .openapi({ example: 'abcde-fghij' });

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    emailVerified: z.boolean(),
    hasPassword: z.boolean(),
    mfaEnabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('User');

export const ProjectSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    widgetKey: z.string(),
    role: RoleSchema,
    /** The project requires 2FA and this user has not enabled it: project routes answer 403 mfa_required. */
    mfaRequired: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Project');

export const AccessTokenSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int(),
    sessionId: z.uuid(),
  })
  .openapi('AccessToken');

export const SignedInSchema = AccessTokenSchema.extend({
  status: z.literal('signed_in'),
  user: UserSchema,
}).openapi('SignedIn');

export const MfaChallengeSchema = z
  .object({
    status: z.literal('mfa_required'),
    challengeToken: z.string(),
    expiresIn: z.number().int(),
  })
  .openapi('MfaChallenge');

export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) }).openapi('RecoveryCodes');
