// The widget end to end against the real backend (wrangler dev: Worker, ConversationRoom, Postgres),
// in real Chromium, on the demo host page served from another origin than Parley (localhost vs
// 127.0.0.1) with its hostile CSS: a visitor and an agent talk; history survives a reload; a
// network loss resumes with nothing lost or doubled; host CSS changes nothing inside the widget;
// markup in messages stays text; a strict CSP needs nothing more than documented; no cookies.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { RoomServerFrame } from '../contract/frames.ts';
import { type AgentSocket, connectAgent, createAgent, sql } from './support/agent.ts';
import { launchChromium } from './support/browser.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const keys = inject('authJwtKeys');
const projectId = inject('demoProjectId');
const widgetKey = inject('demoWidgetKey');

/** The demo page on the host origin, loading the widget from the Parley origin. */
const demo = (query = '') => `${hostUrl}/dev/demo?parley=${encodeURIComponent(baseUrl)}${query ? `&${query}` : ''}`;

let browser: Browser;
let context: BrowserContext;
let page: Page;
const agents: AgentSocket[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  page = await context.newPage();
});
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.close();
  await context?.close();
});

const isMessage =
  (body: string) =>
  (f: RoomServerFrame): f is Extract<RoomServerFrame, { type: 'message' }> =>
    f.type === 'message' && f.message.body === body;

/** The conversation the visitor on `p` opened, found through their token's visitor id. */
async function conversationOf(p: Page): Promise<string> {
  const stored = await p.evaluate((key) => localStorage.getItem(`parley:${key}:visitor`), widgetKey);
  if (!stored) throw new Error('the widget stored no visitor token');
  const token = JSON.parse(stored) as string;
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { sub: string };
  let rows: { id: string }[] = [];
  await expect
    .poll(async () => {
      rows = await sql<{ id: string }>(databaseUrl, 'select id from conversations where visitor_id = $1', [
        payload.sub,
      ]);
      return rows.length;
    })
    .toBe(1);
  return rows[0]?.id ?? '';
}

async function agentFor(conversationId: string, name = 'Ada Lovelace'): Promise<AgentSocket> {
  const agent = await createAgent(databaseUrl, keys, projectId, name);
  const socket = await connectAgent(baseUrl, agent, conversationId);
  agents.push(socket);
  await socket.waitFor((f) => f.type === 'resumed', 'agent resume');
  return socket;
}

const agentSays = (socket: AgentSocket, body: string) =>
  socket.send({ type: 'send', clientId: `agent-${randomUUID()}`, body });

/** A visitor who opened the widget and said hello, with an agent in the conversation. */
async function conversation(query = '') {
  await page.goto(demo(query));
  await widgetReady(page);
  await widget(page).launcher.click();
  await say(page, 'Hello from the visitor');
  const id = await conversationOf(page);
  const agent = await agentFor(id);
  await agent.waitFor(isMessage('Hello from the visitor'), 'the visitor hello');
  return { id, agent };
}

describe('a conversation between a visitor and an agent', () => {
  it('carries the visitor message to the agent and the reply back, with typing and read marks', async () => {
    const { agent } = await conversation();
    const w = widget(page);
    await expect.poll(() => w.states.first().getAttribute('data-state')).toBe('sent');
    agent.send({ type: 'typing', on: true });
    await expect.poll(() => w.typing.textContent()).toBe('Ada Lovelace is typing…');
    agentSays(agent, 'Hi! Ada here, how can I help?');
    await expect.poll(() => bubbleTexts(page)).toEqual(['Hello from the visitor', 'Hi! Ada here, how can I help?']);
    await expect.poll(() => w.typing.count()).toBe(0);
    expect(await w.host.locator('.head h2').textContent()).toBe('Ada Lovelace');
    expect(await w.host.locator('li.msg.team .msg-author').last().textContent()).toBe('Ada Lovelace');
    // The open widget read the reply: the agent is told.
    const reply = await agent.waitFor(isMessage('Hi! Ada here, how can I help?'), 'the reply');
    await agent.waitFor((f) => f.type === 'read' && f.side === 'visitor' && f.seq >= reply.message.seq, 'visitor read');
    // Replying is reading: the visitor's first message shows as read.
    await expect.poll(() => w.states.first().getAttribute('data-state')).toBe('read');
    // A later message is read when the agent says so.
    await say(page, 'Thanks!');
    const thanks = await agent.waitFor(isMessage('Thanks!'), 'the thanks');
    await expect.poll(() => w.states.last().getAttribute('data-state')).toBe('sent');
    agent.send({ type: 'read', seq: thanks.message.seq });
    await expect.poll(() => w.states.last().getAttribute('data-state')).toBe('read');
    // Each message exactly once, in order, as committed.
    const rows = await sql<{ seq: number; body: string }>(
      databaseUrl,
      'select seq, body from messages where conversation_id = (select conversation_id from messages where body = $1 limit 1) order by seq',
      ['Hi! Ada here, how can I help?'],
    );
    expect(rows).toEqual([
      { seq: 1, body: 'Hello from the visitor' },
      { seq: 2, body: 'Hi! Ada here, how can I help?' },
      { seq: 3, body: 'Thanks!' },
    ]);
  });

  it('counts replies on the launcher while closed, and clears them on open', async () => {
    const { agent } = await conversation();
    const w = widget(page);
    await page.evaluate(() => window.Parley?.close());
    agentSays(agent, 'Are you still there?');
    agentSays(agent, 'Ping!');
    await expect.poll(() => w.badge.textContent()).toBe('2');
    await w.launcher.click();
    await expect.poll(() => w.badge.count()).toBe(0);
    await expect.poll(() => bubbleTexts(page)).toEqual(['Hello from the visitor', 'Are you still there?', 'Ping!']);
  });
});

