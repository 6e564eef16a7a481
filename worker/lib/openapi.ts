// Shared pieces for OpenAPI routes: the router factory (with the 400 hook every sub-app needs),
// the error schema and helpers that describe JSON bodies and responses.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { errorBody } from '../errors.ts';

/** Invalid input leaves as 400 {error:{code:'invalid_request',message}} naming the first bad field. */
export const validationHook = (
  result: { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
  c: { json: (body: ReturnType<typeof errorBody>, status: 400) => Response },
): Response | undefined => {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return c.json(errorBody('invalid_request', `${where}${issue?.message ?? 'invalid input'}`), 400);
};

/** A sub-app whose routes are OpenAPI-described and validated; mount it with `app.route()`. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error', { example: { error: { code: 'invalid_request', message: 'email: Invalid email address' } } });

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input (code `invalid_request` or a more specific one)',
  401: 'Missing, invalid or revoked credentials',
  403: 'Authenticated but not allowed (e.g. `manager_only`, `mfa_required`, `csrf`, `visitor_blocked`)',
  404: 'Not found, or belongs to another project',
  409: 'Conflicts with the current state',
  429: 'Rate limited (`rate_limited`, or `account_locked` on sign-in; with Retry-After)',
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Documents the error statuses a route can answer with. */
export function errors(...statuses: ErrorStatus[]) {
  const out: Partial<
    Record<ErrorStatus, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }>
  > = {};
  for (const status of statuses) {
    out[status] = { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ErrorSchema } } };
  }
  return out;
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A required JSON request body: a missing body or another content type is a 400, not a skipped check. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const bearerSecurity = [{ bearer: [] }];
export const cookieSecurity = [{ refreshCookie: [] }];

export const ProjectParams = z.object({
  projectId: z.uuid().openapi({ param: { name: 'projectId', in: 'path' } }),
});

/** The bare acknowledgement (`Ok` in the document), as the contract defines it. */
export { ok as Ok } from '../../contract/rest/common.ts';

/** One uuid schema for every id in a path, query or body (not a copy of the regex per file). */
export const Uuid = z.uuid();
/** A uuid path parameter named `name`, for `request.params` objects. */
export const uuidParam = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
/** One conversation of the project: the path of both routers mounted at …/conversations. */
export const ConversationParams = ProjectParams.extend({ conversationId: uuidParam('conversationId') });

/** A visitor token (from the widget session), sent as `Authorization: Bearer …`. */
export const visitorSecurity = [{ visitorBearer: [] }];

/**
 * A hook for routes whose path names a resource by id: a malformed id answers that resource's 404
 * (an id that cannot exist is not found, as these routes always answered), other input as validationHook.
 */
export const notFoundOnBadId =
  (what: string) =>
  (
    result: { target: string } & Parameters<typeof validationHook>[0],
    c: { json: (body: ReturnType<typeof errorBody>, status: 400 | 404) => Response },
  ): Response | undefined =>
    !result.success && result.target === 'param'
      ? c.json(errorBody('not_found', `${what} not found`), 404)
      : validationHook(result, c);

/** The query of a signed link (attachments, exports): the link itself is the credential. */
export const SignedLinkQuery = z.object({
  exp: z.string().optional().openapi({ description: 'Expiry (Unix seconds)' }),
  kid: z.string().optional().openapi({ description: 'Signing key id' }),
  sig: z.string().optional().openapi({ description: 'Signature' }),
});
