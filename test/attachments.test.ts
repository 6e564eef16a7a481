// Attachments: type sniffed from the bytes, per-project limits, stored in R2 under the project and
// conversation, sent as a message with a seq, downloadable only through a signed, expiring link.
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../contract/frames.ts';
import { sql } from './helpers/db.ts';
import { http } from './helpers/http.ts';
import { isType, joinRoom, type TestSocket } from './helpers/socket.ts';
import { memberOf, scenario, visitorOf } from './helpers/tenant.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]);
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
/** The smallest ZIP that names a Word document's parts. */
const DOCX = new Uint8Array([
  0x50,
  0x4b,
  3,
  4,
  ...new TextEncoder().encode('[Content_Types].xml word/document.xml'),
  0,
  1,
]);
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The R2 keys under one conversation. */
async function storedKeys(projectId: string, conversationId: string): Promise<string[]> {
  const listed = await env.ATTACHMENTS.list({ prefix: `projects/${projectId}/conversations/${conversationId}/` });
  return listed.objects.map((o) => o.key);
}

function form(bytes: Uint8Array, name: string, claimedType: string, fields: Record<string, string>) {
  const data = new FormData();
  data.set('file', new File([bytes], name, { type: claimedType }));
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

type Upload = { seq: number; messageId: string; duplicate: boolean; attachment: NonNullable<Message['attachment']> };

describe('attachments', () => {
  describe('one upload, from the visitor to a download', () => {
    // The steps share one conversation, one upload and an agent's socket on the room, in order.
    let fixture: Awaited<ReturnType<typeof scenario>>;
    let ws: TestSocket;
    let uploaded: Upload;
    beforeAll(async () => {
      fixture = await scenario();
      ws = await joinRoom(fixture.conversationId, fixture.agent.token);
    });
    afterAll(() => ws.close());
    const upload = () =>
      http('POST', `/api/widget/conversations/${fixture.conversationId}/attachments`, {
        token: fixture.visitor.token,
        body: form(PNG, 'notes.txt', 'text/plain', { clientId: 'file-1', body: 'my screenshot' }),
      });

    it('stores what the bytes say (not the claimed type) and sends it as a message with the next seq', async () => {
      const res = await upload();
      expect(res.status).toBe(201);
      uploaded = await res.json<Upload>();
      expect(uploaded).toMatchObject({
        seq: 2,
        attachment: { contentType: 'image/png', name: 'notes.txt', size: PNG.length },
      });
      const live = await ws.next(isType('message'));
      expect(live.message).toMatchObject({ seq: 2, body: 'my screenshot', attachment: { contentType: 'image/png' } });
    });

    it('a retry is the same message, and leaves one object in R2 under the project and conversation', async () => {
      const retry = await upload();
      expect(retry.status).toBe(200);
      expect((await retry.json<Upload>()).seq).toBe(2);
      const listed = await env.ATTACHMENTS.list({
        prefix: `projects/${fixture.project.projectId}/conversations/${fixture.conversationId}/`,
      });
      expect(listed.objects).toHaveLength(1);
    });

    it('downloads through its signed link as the sniffed type, never sniffed again by the browser', async () => {
      const download = await http('GET', uploaded.attachment.url);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
    });

    it('refuses a forged or expired link, and one naming another message (403)', async () => {
      const { url } = uploaded.attachment;
      expect((await http('GET', url.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);
      expect((await http('GET', url.replace(/exp=\d+/, 'exp=1000'))).status).toBe(403);
      expect((await http('GET', url.replace(uploaded.messageId, crypto.randomUUID()))).status).toBe(403);
    });
  });

  it('refuses types the bytes do not support or the project does not allow (415), and oversize files (413)', async () => {
    const { project, agent, conversationId } = await scenario();
    const url = `/api/projects/${project.projectId}/conversations/${conversationId}/attachments`;
    const post = (bytes: Uint8Array, name: string, type: string, clientId: string) =>
      http('POST', url, { token: agent.token, body: form(bytes, name, type, { clientId }) });
    const exe = await post(EXE, 'cat.png', 'image/png', 'e1');
    expect(exe.status).toBe(415);
    expect(await exe.json()).toMatchObject({ error: { code: 'unsupported_type' } });
    const text = new TextEncoder().encode('plain words');
    expect((await post(text, 'a.txt', 'text/plain', 't1')).status).toBe(415);

    const manager = await memberOf(project, 'manager');
    const put = await http('PUT', `/api/projects/${project.projectId}/conversation-settings`, {
      token: manager.token,
      json: { autoAssign: 'off', attachmentMaxBytes: 1024, attachmentTypes: ['text/plain', 'image/png'] },
    });
    expect(put.status).toBe(200);
    expect((await post(text, 'a.txt', 'text/plain', 't2')).status).toBe(201);
    const big = new Uint8Array(2048).fill(0x61);
    const tooBig = await post(big, 'big.txt', 'text/plain', 't3');
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: 'attachment_too_large' } });
    const agentOnly = await http('PUT', `/api/projects/${project.projectId}/conversation-settings`, {
      token: agent.token,
      json: { autoAssign: 'off', attachmentMaxBytes: 1024, attachmentTypes: [] },
    });
    expect(agentOnly.status).toBe(403);
  });

  it('keeps private attachments away from the visitor', async () => {
    const { project, agent, visitor, conversationId } = await scenario();
    const res = await http('POST', `/api/projects/${project.projectId}/conversations/${conversationId}/attachments`, {
      token: agent.token,
      body: form(PNG, 'internal.png', 'image/png', { clientId: 'p1', private: 'true' }),
    });
    expect(res.status).toBe(201);
    const view = await http('GET', `/api/widget/conversations/${conversationId}/messages`, { token: visitor.token });
    const { messages } = await view.json<{ messages: Message[] }>();
    expect(messages.map((m) => m.seq)).toEqual([1]);
    const sneaky = await http('POST', `/api/widget/conversations/${conversationId}/attachments`, {
      token: visitor.token,
      body: form(PNG, 'x.png', 'image/png', { clientId: 'p2', private: 'true' }),
    });
    expect(sneaky.status).toBe(403);
  });

  describe('per-project limits that Managers set', () => {
    const settingsUrl = (projectId: string) => `/api/projects/${projectId}/conversation-settings`;
    const limits = (attachmentMaxBytes: number, attachmentTypes: string[]) => ({
      autoAssign: 'off',
      attachmentMaxBytes,
      attachmentTypes,
    });
    const visitorUpload = (conversationId: string, token: string, bytes: Uint8Array, name: string, clientId: string) =>
      http('POST', `/api/widget/conversations/${conversationId}/attachments`, {
        token,
        body: form(bytes, name, 'application/octet-stream', { clientId }),
      });

    it('accepts images, PDF and Office documents by default, and the widget session says so', async () => {
      const { project, visitor, conversationId } = await scenario();
      const session = await http('POST', '/api/widget/session', {
        json: { widgetKey: project.widgetKey, visitorToken: visitor.token },
      });
      const { project: seen } = await session.json<{
        project: { attachments: { maxBytes: number; types: string[] } };
      }>();
      expect(seen.attachments.maxBytes).toBe(10 * 1024 * 1024);
      expect(seen.attachments.types).toEqual(expect.arrayContaining(['image/png', 'application/pdf', DOCX_TYPE]));
      expect(seen.attachments.types).not.toContain('text/plain');
      const pdf = await visitorUpload(conversationId, visitor.token, PDF, 'invoice.pdf', 'pdf-1');
      expect(pdf.status).toBe(201);
      const docx = await visitorUpload(conversationId, visitor.token, DOCX, 'cv.docx', 'docx-1');
      expect(docx.status).toBe(201);
      expect((await docx.json<Upload>()).attachment.contentType).toBe(DOCX_TYPE);
    });

    it('refuses a forced upload outside the limits with a typed 4xx and stores nothing', async () => {
      const { project, visitor, conversationId } = await scenario();
      const manager = await memberOf(project, 'manager');
      const put = await http('PUT', settingsUrl(project.projectId), {
        token: manager.token,
        json: limits(2048, ['image/png']),
      });
      expect(put.status).toBe(200);
      // The widget learns the new limits from its next session.
      const session = await visitorOf(project, { visitorToken: visitor.token });
      expect((session as unknown as { project: { attachments: unknown } }).project.attachments).toEqual({
        maxBytes: 2048,
        types: ['image/png'],
      });

      const pdf = await visitorUpload(conversationId, visitor.token, PDF, 'cat.png', 'forced-type');
      expect(pdf.status).toBe(415);
      expect(await pdf.json()).toMatchObject({ error: { code: 'unsupported_type', message: expect.any(String) } });
      const bigPng = new Uint8Array(4096);
      bigPng.set(PNG);
      const big = await visitorUpload(conversationId, visitor.token, bigPng, 'big.png', 'forced-size');
      expect(big.status).toBe(413);
      expect(await big.json()).toMatchObject({ error: { code: 'attachment_too_large', message: expect.any(String) } });

      expect(await storedKeys(project.projectId, conversationId)).toEqual([]);
      const rows = await sql('select id from messages where conversation_id = $1 and attachment_key is not null', [
        conversationId,
      ]);
      expect(rows).toEqual([]);
      expect(await sql('select key from attachment_uploads where conversation_id = $1', [conversationId])).toEqual([]);
    });

    it("never applies another project's limits", async () => {
      const strict = await scenario();
      const open = await scenario();
      const manager = await memberOf(strict.project, 'manager');
      expect(
        (await http('PUT', settingsUrl(strict.project.projectId), { token: manager.token, json: limits(1024, []) }))
          .status,
      ).toBe(200);
      // The strict project refuses even a PNG; the other keeps its defaults (PNG and PDF, up to 10 MB).
      const refused = await visitorUpload(strict.conversationId, strict.visitor.token, PNG, 'a.png', 's1');
      expect(refused.status).toBe(415);
      const bigPdf = new Uint8Array(4096).fill(0x20);
      bigPdf.set(PDF);
      const accepted = await visitorUpload(open.conversationId, open.visitor.token, bigPdf, 'b.pdf', 'o1');
      expect(accepted.status).toBe(201);
      // And a Manager of one project cannot change the other's.
      const across = await http('PUT', settingsUrl(open.project.projectId), {
        token: manager.token,
        json: limits(1024, []),
      });
      expect(across.status).toBe(404);
    });

    it('an Agent cannot change the limits; a Manager can, and the change is audited field by field', async () => {
      const { project, agent } = await scenario();
      const refused = await http('PUT', settingsUrl(project.projectId), {
        token: agent.token,
        json: limits(1024, ['image/png']),
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: { code: 'manager_only' } });
      const read = await http('GET', settingsUrl(project.projectId), { token: agent.token });
      expect((await read.json<{ settings: { attachmentMaxBytes: number } }>()).settings.attachmentMaxBytes).toBe(
        10 * 1024 * 1024,
      );

      const manager = await memberOf(project, 'manager');
      const saved = await http('PUT', settingsUrl(project.projectId), {
        token: manager.token,
        json: limits(5 * 1024 * 1024, ['image/png', 'application/pdf']),
      });
      expect(saved.status).toBe(200);
      const audit = await sql<{ actor_id: string; data: Record<string, string> }>(
        `select actor_id, data from audit_events where project_id = $1 and type = 'project.settings_changed'`,
        [project.projectId],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]?.actor_id).toBe(manager.userId);
      expect(audit[0]?.data).toMatchObject({
        fields: 'attachmentMaxBytes,attachmentTypes',
        attachmentMaxBytes: `${10 * 1024 * 1024} → ${5 * 1024 * 1024}`,
        attachmentTypes: expect.stringMatching(/→ image\/png application\/pdf$/),
      });
      // Saving the same settings again changes nothing and writes nothing.
      await http('PUT', settingsUrl(project.projectId), {
        token: manager.token,
        json: limits(5 * 1024 * 1024, ['image/png', 'application/pdf']),
      });
      const again = await sql(
        `select id from audit_events where project_id = $1 and type = 'project.settings_changed'`,
        [project.projectId],
      );
      expect(again).toHaveLength(1);
    });
  });
});
