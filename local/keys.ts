// Generates keyrings in the `kid:base64key` format that core/platform/config.ts reads.
import { randomBytes } from 'node:crypto';

export function newKeyring(kid = 'k1'): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}
