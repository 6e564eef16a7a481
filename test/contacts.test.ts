// Contacts and custom attributes against the real Postgres: who is linked to whom (a verified
// identity is one contact on every device; an email claim never merges), attribute values checked
// against the project's definitions from the widget, REST and the visitor panel, merging, the
// Manager restriction on definitions, and tenancy (every route 404s across projects).
import { describe, expect, it } from 'vitest';
import { identityHash } from '../worker/visitors/identity.ts';
import { sql } from './helpers/db.ts';
import { expectError, http, httpJson } from './helpers/http.ts';
import { memberOf, openConversation, rand, type Tenant, tenant, visitorOf } from './helpers/tenant.ts';

const SECRET = 'contacts-test-secret';

async function contactIdOf(visitorId: string): Promise<string | null> {
  const [row] = await sql<{ contact_id: string | null }>('select contact_id from visitors where id = $1', [visitorId]);
  return row?.contact_id ?? null;
}

async function define(project: Tenant, token: string, body: Record<string, unknown>) {
  return httpJson<{ attribute: { id: string } }>('POST', `/api/projects/${project.projectId}/contact-attributes`, {
    token,
    json: body,
  });
}

/** A project with a Manager and the usual attributes defined. */
async function withAttributes() {
  const project = await tenant({ identitySecret: SECRET });
  const manager = await memberOf(project, 'manager');
  for (const body of [
    { key: 'plan', label: 'Plan', type: 'list', options: ['free', 'pro'] },
    { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'renews_on', label: 'Renews on', type: 'date' },
    { key: 'trial', label: 'Trial', type: 'boolean' },
    { key: 'company', label: 'Company', type: 'text' },
  ]) {
    expect((await define(project, manager.token, body)).status).toBe(201);
  }
  return { project, manager };
}

const signed = (userId: string, extra: Record<string, string> = {}) => ({
  identity: { userId, hash: identityHash(SECRET, userId), ...extra },
});

