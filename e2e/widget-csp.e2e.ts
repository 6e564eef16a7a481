// The widget under a strict Content-Security-Policy from the one-tag snippet (no inline script):
// configured by its data- attributes only (language, the visitor's name and email), it loads its
// language chunk, chats, asks for the transcript, and no CSP violation is reported. The same run
// posts a reply by email to wrangler dev's local email handler (/cdn-cgi/handler/email): it
// appears live in the widget, and the transcript mailed at resolve time holds the whole thread.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseKeyring } from '../local/keys.ts';
import { signReplyToken } from '../worker/email/reply-address.ts';
import { createAgent, sql } from './support/agent.ts';
import { launchChromium } from './support/browser.ts';
import { postEmailReply, waitForMails } from './support/email.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const keys = inject('authJwtKeys');
const projectId = inject('demoProjectId');
const widgetKey = inject('demoWidgetKey');

const email = `csp-${randomUUID().slice(0, 8)}@mail.example`;
const wsOrigin = baseUrl.replace(/^http/, 'ws');
const CSP = [
  "default-src 'none'",
  `script-src ${baseUrl}`,
  `connect-src ${baseUrl} ${wsOrigin}`,
  "base-uri 'none'",
  "form-action 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types',
].join('; ');

/** The host page: nothing but the snippet Settings › Install offers, with its optional attributes. */
const page = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict CSP host</title></head>
<body><h1>A page with a strict CSP</h1>
<script async src="${baseUrl}/widget.js" data-widget-key="${widgetKey}" data-locale="es"
  data-user-name="Carla Souza" data-user-email="${email}"></script>
</body></html>`;

let host: Server;
let hostUrl: string;
let browser: Browser;
let context: BrowserContext;
let tab: Page;

beforeAll(async () => {
  host = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
    res.end(page());
  });
  await new Promise<void>((resolve) => host.listen(0, 'localhost', resolve));
  hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  tab = await context.newPage();
  await tab.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise((resolve) => host?.close(resolve));
});

const violations = () => tab.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

async function conversationId(): Promise<string> {
  let id = '';
  await expect
    .poll(async () => {
      const rows = await sql<{ id: string }>(
        databaseUrl,
        'select c.id from conversations c join visitors v on v.id = c.visitor_id where v.email = $1',
        [email],
      );
      id = rows[0]?.id ?? '';
      return id;
    })
    .not.toBe('');
  return id;
}

describe('the data- attribute snippet under a strict CSP', () => {
  let conversation: string;

  it('loads, speaks the data-locale language and records the data-user-* claims, with no violation', async () => {
    const res = await tab.goto(hostUrl);
    expect(res?.headers()['content-security-policy']).toBe(CSP);
    await widgetReady(tab);
    await widget(tab).launcher.click();
    await expect.poll(() => widget(tab).panel.locator('.head h2').textContent()).toBe('Hable con nosotros');
    await say(tab, 'Hola, ¿tienen tiendas de campaña?');
    conversation = await conversationId();
    const [visitor] = await sql<{ name: string; email: string; verified: boolean }>(
      databaseUrl,
      'select v.name, v.email, v.verified from visitors v join conversations c on c.visitor_id = v.id where c.id = $1',
      [conversation],
    );
    expect(visitor).toEqual({ name: 'Carla Souza', email, verified: false });
    expect(await violations()).toEqual([]);
  });

  it('takes a reply by email through the local email handler, live in the widget', async () => {
    const to = `reply+${signReplyToken(parseKeyring(keys), conversation)}@reply.parley.local`;
    const res = await postEmailReply(baseUrl, {
      from: email,
      to,
      text: 'Y también una estufa.\r\n\r\nOn Mon, 1 Jun 2026, Parley wrote:\r\n> earlier',
    });
    expect(res.status, res.body).toBeLessThan(300);
    await expect.poll(() => bubbleTexts(tab)).toEqual(['Hola, ¿tienen tiendas de campaña?', 'Y también una estufa.']);
  });

  it('asks for the transcript from the menu; it is mailed once the conversation is resolved', async () => {
    const w = widget(tab);
    await w.panel.getByRole('button', { name: 'Más opciones' }).click();
    await w.panel.getByRole('menuitem', { name: 'Recibir la transcripción por correo' }).click();
    await tab.screenshot({ path: '/tmp/csp-transcript-form.png' });
    await w.panel.getByRole('button', { name: 'Solicitar' }).click();
    await expect.poll(() => w.panel.locator('.transcript[role=status]').textContent()).toContain(email);
    // Its closing button speaks the visitor's language too.
    expect(await w.panel.locator('.transcript[role=status]').getByRole('button').textContent()).toBe('Aceptar');
    await tab.screenshot({ path: '/tmp/csp-transcript-done.png' });

    const agent = await createAgent(databaseUrl, keys, projectId, 'Ada Lovelace');
    const resolved = await fetch(`${baseUrl}/api/projects/${projectId}/conversations/${conversation}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(resolved.status).toBe(200);
    const [mail] = await waitForMails(baseUrl, email, 1, (m) => m.subject.startsWith('Your conversation with'), 20_000);
    const text = mail?.text ?? '';
    expect(text).toContain('Hola, ¿tienen tiendas de campaña?');
    expect(text).toContain('Y también una estufa.');
    expect(await violations()).toEqual([]);
  });
});