describe('history and reconnection', () => {
  it('keeps the history across a reload and in a second tab, without duplicates', async () => {
    const { agent } = await conversation();
    agentSays(agent, 'Reply one');
    await expect.poll(() => bubbleTexts(page)).toHaveLength(2);
    await page.reload();
    await widgetReady(page);
    await widget(page).launcher.click();
    await expect.poll(() => bubbleTexts(page)).toEqual(['Hello from the visitor', 'Reply one']);
    const second = await context.newPage();
    await second.goto(demo());
    await widgetReady(second);
    await widget(second).launcher.click();
    await expect.poll(() => bubbleTexts(second)).toEqual(['Hello from the visitor', 'Reply one']);
    agentSays(agent, 'Reply two');
    for (const p of [page, second]) {
      await expect.poll(() => bubbleTexts(p)).toEqual(['Hello from the visitor', 'Reply one', 'Reply two']);
    }
  });

  it('resumes after going offline: missed replies arrive, the offline message is sent once', async () => {
    const { id, agent } = await conversation();
    const w = widget(page);
    await context.setOffline(true);
    await expect.poll(() => w.host.locator('.notice').textContent()).toContain('Offline');
    agentSays(agent, 'Missed one');
    agentSays(agent, 'Missed two');
    await agent.waitFor(isMessage('Missed two'), 'agent own broadcast');
    await say(page, 'Typed while offline');
    await expect.poll(() => w.states.last().getAttribute('data-state')).toBe('sending');
    expect(await bubbleTexts(page)).toEqual(['Hello from the visitor', 'Typed while offline']);
    await context.setOffline(false);
    await expect
      .poll(() => bubbleTexts(page), { timeout: 20_000 })
      .toEqual(['Hello from the visitor', 'Missed one', 'Missed two', 'Typed while offline']);
    await expect.poll(() => w.states.last().getAttribute('data-state')).not.toBe('sending');
    await agent.waitFor(isMessage('Typed while offline'), 'the offline message');
    const delivered = agent.frames.filter((f) => f.type === 'message' && f.message.body === 'Typed while offline');
    expect(delivered).toHaveLength(1);
    const rows = await sql<{ seq: number; body: string }>(
      databaseUrl,
      'select seq, body from messages where conversation_id = $1 order by seq',
      [id],
    );
    expect(rows.map((r) => r.body)).toEqual([
      'Hello from the visitor',
      'Missed one',
      'Missed two',
      'Typed while offline',
    ]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it('sends after a reload what the previous page could not, once', async () => {
    let swallowSends = false;
    await page.routeWebSocket(/\/ws\/conversations\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        // A send that never reaches the room: the page is closed before it could go out.
        if (swallowSends && typeof m === 'string' && (JSON.parse(m) as { type: string }).type === 'send') return;
        server.send(m);
      });
      server.onMessage((m) => ws.send(m));
    });
    const { id, agent } = await conversation();
    swallowSends = true;
    await say(page, 'Written just before leaving');
    await expect.poll(() => widget(page).states.last().getAttribute('data-state')).toBe('sending');
    swallowSends = false;
    await page.reload();
    await widgetReady(page);
    await widget(page).launcher.click();
    await agent.waitFor(isMessage('Written just before leaving'), 'the restored message');
    await expect.poll(() => widget(page).states.last().getAttribute('data-state')).not.toBe('sending');
    expect(await bubbleTexts(page)).toEqual(['Hello from the visitor', 'Written just before leaving']);
    const rows = await sql<{ body: string }>(databaseUrl, 'select body from messages where conversation_id = $1', [id]);
    expect(rows.map((r) => r.body).sort()).toEqual(['Hello from the visitor', 'Written just before leaving']);
  });

  it('survives a socket that dies right after its ack: the message shows once and is committed once', async () => {
    let dropNextAck = false;
    await page.routeWebSocket(/\/ws\/conversations\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        if (dropNextAck && typeof m === 'string' && (JSON.parse(m) as { type: string }).type === 'ack') {
          dropNextAck = false;
          // The ack is lost with the connection: the widget must reconnect and resume.
          void ws.close({ code: 1006 }).catch(() => undefined);
          void server.close().catch(() => undefined);
          return;
        }
        ws.send(m);
      });
    });
    const { id } = await conversation();
    const w = widget(page);
    dropNextAck = true;
    await say(page, 'Ack gets lost');
    await expect
      .poll(() => bubbleTexts(page), { timeout: 20_000 })
      .toEqual(['Hello from the visitor', 'Ack gets lost']);
    await expect.poll(() => w.states.last().getAttribute('data-state'), { timeout: 20_000 }).toBe('sent');
    const rows = await sql<{ n: string }>(
      databaseUrl,
      `select count(*)::text as n from messages where conversation_id = $1 and body = 'Ack gets lost'`,
      [id],
    );
    expect(rows[0]?.n).toBe('1');
  });
});

