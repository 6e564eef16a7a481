// DELETE /api/me: a user deletes their own account (worker/privacy/account.ts). Registered on the
// /api/me sub-app (whose requireAgent covers it) by worker/routes/me.ts.
import { createRoute } from '@hono/zod-openapi';
import { clearRefreshCookie } from '../auth/cookies.ts';
import { unauthorized } from '../errors.ts';
import { bearerSecurity, type createRouter, errors } from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { requireRecentAuth } from '../middleware/recent-auth.ts';
import { deleteAccount } from '../privacy/account.ts';

export function addAccountDeletion(me: ReturnType<typeof createRouter>): void {
  me.openapi(
    createRoute({
      method: 'delete',
      path: '/',
      operationId: 'deleteMe',
      tags: ['me'],
      summary: 'Delete this account (needs a recent sign-in)',
      description:
        'Leaves every project (webhooks get `member.removed`), then deletes the user with their sessions, 2FA, OAuth ' +
        'identities, API tokens and invitations to their address; their open sockets close, every access token ' +
        'stops at once and the refresh cookie is cleared. Their messages stay in their conversations without a name; audit rows stay without them and ' +
        'without their IP addresses. Refused with 409 `last_manager` while they are the last Manager of a project ' +
        '(promote someone or erase the project first), and with 403 `reauthentication_required` without a recent ' +
        'proof of the user. Afterwards the token answers 401.',
      security: bearerSecurity,
      middleware: [requireRecentAuth()],
      responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 409) },
    }),
    async (c) => {
      const db = await c.get('db')();
      const deleted = await deleteAccount(db, c.get('config'), c.env, {
        userId: c.get('agent').userId,
        info: requestInfo(c),
      });
      if (!deleted) throw unauthorized();
      // The browser's refresh cookie names a session that no longer exists.
      clearRefreshCookie(c);
      return c.body(null, 204);
    },
  );
}
