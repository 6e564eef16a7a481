// The download of an export's archive, mounted at /api/exports: the signed link from
// GET /api/projects/:projectId/exports/:exportId is the credential (worker/privacy/export.ts).
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, gt, sql } from 'drizzle-orm';
import { dataExports } from '../../drizzle/schema/privacy.ts';
import { forbidden, notFound } from '../errors.ts';
import {
  createRouter,
  ErrorSchema,
  errors,
  json,
  notFoundOnBadId,
  SignedLinkQuery,
  uuidParam,
} from '../lib/openapi.ts';
import { verifyExportUrl } from '../privacy/export.ts';

export const exportDownloads = createRouter();

exportDownloads.openapi(
  createRoute({
    method: 'get',
    path: '/{exportId}',
    operationId: 'downloadExport',
    tags: ['privacy'],
    summary: 'Download an export’s archive through its signed link',
    description: 'The link itself is the credential (`exp`, `kid`, `sig`); ask for the export again for a fresh one.',
    security: [],
    request: {
      params: z.object({ exportId: uuidParam('exportId') }),
      query: SignedLinkQuery,
    },
    responses: {
      200: {
        description: 'The archive (format `parley.export/1`), as a download',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      403: json(ErrorSchema, 'The link is invalid or has expired (`invalid_signature`)'),
      ...errors(404),
    },
  }),
  async (c) => {
    const { exportId } = c.req.valid('param');
    if (!verifyExportUrl(c.get('config'), exportId, c.req.valid('query'))) {
      throw forbidden('This link is invalid or has expired', 'invalid_signature');
    }
    const db = await c.get('db')();
    const [row] = await db
      .select({ key: dataExports.objectKey, scope: dataExports.scope })
      .from(dataExports)
      .where(and(eq(dataExports.id, exportId), eq(dataExports.status, 'ready'), gt(dataExports.expiresAt, sql`now()`)))
      .limit(1);
    if (!row?.key) throw notFound('Export');
    const object = await c.env.ATTACHMENTS.get(row.key);
    if (!object) throw notFound('Export');
    return new Response(object.body, {
      headers: {
        'content-type': 'application/json',
        'content-length': String(object.size),
        'content-disposition': `attachment; filename="parley-export-${row.scope}-${exportId}.json"`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
      },
    });
  },
  notFoundOnBadId('Export'),
);