describe('isolation and safety', () => {
  /** Every computed property of the widget's main parts, keyed by part. */
  async function widgetStyles(p: Page): Promise<Record<string, Record<string, string>>> {
    return p.evaluate(() => {
      const root = document.querySelector('parley-widget')?.shadowRoot;
      if (!root) throw new Error('no widget');
      const parts: Record<string, string> = {
        launcher: 'button.launcher',
        panel: 'section.panel',
        header: '.head h2',
        greeting: '.greeting .bubble',
        ownBubble: 'li.msg.own .bubble',
        link: 'li.msg.own .bubble a',
        state: 'li.msg.own .msg-state',
        input: '.composer textarea',
        send: '.composer button.send',
        close: 'button.close',
      };
      const out: Record<string, Record<string, string>> = {};
      for (const [name, selector] of Object.entries(parts)) {
        const el = root.querySelector(selector);
        if (!el) throw new Error(`missing ${selector}`);
        const style = getComputedStyle(el);
        const props: Record<string, string> = {};
        for (let i = 0; i < style.length; i++) {
          const prop = style.item(i);
          props[prop] = style.getPropertyValue(prop);
        }
        out[name] = props;
      }
      return out;
    });
  }

  async function styledWidget(query: string) {
    await page.goto(demo(query));
    await widgetReady(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await widget(page).launcher.click();
    await say(page, 'Style probe https://example.com/docs');
    await expect.poll(() => widget(page).states.first().getAttribute('data-state')).toBe('sent');
    await widget(page).launcher.hover();
    await page.mouse.move(0, 0);
    return widgetStyles(page);
  }

  it('looks exactly the same on the hostile page as on a blank one (every computed property)', async () => {
    const plain = await styledWidget('plain=1');
    await context.close();
    context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    page = await context.newPage();
    const hostile = await styledWidget('');
    const differences: string[] = [];
    for (const [part, props] of Object.entries(plain)) {
      for (const [prop, value] of Object.entries(props)) {
        const other = hostile[part]?.[prop];
        if (other !== value) differences.push(`${part} ${prop}: ${value} → ${other}`);
      }
    }
    expect(differences).toEqual([]);
    expect(Object.keys(plain.panel ?? {}).length).toBeGreaterThan(300);
  });

  it("does not leak its styles into the page: the page's look-alike elements are unchanged", async () => {
    const pageStyles = async () =>
      page.evaluate(() =>
        ['main .panel', 'main .launcher', 'main .bubble', 'h1'].map((selector) => {
          const el = document.querySelector(selector);
          if (!el) throw new Error(`missing ${selector}`);
          const s = getComputedStyle(el);
          return [s.position, s.backgroundColor, s.color, s.fontFamily, s.fontSize, s.borderRadius, s.padding].join(
            '|',
          );
        }),
      );
    await page.goto(demo('plain=1&nowidget=1'));
    const without = await pageStyles();
    await page.goto(demo('plain=1'));
    await widgetReady(page);
    await widget(page).launcher.click();
    expect(await pageStyles()).toEqual(without);
  });

  it('shows script-injection payloads as text, runs none of them, and links only http(s)', async () => {
    await page.addInitScript(() => {
      (window as unknown as { __pwned: string[] }).__pwned = [];
    });
    const visitorPayload = `<script>window.__pwned.push('visitor-script')</script><img src=x onerror="window.__pwned.push('visitor-img')">`;
    const agentPayload = `<img src=x onerror="window.__pwned.push('agent-img')"> <a href="javascript:window.__pwned.push('js')">click</a> javascript:alert(1) https://example.com/ok`;
    await page.goto(demo());
    await widgetReady(page);
    await widget(page).launcher.click();
    await say(page, visitorPayload);
    const id = await conversationOf(page);
    const agent = await agentFor(id);
    agentSays(agent, agentPayload);
    await expect.poll(() => bubbleTexts(page)).toEqual([visitorPayload, agentPayload]);
    const w = widget(page);
    expect(await w.host.locator('.bubble img, .bubble script').count()).toBe(0);
    const links = await w.host.locator('.bubble a').evaluateAll((els) =>
      els.map((a) => ({
        href: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
        target: a.getAttribute('target'),
      })),
    );
    expect(links).toEqual([{ href: 'https://example.com/ok', rel: 'noopener noreferrer nofollow', target: '_blank' }]);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned: string[] }).__pwned)).toEqual([]);
  });

  it.each(['strict', 'strict-dynamic'])(
    'works under a %s CSP (no unsafe-inline, Trusted Types) with no violation',
    async (csp) => {
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __violations: string[] }).__violations = seen;
        document.addEventListener('securitypolicyviolation', (e) =>
          seen.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      const res = await page.goto(demo(`csp=${csp}&plain=1`));
      expect(res?.headers()['content-security-policy']).toContain("require-trusted-types-for 'script'");
      await widgetReady(page);
      await widget(page).launcher.click();
      await say(page, 'Hello under CSP');
      const id = await conversationOf(page);
      const agent = await agentFor(id);
      agentSays(agent, 'Reply under CSP https://example.com');
      await expect.poll(() => bubbleTexts(page)).toEqual(['Hello under CSP', 'Reply under CSP https://example.com']);
      expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    },
  );

  it('stays out of the page when the widget key is unknown', async () => {
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await page.goto(demo('key=pk_nobody_has_this'));
    await expect.poll(() => warnings.join('\n')).toContain('Parley: the widget is disabled here (unknown_widget_key');
    expect(await widget(page).host.locator('button').count()).toBe(0);
  });

  it('sets no cookies, on the host page or on Parley', async () => {
    await conversation();
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await context.cookies()).toEqual([]);
  });
});

