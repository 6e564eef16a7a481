// REST shapes many routes share: the bare acknowledgement, the empty answer, and the member role
// under its document name (one `Role` component wherever a schema nests it).
import { z } from 'zod';
import { role } from '../enums.ts';

/** An action with nothing more to say. */
export const ok = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });
export type Ok = z.infer<typeof ok>;

/** A 204: no body at all. */
export const noContent = z.undefined();

export const memberRole = role.meta({ id: 'Role' });
