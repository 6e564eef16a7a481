// /api/projects/:projectId/contacts: the people behind the visitors (worker/contacts/). Any member
// lists and searches them, opens one with every conversation of its visitors, edits its name,
// email and attribute values, and merges two.
import { createRoute } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import {
  contactDetail as contactDetailSchema,
  contactList,
  contactListQuery,
  contactMergeRequest,
  contactMergeResponse,
  contactPatch,
  contact as contactSchema,
} from '../../contract/rest/contacts.ts';
import { nudgeRelayFrom } from '../../core/events/outbox.ts';
import { contacts } from '../../drizzle/schema/contacts.ts';
import { mergeContacts } from '../contacts/merge.ts';
import { contactDetail, listContacts } from '../contacts/queries.ts';
import { appliedAttributes, checkedValues, contactView } from '../contacts/values.ts';
import { decodeCursor } from '../conversations/cursor.ts';
import { notFound } from '../errors.ts';
import {
  bearerSecurity,
  createRouter,
  errors,
  json,
  jsonBody,
  notFoundOnBadId,
  ProjectParams,
  uuidParam,
} from '../lib/openapi.ts';
import { requestInfo } from '../lib/request-info.ts';
import { asMember } from '../middleware/auth.ts';

export const contactRoutes = createRouter();
const tags = ['contacts'];
const ContactParams = ProjectParams.extend({ contactId: uuidParam('contactId') });

contactRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    operationId: 'listContacts',
    tags,
    summary: "The project's contacts, newest first, searchable by name, email or attribute value (any member)",
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ProjectParams, query: contactListQuery },
    responses: {
      200: json(contactList.meta({ id: 'ContactList' }), 'A page of contacts'),
      ...errors(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const db = await c.get('db')();
    const page = await listContacts(
      db,
      c.get('membership').projectId,
      q.q || undefined,
      decodeCursor(q.cursor),
      q.limit,
    );
    return c.json(page, 200);
  },
);

contactRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/{contactId}',
    operationId: 'getContact',
    tags,
    summary: 'A contact with its visitors and every conversation of theirs (any member)',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ContactParams },
    responses: {
      200: json(contactDetailSchema.meta({ id: 'ContactDetail' }), 'The contact'),
      ...errors(401, 403, 404),
    },
  }),
  async (c) => {
    const { contactId } = c.req.valid('param');
    const detail = await contactDetail(await c.get('db')(), c.get('membership').projectId, contactId);
    if (!detail) throw notFound('Contact');
    return c.json(detail, 200);
  },
  notFoundOnBadId('Contact'),
);

contactRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{contactId}',
    operationId: 'updateContact',
    tags,
    summary: "Change a contact's name, email or attribute values (any member)",
    description:
      'Attribute values are checked against the project’s definitions: 400 `unknown_attribute` for a key not defined ' +
      'in this project, 400 `invalid_attribute` for a value of the wrong type; `null` removes a value.',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ContactParams, body: jsonBody(contactPatch.meta({ id: 'ContactPatch' })) },
    responses: { 200: json(contactSchema, 'The contact'), ...errors(400, 401, 403, 404) },
  }),
  async (c) => {
    const { contactId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const change = patch.attributes ? await checkedValues(db, projectId, patch.attributes) : null;
    const [row] = await db
      .update(contacts)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(change ? { attributes: appliedAttributes(change) } : {}),
      })
      .where(and(eq(contacts.id, contactId), eq(contacts.projectId, projectId)))
      .returning();
    if (!row) throw notFound('Contact');
    return c.json(contactView(row), 200);
  },
  notFoundOnBadId('Contact'),
);

contactRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/{contactId}/merge',
    operationId: 'mergeContacts',
    tags,
    summary: 'Merge another contact into this one (any member): its visitors and conversations move, it is deleted',
    description:
      'The kept contact’s name, email and attribute values win; the merged one’s fill the gaps. Audited as ' +
      '`contact.merged` and announced by a `contact.merged` event. 400 `same_contact`; 409 `identity_conflict` when ' +
      'both have a different verified identity; 404 when either is not in this project.',
    security: bearerSecurity,
    middleware: asMember,
    request: { params: ContactParams, body: jsonBody(contactMergeRequest.meta({ id: 'ContactMergeRequest' })) },
    responses: {
      200: json(contactMergeResponse.meta({ id: 'ContactMerged' }), 'Merged'),
      ...errors(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { contactId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { projectId } = c.get('membership');
    const db = await c.get('db')();
    const result = await mergeContacts(db, {
      projectId,
      keepId: contactId,
      mergeId: body.contactId,
      actorId: c.get('agent').userId,
      info: requestInfo(c),
    });
    nudgeRelayFrom(c);
    return c.json(
      {
        contact: contactView(result.contact),
        mergedContactId: body.contactId,
        movedVisitorIds: result.movedVisitorIds,
      },
      200,
    );
  },
  notFoundOnBadId('Contact'),
);