describe('linking visitors to contacts', () => {
  it('a verified identity is one contact across devices, with every conversation of its visitors', async () => {
    const project = await tenant({ identitySecret: SECRET });
    const agent = await memberOf(project);
    const userId = `user-${rand()}`;
    // Two browsers, each anonymous first, then signed in on the host site.
    const laptop = await visitorOf(project);
    const before = await openConversation(laptop.token, 'Asked before signing in');
    const laptopIn = await visitorOf(project, { visitorToken: laptop.token, ...signed(userId, { name: 'Ada' }) });
    const phone = await visitorOf(project, signed(userId, { email: 'ada@example.com' }));
    const fromPhone = await openConversation(phone.token, 'From the phone');
    const contactId = await contactIdOf(laptopIn.visitor.id);
    expect(contactId).not.toBeNull();
    expect(await contactIdOf(phone.visitor.id)).toBe(contactId);

    const detail = await httpJson<{
      contact: { verified: boolean; externalId: string; name: string; email: string };
      conversations: { id: string }[];
    }>('GET', `/api/projects/${project.projectId}/contacts/${contactId}`, { token: agent.token });
    expect(detail.status).toBe(200);
    expect(detail.body.contact).toMatchObject({
      verified: true,
      externalId: userId,
      name: 'Ada',
      email: 'ada@example.com',
    });
    expect(detail.body.conversations.map((c) => c.id).sort()).toEqual(
      [before.conversation.id, fromPhone.conversation.id].sort(),
    );
  });

  it('unverified visitors who leave the same email get a contact each and are never merged', async () => {
    const project = await tenant();
    const agent = await memberOf(project);
    const email = `same-${rand()}@example.com`;
    const first = await visitorOf(project);
    const second = await visitorOf(project);
    const anonymous = await visitorOf(project);
    for (const s of [first, second]) {
      expect((await http('POST', '/api/widget/visitor', { token: s.token, json: { email } })).status).toBe(200);
    }
    const a = await contactIdOf(first.visitor.id);
    const b = await contactIdOf(second.visitor.id);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(a).not.toBe(b);
    // An anonymous visitor is no contact until something is said about them.
    expect(await contactIdOf(anonymous.visitor.id)).toBeNull();
    const list = await httpJson<{
      contacts: { id: string; verified: boolean; visitorCount: number; lastSeenAt: string | null }[];
    }>('GET', `/api/projects/${project.projectId}/contacts?q=${encodeURIComponent(email)}`, { token: agent.token });
    expect(list.body.contacts.map((c) => c.id).sort()).toEqual([a, b].sort());
    expect(list.body.contacts.every((c) => !c.verified && c.visitorCount === 1 && c.lastSeenAt !== null)).toBe(true);
  });

  it('an email claim and attributes sent at once end in one contact with both', async () => {
    const { project } = await withAttributes();
    const s = await visitorOf(project);
    const email = `both-${rand()}@example.com`;
    const [claim, attrs] = await Promise.all([
      http('POST', '/api/widget/visitor', { token: s.token, json: { name: 'Both', email } }),
      http('POST', '/api/widget/visitor/attributes', { token: s.token, json: { attributes: { plan: 'pro' } } }),
    ]);
    expect([claim.status, attrs.status]).toEqual([200, 200]);
    const rows = await sql<{ name: string; email: string; attributes: unknown }>(
      'select name, email, attributes from contacts where project_id = $1',
      [project.projectId],
    );
    expect(rows).toEqual([{ name: 'Both', email, attributes: { plan: 'pro' } }]);
  });

  it('an unverified claim of a verified user’s id or email never joins their contact', async () => {
    const project = await tenant({ identitySecret: SECRET });
    const userId = `user-${rand()}`;
    const email = `owner-${rand()}@example.com`;
    const owner = await visitorOf(project, signed(userId, { email }));
    const impostor = await visitorOf(project, { identity: { userId, hash: 'f'.repeat(64), email } });
    expect(impostor.visitor.verified).toBe(false);
    const ownerContact = await contactIdOf(owner.visitor.id);
    const impostorContact = await contactIdOf(impostor.visitor.id);
    expect(impostorContact).not.toBeNull();
    expect(impostorContact).not.toBe(ownerContact);
  });

  it('attributes set before signing in follow the visitor into their verified contact', async () => {
    const { project } = await withAttributes();
    const userId = `user-${rand()}`;
    const anon = await visitorOf(project);
    const set = await http('POST', '/api/widget/visitor/attributes', {
      token: anon.token,
      json: { attributes: { plan: 'pro' } },
    });
    expect(set.status).toBe(200);
    const signedIn = await visitorOf(project, { visitorToken: anon.token, ...signed(userId) });
    const contactId = await contactIdOf(signedIn.visitor.id);
    const [row] = await sql<{ attributes: Record<string, unknown>; verified: boolean }>(
      'select attributes, verified from contacts where id = $1',
      [contactId],
    );
    expect(row).toEqual({ attributes: { plan: 'pro' }, verified: true });
    const [{ n } = { n: -1 }] = await sql<{ n: number }>(
      'select count(*)::int as n from contacts where project_id = $1',
      [project.projectId],
    );
    expect(n).toBe(1);
  });
});