describe('screenshots', () => {
  it('captures the widget closed, open with a conversation, and full screen on a phone', async () => {
    const dir = process.env.UPDATE_SCREENSHOTS
      ? join(import.meta.dirname, '../docs/screenshots')
      : await mkdtemp(join(tmpdir(), 'parley-shots-'));
    await mkdir(dir, { recursive: true });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(demo('plain=1'));
    await widgetReady(page);
    await page.screenshot({ path: join(dir, 'widget-closed.png') });
    await widget(page).launcher.click();
    await say(page, 'Hi! Do you ship tents to Canada?');
    const id = await conversationOf(page);
    const agent = await agentFor(id, 'Ada Lovelace');
    agentSays(agent, 'Hello! Yes, we ship everywhere in Canada within 5 days. Details: https://example.com/shipping');
    await expect.poll(() => bubbleTexts(page)).toHaveLength(2);
    await say(page, 'Great, thanks!');
    await expect.poll(() => widget(page).states.last().getAttribute('data-state')).not.toBe('sending');
    agent.send({ type: 'typing', on: true });
    await expect.poll(() => widget(page).typing.count()).toBe(1);
    await page.screenshot({ path: join(dir, 'widget-open.png') });
    await page.goto(demo());
    await widgetReady(page);
    await widget(page).launcher.click();
    await expect.poll(() => bubbleTexts(page)).toHaveLength(3);
    await page.screenshot({ path: join(dir, 'widget-hostile-page.png') });
    await page.setViewportSize({ width: 390, height: 760 });
    await page.goto(demo('plain=1'));
    await widgetReady(page);
    await widget(page).launcher.click();
    await expect.poll(() => bubbleTexts(page)).toHaveLength(3);
    await page.screenshot({ path: join(dir, 'widget-mobile.png') });
  });
});
