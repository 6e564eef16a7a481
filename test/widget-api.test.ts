// The widget API's answers that its move to OpenAPI routes kept: a JSON body is read whatever its
// Content-Type, a malformed conversation id is a 404 like a missing one, and CORS answers
// preflights on every /api/widget/* route.
import { describe, expect, it } from 'vitest';
import { http } from './helpers/http.ts';
import { openConversation, tenant, visitorOf } from './helpers/tenant.ts';

describe('the widget API', () => {
  it('reads a JSON body sent as text/plain or without a Content-Type', async () => {
    const project = await tenant();
    const asText = await http('POST', '/api/widget/session', {
      body: JSON.stringify({ widgetKey: project.widgetKey }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(asText.status).toBe(200);
    const { token } = await asText.json<{ token: string }>();
    // Bytes, not a string: fetch sets no Content-Type for them.
    const claimed = await http('POST', '/api/widget/visitor', {
      body: new TextEncoder().encode(JSON.stringify({ name: 'Vic' })),
      token,
    });
    expect(claimed.headers.get('content-type')).toContain('application/json');
    expect(claimed.status).toBe(200);
    expect(await claimed.json()).toMatchObject({ visitor: { name: 'Vic' } });
  });

  it('answers a malformed conversation id like a missing conversation (404)', async () => {
    const project = await tenant();
    const session = await visitorOf(project);
    await openConversation(session.token);
    for (const [method, path, json] of [
      ['GET', '/api/widget/conversations/not-a-uuid', undefined],
      ['GET', '/api/widget/conversations/not-a-uuid/messages', undefined],
      ['POST', '/api/widget/conversations/not-a-uuid/messages', { clientId: 'c1', body: 'hi' }],
      ['POST', '/api/widget/conversations/not-a-uuid/read', { seq: 1 }],
    ] as const) {
      const res = await http(method, path, { token: session.token, ...(json ? { json } : {}) });
      expect({ path, method, status: res.status, body: await res.json() }).toMatchObject({
        status: 404,
        body: { error: { code: 'not_found', message: 'Conversation not found' } },
      });
    }
  });

  it('answers CORS preflights on the session and conversation routes', async () => {
    for (const path of ['/api/widget/session', '/api/widget/conversations', '/api/widget/conversations/x/read']) {
      const pre = await http('OPTIONS', path, {
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
      expect(pre.status, path).toBe(204);
      expect(pre.headers.get('access-control-allow-origin'), path).toBe('https://shop.example');
    }
  });
});
