// The widget's own API, called the way the widget calls it (from the host page's origin): for e2e
// journeys that need visitors and conversations without driving a widget in a browser.
import { randomUUID } from 'node:crypto';

export function widgetClient(baseUrl: string, hostUrl: string) {
  /** POSTs `body` to a widget route as the host page would; throws on any refusal. */
  async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: hostUrl,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** A visitor named `name` writes `body`: a new conversation; returns its id. */
  async function visitorWrites(widgetKey: string, name: string, body: string): Promise<string> {
    const session = await post<{ token: string }>('/api/widget/session', { widgetKey });
    await post('/api/widget/visitor', { name }, session.token);
    const opened = await post<{ conversation: { id: string } }>(
      '/api/widget/conversations',
      { clientId: `open-${randomUUID()}`, body },
      session.token,
    );
    return opened.conversation.id;
  }

  return { post, visitorWrites };
}