describe('attribute values', () => {
  it('the widget sets typed values and gets a typed error for unknown keys and wrong types', async () => {
    const { project, manager } = await withAttributes();
    const s = await visitorOf(project);
    const ok = await httpJson<{ contactId: string; attributes: Record<string, unknown> }>(
      'POST',
      '/api/widget/visitor/attributes',
      {
        token: s.token,
        json: { attributes: { plan: 'pro', seats: 12, renews_on: '2027-01-31', trial: false, company: 'Acme' } },
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.attributes).toEqual({
      plan: 'pro',
      seats: 12,
      renews_on: '2027-01-31',
      trial: false,
      company: 'Acme',
    });
    await expectError(
      http('POST', '/api/widget/visitor/attributes', { token: s.token, json: { attributes: { favourite: 'x' } } }),
      400,
      'unknown_attribute',
    );
    for (const attributes of [
      { plan: 'gold' },
      { seats: '12' },
      { renews_on: '2027-02-30' },
      { trial: 'yes' },
      { company: 3 },
    ]) {
      await expectError(
        http('POST', '/api/widget/visitor/attributes', { token: s.token, json: { attributes } }),
        400,
        'invalid_attribute',
      );
    }
    // A refused write changed nothing; null removes a value.
    const cleared = await httpJson<{ attributes: Record<string, unknown> }>('POST', '/api/widget/visitor/attributes', {
      token: s.token,
      json: { attributes: { company: null } },
    });
    expect(cleared.body.attributes).toEqual({ plan: 'pro', seats: 12, renews_on: '2027-01-31', trial: false });
    // The visitor panel shows them.
    const panel = await httpJson<{ contact: { attributes: Record<string, unknown> } }>(
      'GET',
      `/api/projects/${project.projectId}/visitors/${s.visitor.id}`,
      { token: manager.token },
    );
    expect(panel.body.contact.attributes).toMatchObject({ plan: 'pro', seats: 12 });
  });

  it("another project's attribute is unknown here, and its definition is a 404", async () => {
    const mine = await withAttributes();
    const theirs = await tenant();
    const theirManager = await memberOf(theirs, 'manager');
    const defined = await define(theirs, theirManager.token, { key: 'tier', label: 'Tier', type: 'text' });
    expect(defined.status).toBe(201);
    const s = await visitorOf(mine.project);
    await expectError(
      http('POST', '/api/widget/visitor/attributes', { token: s.token, json: { attributes: { tier: 'gold' } } }),
      400,
      'unknown_attribute',
    );
    const path = `/api/projects/${mine.project.projectId}/contact-attributes/${defined.body.attribute.id}`;
    await expectError(
      http('PATCH', path, { token: mine.manager.token, json: { label: 'Mine now' } }),
      404,
      'not_found',
    );
    await expectError(http('DELETE', path, { token: mine.manager.token }), 404, 'not_found');
  });

  it('agents set values in the visitor panel (a contact is made for them) and over REST', async () => {
    const { project } = await withAttributes();
    const agent = await memberOf(project);
    const s = await visitorOf(project);
    const path = `/api/projects/${project.projectId}/visitors/${s.visitor.id}/attributes`;
    await expectError(
      http('PATCH', path, { token: agent.token, json: { attributes: { seats: 'many' } } }),
      400,
      'invalid_attribute',
    );
    expect(await contactIdOf(s.visitor.id)).toBeNull();
    const set = await httpJson<{ contactId: string }>('PATCH', path, {
      token: agent.token,
      json: { attributes: { seats: 3 } },
    });
    expect(set.status).toBe(200);
    expect(await contactIdOf(s.visitor.id)).toBe(set.body.contactId);
    const rest = await httpJson<{ attributes: Record<string, unknown>; name: string }>(
      'PATCH',
      `/api/projects/${project.projectId}/contacts/${set.body.contactId}`,
      { token: agent.token, json: { name: 'Grace', attributes: { trial: true } } },
    );
    expect(rest.body).toMatchObject({ name: 'Grace', attributes: { seats: 3, trial: true } });
  });

  it('search finds contacts by name, email and attribute value, page by page', async () => {
    const { project, manager } = await withAttributes();
    const tag = rand();
    for (let i = 0; i < 5; i++) {
      const s = await visitorOf(project);
      await http('POST', '/api/widget/visitor', {
        token: s.token,
        json: { name: `Person ${i}`, email: `p${i}-${tag}@example.com` },
      });
      if (i === 3) {
        await http('POST', '/api/widget/visitor/attributes', {
          token: s.token,
          json: { attributes: { company: `Globex ${tag}` } },
        });
      }
    }
    const base = `/api/projects/${project.projectId}/contacts`;
    const byAttr = await httpJson<{ contacts: { name: string }[] }>('GET', `${base}?q=globex%20${tag}`, {
      token: manager.token,
    });
    expect(byAttr.body.contacts.map((c) => c.name)).toEqual(['Person 3']);
    const byName = await httpJson<{ contacts: { name: string }[] }>('GET', `${base}?q=PERSON%202`, {
      token: manager.token,
    });
    expect(byName.body.contacts.map((c) => c.name)).toEqual(['Person 2']);
    // A literal % matches only itself.
    const wildcard = await httpJson<{ contacts: unknown[] }>('GET', `${base}?q=%25`, { token: manager.token });
    expect(wildcard.body.contacts).toEqual([]);
    const pageByPage = async () => {
      const seen: { id: string; name: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { contacts: { id: string; name: string }[]; nextCursor: string | null } } = await httpJson(
          'GET',
          `${base}?q=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          {
            token: manager.token,
          },
        );
        seen.push(...page.body.contacts);
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const names = (await pageByPage()).map((c) => c.name);
    expect(names).toEqual(['Person 4', 'Person 3', 'Person 2', 'Person 1', 'Person 0']);
    await expectError(http('GET', `${base}?cursor=nonsense`, { token: manager.token }), 400, 'invalid_cursor');

    // Contacts created in one microsecond (one transaction's now()): the cursor keeps microseconds,
    // so the next page goes on among the tied rows instead of skipping them all.
    const tied = await sql<{ id: string }>(
      `update contacts set created_at = '2026-01-02 03:04:05.123456+00'
        where project_id = $1 and name like 'Person %' returning id`,
      [project.projectId],
    );
    const ids = (await pageByPage()).map((c) => c.id);
    expect(ids).toEqual(
      tied
        .map((r) => r.id)
        .sort()
        .reverse(),
    );
  });
});

describe('merging contacts', () => {
  it('moves the visitors and conversations, keeps the kept contact’s values, audits and emits contact.merged', async () => {
    const { project } = await withAttributes();
    const agent = await memberOf(project);
    const a = await visitorOf(project);
    const b = await visitorOf(project);
    await http('POST', '/api/widget/visitor', {
      token: a.token,
      json: { name: 'Ann', email: `ann-${rand()}@example.com` },
    });
    await http('POST', '/api/widget/visitor/attributes', { token: a.token, json: { attributes: { plan: 'pro' } } });
    await http('POST', '/api/widget/visitor/attributes', {
      token: b.token,
      json: { attributes: { plan: 'free', seats: 4 } },
    });
    const conv = await openConversation(b.token, 'From the other browser');
    const keep = await contactIdOf(a.visitor.id);
    const merge = await contactIdOf(b.visitor.id);
    const res = await httpJson<{
      contact: { attributes: Record<string, unknown>; name: string };
      movedVisitorIds: string[];
    }>('POST', `/api/projects/${project.projectId}/contacts/${keep}/merge`, {
      token: agent.token,
      json: { contactId: merge },
    });
    expect(res.status).toBe(200);
    expect(res.body.contact).toMatchObject({ name: 'Ann', attributes: { plan: 'pro', seats: 4 } });
    expect(res.body.movedVisitorIds).toEqual([b.visitor.id]);
    expect(await contactIdOf(b.visitor.id)).toBe(keep);
    const detail = await httpJson<{ conversations: { id: string }[] }>(
      'GET',
      `/api/projects/${project.projectId}/contacts/${keep}`,
      { token: agent.token },
    );
    expect(detail.body.conversations.map((c) => c.id)).toContain(conv.conversation.id);
    await expectError(http('GET', `/api/projects/${project.projectId}/contacts/${merge}`, { token: agent.token }), 404);
    const events = await sql<{ payload: Record<string, unknown> }>(
      `select payload from outbox_events where project_id = $1 and type = 'contact.merged'`,
      [project.projectId],
    );
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        contactId: keep,
        mergedContactId: merge,
        visitorIds: [b.visitor.id],
        by: { kind: 'agent', id: agent.userId },
      }),
    ]);
    const audits = await sql<{ actor_id: string }>(
      `select actor_id from audit_events where project_id = $1 and type = 'contact.merged'`,
      [project.projectId],
    );
    expect(audits).toEqual([{ actor_id: agent.userId }]);
  });

  it('refuses merging into itself, two verified identities, and a contact of another project', async () => {
    const project = await tenant({ identitySecret: SECRET });
    const other = await tenant();
    const agent = await memberOf(project);
    const x = await visitorOf(project, signed(`x-${rand()}`));
    const y = await visitorOf(project, signed(`y-${rand()}`));
    const foreign = await visitorOf(other);
    await http('POST', '/api/widget/visitor', { token: foreign.token, json: { email: 'f@example.com' } });
    const cx = await contactIdOf(x.visitor.id);
    const cy = await contactIdOf(y.visitor.id);
    const cf = await contactIdOf(foreign.visitor.id);
    const path = `/api/projects/${project.projectId}/contacts/${cx}/merge`;
    await expectError(http('POST', path, { token: agent.token, json: { contactId: cx } }), 400, 'same_contact');
    await expectError(http('POST', path, { token: agent.token, json: { contactId: cy } }), 409, 'identity_conflict');
    await expectError(http('POST', path, { token: agent.token, json: { contactId: cf } }), 404, 'not_found');
    expect(await contactIdOf(foreign.visitor.id)).toBe(cf);
  });
});

describe('who may define attributes, and tenancy', () => {
  it('Agents are refused by default and allowed once a Manager lets them', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    const agent = await memberOf(project);
    const base = `/api/projects/${project.projectId}/contact-attributes`;
    await expectError(
      http('POST', base, { token: agent.token, json: { key: 'tier', label: 'Tier', type: 'text' } }),
      403,
      'manager_only',
    );
    const listed = await httpJson<{ canDefine: boolean }>('GET', base, { token: agent.token });
    expect(listed.body.canDefine).toBe(false);
    const allow = await http('PATCH', `/api/projects/${project.projectId}/settings`, {
      token: manager.token,
      json: { agentsDefineAttributes: true },
    });
    expect(allow.status).toBe(200);
    expect((await httpJson<{ canDefine: boolean }>('GET', base, { token: agent.token })).body.canDefine).toBe(true);
    const created = await define(project, agent.token, { key: 'tier', label: 'Tier', type: 'text' });
    expect(created.status).toBe(201);
    await expectError(
      http('POST', base, { token: agent.token, json: { key: 'tier', label: 'Again', type: 'text' } }),
      409,
      'key_taken',
    );
    // Deleting a definition removes its values.
    const s = await visitorOf(project);
    await http('POST', '/api/widget/visitor/attributes', { token: s.token, json: { attributes: { tier: 'gold' } } });
    expect((await http('DELETE', `${base}/${created.body.attribute.id}`, { token: agent.token })).status).toBe(200);
    const [row] = await sql<{ attributes: unknown }>('select attributes from contacts where id = $1', [
      await contactIdOf(s.visitor.id),
    ]);
    expect(row?.attributes).toEqual({});
  });

  it('refuses malformed definitions', async () => {
    const project = await tenant();
    const manager = await memberOf(project, 'manager');
    for (const body of [
      { key: 'Bad Key', label: 'x', type: 'text' },
      { key: 'plan', label: 'Plan', type: 'list' },
      { key: 'plan', label: 'Plan', type: 'text', options: ['a'] },
      { key: 'plan', label: 'Plan', type: 'colour' },
    ]) {
      const res = await define(project, manager.token, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('every contact route 404s across projects', async () => {
    const { project } = await withAttributes();
    const other = await tenant();
    const outsider = await memberOf(other, 'manager');
    const s = await visitorOf(project);
    await http('POST', '/api/widget/visitor', { token: s.token, json: { email: 'x@example.com' } });
    const contactId = await contactIdOf(s.visitor.id);
    const [def] = await sql<{ id: string }>(
      'select id from contact_attribute_definitions where project_id = $1 limit 1',
      [project.projectId],
    );
    const mine = `/api/projects/${project.projectId}`;
    const theirs = `/api/projects/${other.projectId}`;
    const requests: [string, string, unknown?][] = [
      ['GET', `${mine}/contacts`],
      ['GET', `${mine}/contacts/${contactId}`],
      ['PATCH', `${mine}/contacts/${contactId}`, { name: 'X' }],
      ['POST', `${mine}/contacts/${contactId}/merge`, { contactId: crypto.randomUUID() }],
      ['GET', `${mine}/contact-attributes`],
      ['POST', `${mine}/contact-attributes`, { key: 'k', label: 'K', type: 'text' }],
      ['PATCH', `${mine}/contact-attributes/${def?.id}`, { label: 'X' }],
      ['DELETE', `${mine}/contact-attributes/${def?.id}`],
      ['PATCH', `${mine}/visitors/${s.visitor.id}/attributes`, { attributes: { seats: 1 } }],
      // Their own project's routes with my ids.
      ['GET', `${theirs}/contacts/${contactId}`],
      ['PATCH', `${theirs}/contacts/${contactId}`, { name: 'X' }],
      ['POST', `${theirs}/contacts/${contactId}/merge`, { contactId: crypto.randomUUID() }],
      ['PATCH', `${theirs}/contact-attributes/${def?.id}`, { label: 'X' }],
      ['DELETE', `${theirs}/contact-attributes/${def?.id}`],
      ['PATCH', `${theirs}/visitors/${s.visitor.id}/attributes`, { attributes: {} }],
    ];
    for (const [method, path, json] of requests) {
      const res = await http(method, path, { token: outsider.token, ...(json ? { json } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const [still] = await sql<{ name: string | null }>('select name from contacts where id = $1', [contactId]);
    expect(still?.name).toBeNull();
  });
});
