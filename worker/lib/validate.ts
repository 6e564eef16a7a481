// Input validation at the edge: a request's JSON body or query against a zod schema, failing with
// a typed 400 that names the first bad field.
import type { Context } from 'hono';
import type { z } from 'zod';
import { badRequest } from '../errors.ts';

function explain(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid input'}`;
}

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw badRequest('Body must be JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest(explain(parsed.error));
  return parsed.data;
}

export function queryOf<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw badRequest(explain(parsed.error));
  return parsed.data;
}
