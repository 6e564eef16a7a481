// Request fields shared by the account, project and auth routes (zod + OpenAPI examples); the
// answers' shapes are the contract's (contract/rest/).
import { z } from '@hono/zod-openapi';
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

export const TotpCode = z
  .string()
  .regex(/^\d{6}$/, 'must be 6 digits')
  .openapi({ example: '123456' });

export const RecoveryCode = z
  .string()
  // Both cases spelled out, not the `i` flag: JSON Schema patterns have no flags.
  .regex(/^[A-Za-z2-7]{5}-?[A-Za-z2-7]{5}$/, 'must look like xxxxx-xxxxx')
  .openapi({ example: 'abcde-fghij' });
