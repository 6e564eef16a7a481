// The dashboard hosted apart from the Worker, as on Cloudflare Pages: built by `npm run
// deploy:dashboard -- --build-only` with the API's origin, served from another origin of the same
// site (two ports of `localhost`, as app.example.com and api.example.com are siblings) with the
// CSP of its `_headers`, against a Worker started with DASHBOARD_ORIGIN naming it. An agent signs
// up and in there, a reload keeps the session (the refresh cookie on the API's host, sent
// cross-origin), and they answer a visitor over the room socket.
//
// That Worker is a second one on the e2e stack (same Postgres, Redis bridge and keys), started by
// this file: with DASHBOARD_ORIGIN set, email links point to the Pages origin, which the other
// files' journeys through the Worker's own dashboard must not see.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchWranglerDev, type WranglerDev } from '../local/wrangler-dev.ts';
import { launchChromium } from './support/browser.ts';
import { newAccount, signIn, signUp, snippetWidgetKey } from './support/dashboard.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

let stateDir: string;
let pages: StaticServer | undefined;
let worker: WranglerDev | undefined;
/** The second Worker, as wrangler serves it (127.0.0.1) and as the Pages build calls it (localhost: same site). */
let workerUrl: string;
let apiOrigin: string;
let pagesUrl: string;

let browser: Browser;
const contexts: BrowserContext[] = [];

/** A port nothing listens on right now, from the kernel. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** `npm run deploy:dashboard -- --build-only`, into the folder the Pages stand-in serves. */
function buildForPages(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['local/deploy-dashboard.ts', '--build-only', '--api-origin', apiOrigin, '--out-dir', outDir],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`deploy:dashboard exited with ${code}`))));
    child.on('error', reject);
  });
}

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'parley-e2e-pages-'));
  // The Pages stand-in first: the Worker's DASHBOARD_ORIGIN names its port.
  pages = await startStaticServer(join(stateDir, 'pages'));
  pagesUrl = pages.url;
  const port = await freePort();
  worker = await launchWranglerDev({
    port,
    inspectorPort: await freePort(),
    persistTo: join(stateDir, 'state'),
    varsFile: join(stateDir, 'pages.vars'),
    vars: { ...inject('workerVars'), DASHBOARD_ORIGIN: pagesUrl },
    output: 'collect',
    echo: Boolean(process.env.E2E_VERBOSE),
    readyTimeoutMs: 90_000,
  });
  workerUrl = worker.url;
  apiOrigin = `http://localhost:${port}`;
  await Promise.all([worker.ready, buildForPages(join(stateDir, 'pages'))]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await pages?.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  return page;
}

describe('the dashboard on another origin (Cloudflare Pages)', () => {
  it('signs up and in against the Worker, keeps the session across a reload and answers a visitor live', async () => {
    const agent = await newPage();
    // What the browser itself refused: a CSP violation, a CORS failure, a cookie not sent.
    const refused: string[] = [];
    agent.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) refused.push(m.text());
    });
    agent.on('requestfailed', (r) => {
      // Navigations cancel what was in flight (ERR_ABORTED); a CORS or CSP refusal is another error.
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') refused.push(`${r.url()}: ${r.failure()?.errorText}`);
    });
    const apiCalls: string[] = [];
    agent.on('request', (r) => {
      if (/\/(api|ws)\//.test(r.url())) apiCalls.push(r.url());
    });
    const sockets: string[] = [];
    agent.on('websocket', (ws) => sockets.push(ws.url().replace(/\?.*$/, '')));

    const account = newAccount('pages', 'Paula Pages');
    const projectId = await signUp(agent, pagesUrl, account, 'Pages Outdoor');
    expect(new URL(agent.url()).origin).toBe(pagesUrl);
    // The dashboard's files carry the Pages build's CSP: connect-src names the API (http + ws).
    const doc = await agent.request.get(`${pagesUrl}/`);
    expect(doc.headers()['content-security-policy']).toContain(
      `connect-src 'self' ${apiOrigin} ${apiOrigin.replace(/^http/, 'ws')};`,
    );
    // Every API call and socket went to the Worker's origin, none to the Pages origin.
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.filter((url) => !url.startsWith(`${apiOrigin}/`))).toEqual([]);

    // The refresh cookie lives on the API's host; a reload exchanges it cross-origin.
    const cookies = await agent.context().cookies();
    expect(cookies.filter((c) => c.name === 'parley_refresh')).toEqual([
      expect.objectContaining({ domain: 'localhost', path: '/api/auth', httpOnly: true, sameSite: 'Strict' }),
    ]);
    await agent.reload();
    await agent.waitForSelector('[data-testid=inbox-connection][data-status=open]');
    expect(agent.url()).toBe(`${pagesUrl}/p/${projectId}/inbox`);

    // Sign out (the cookie is cleared cross-origin) and back in through the form.
    await agent.getByRole('button', { name: 'Sign out' }).click();
    await agent.waitForURL(/\/sign-in/);
    await agent.reload();
    await agent.waitForURL(/\/sign-in/);
    await signIn(agent, pagesUrl, account);
    await agent.waitForURL(/\/p\/[0-9a-f-]{36}\/inbox$/);
    await agent.waitForSelector('[data-testid=inbox-connection][data-status=open]');

    // The embed snippet names the Worker, which serves /widget.js, not the Pages origin.
    await agent.goto(`${pagesUrl}/p/${projectId}/settings/widget`);
    const snippet = (await agent.getByTestId('embed-snippet').textContent()) ?? '';
    expect(snippet).toContain(`src="${apiOrigin}/widget.js"`);
    const widgetKey = await snippetWidgetKey(agent);
    await agent.getByRole('link', { name: 'Inbox' }).click();
    await agent.getByText('Ready for your first conversation').waitFor();

    // A visitor writes; the conversation arrives over the inbox socket; the agent answers over the room socket.
    const visitor = await newPage();
    await visitor.goto(`${apiOrigin}/dev/demo?plain=1&key=${widgetKey}&parley=${encodeURIComponent(workerUrl)}`);
    await widgetReady(visitor);
    await widget(visitor).launcher.click();
    await say(visitor, 'Hello from a customer site');
    const row = agent.getByTestId('conversation-list').locator('li').first();
    await row.getByText('Hello from a customer site').waitFor();
    await row.locator('a').click();
    await agent.getByTestId('visitor-message').filter({ hasText: 'Hello from a customer site' }).waitFor();
    const composer = agent.getByTestId('composer-input');
    await composer.fill('Hi! Answering from the Pages dashboard.');
    await composer.press('Enter');
    await expect
      .poll(() => bubbleTexts(visitor))
      .toEqual(['Hello from a customer site', 'Hi! Answering from the Pages dashboard.']);
    await expect.poll(() => agent.getByTestId('pending-message').count()).toBe(0);
    // Both sockets were the Worker's: the inbox and the conversation's room.
    const socketOrigin = apiOrigin.replace(/^http/, 'ws');
    expect(sockets).toContain(`${socketOrigin}/ws/projects/${projectId}/inbox`);
    expect(sockets.some((url) => url.startsWith(`${socketOrigin}/ws/conversations/`))).toBe(true);

    expect(refused).toEqual([]);
  }, 150_000);
});
