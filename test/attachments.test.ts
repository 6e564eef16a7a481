// Attachments: type sniffed from the bytes, per-project limits, stored in R2 under the project and
// conversation, sent as a message with a seq, downloadable only through a signed, expiring link.
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../contract/frames.ts';
import { http } from './helpers/http.ts';
import { isType, joinRoom, type TestSocket } from './helpers/socket.ts';
import { memberOf, scenario } from './helpers/tenant.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]);

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
});
