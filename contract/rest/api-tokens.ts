// REST shapes of personal API tokens (/api/projects/:projectId/tokens, Managers): only the hash
// and first characters are kept, so the token itself is in the creation's answer alone.
import { z } from 'zod';
import { memberRole } from './common.ts';

export const apiToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: memberRole,
    userId: z.uuid(),
    prefix: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiToken>;

export const apiTokenList = z.object({ tokens: z.array(apiToken) });

export const apiTokenCreated = apiToken.extend({ token: z.string() }).meta({ id: 'ApiTokenCreated' });
