// The widget's UI states in real Chromium, against a fake backend that can produce them on demand
// (held acks, failed sends, typing, agents away): per-message send states with retry, typing
// indicator, away message, pre-chat form, unread badge and title while closed, the page API,
// keyboard and focus, full screen on a phone, tabs in sync, reduced motion, a non-blocking loader.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.ts';
import { type FakeParley, startFakeParley } from './support/fake-parley.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

/** Two above wrangler's port (e2e/global-setup.ts), which is 8830 unless E2E_PORT moves it. */
const FAKE_PORT = Number(process.env.E2E_PORT ?? 8830) + 2;
let browser: Browser;
let fake: FakeParley;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  fake = await startFakeParley(FAKE_PORT);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await fake?.close();
});
beforeEach(async () => {
  fake.settings = {};
  fake.failNextSends = [];
  fake.holdAcks = false;
  fake.failSessions = 0;
  fake.agents = [{ id: 'a0000000-0000-4000-8000-000000000001', name: 'Ada Agent' }];
  context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

const demo = (query = 'plain=1') => `${fake.url}/dev/demo?${query}`;

async function openChat(query?: string): Promise<void> {
  await page.goto(demo(query));
  await widgetReady(page);
  await widget(page).launcher.click();
}

/** The fake room of the visitor in this test (one visitor per context), once the widget opened it. */
async function room() {
  const find = async () => {
    const stored = await page.evaluate(() => localStorage.getItem('parley:pk_fake:visitor') ?? '""');
    const visitorId = (JSON.parse(stored) as string).replace('vt_', '');
    return visitorId ? [...fake.rooms.values()].find((r) => r.id.startsWith(visitorId)) : undefined;
  };
  // Rooms of earlier tests may exist already: wait for this visitor's own.
  await expect.poll(async () => (await find()) !== undefined).toBe(true);
  const found = await find();
  if (!found) throw new Error('no room for this visitor');
  return found;
}

describe('settings and language', () => {
  it('takes colour, position, launcher label, greeting and locale from the project', async () => {
    fake.settings = {
      color: '#0f766e',
      position: 'left',
      launcherLabel: 'Besoin d’aide ?',
      greeting: 'Salut !',
      locale: 'fr',
    };
    await page.goto(demo());
    await widgetReady(page);
    const w = widget(page);
    expect(await w.launcher.textContent()).toBe('Besoin d’aide ?');
    const launcher = await w.launcher.boundingBox();
    expect(launcher?.x).toBeLessThan(100);
    expect(await w.launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(15, 118, 110)');
    await w.launcher.click();
    expect(await w.host.locator('.greeting .bubble').textContent()).toBe('Salut !');
    expect(await w.input.getAttribute('placeholder')).toBe('Écrivez un message…');
  });

  it('switches language from the page API, and ignores a colour that is not a hex colour', async () => {
    fake.settings = { color: 'red;background:url(x)' };
    await openChat('plain=1');
    const w = widget(page);
    expect(await w.input.getAttribute('placeholder')).toBe('Write a message…');
    await page.evaluate(() => window.Parley?.('setLocale', 'de'));
    await expect.poll(() => w.input.getAttribute('placeholder')).toBe('Nachricht schreiben…');
    expect(await w.launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(79, 70, 229)');
  });
});

describe('sending', () => {
  it('shows sending until the ack, then sent, then read when the agent read it', async () => {
    await openChat();
    await say(page, 'first');
    const w = widget(page);
    // The opening message is acknowledged by the HTTP call that opens the conversation.
    await expect.poll(() => w.states.first().getAttribute('data-state')).toBe('sent');
    const r = await room();
    await expect.poll(() => r.sockets.size).toBe(1);
    fake.holdAcks = true;
    await say(page, 'second');
    await expect.poll(() => w.states.last().getAttribute('data-state')).toBe('sending');
    expect(r.messages).toHaveLength(1);
    fake.holdAcks = false;
    fake.releaseHeld();
    await expect.poll(() => w.states.last().getAttribute('data-state')).toBe('sent');
    const second = r.messages.at(-1);
    if (!second) throw new Error('second message not committed');
    fake.broadcast(r.id, { type: 'read', side: 'agent', seq: second.seq });
    await expect.poll(() => w.states.allTextContents()).toEqual(['Read', 'Read']);
  });

  it('marks a refused send as failed with a retry that reuses the clientId, committed once', async () => {
    await openChat();
    await say(page, 'opening');
    const r = await room();
    await expect.poll(() => r.sockets.size).toBe(1);
    fake.failNextSends = ['internal'];
    await say(page, 'will fail once');
    const w = widget(page);
    await expect.poll(() => w.states.last().getAttribute('data-state')).toBe('failed');
    const retry = w.host.locator('button.retry');
    await retry.click();
    await expect.poll(() => w.states.last().getAttribute('data-state')).toBe('sent');
    const sends = fake.received.filter((f) => f.type === 'send' && f.body === 'will fail once');
    expect(sends).toHaveLength(2);
    expect(new Set(sends.map((f) => (f.type === 'send' ? f.clientId : ''))).size).toBe(1);
    expect(r.messages.filter((m) => m.body === 'will fail once')).toHaveLength(1);
    expect(await bubbleTexts(page)).toEqual(['opening', 'will fail once']);
  });

  it('sends with Enter and keeps Shift+Enter as a new line; refuses an empty message', async () => {
    await openChat();
    const w = widget(page);
    await w.input.press('Enter');
    expect(await w.messages.count()).toBe(0);
    await w.input.type('line one');
    await w.input.press('Shift+Enter');
    await w.input.type('line two');
    await w.input.press('Enter');
    await expect.poll(() => bubbleTexts(page)).toEqual(['line one\nline two']);
    expect(await w.input.inputValue()).toBe('');
  });
});

describe('agent side', () => {
  it('shows the agent typing, their name and avatar initials, and the away message when nobody is online', async () => {
    fake.settings = { awayMessage: 'We are back at 9am.' };
    fake.agents = [];
    await openChat();
    await say(page, 'anyone?');
    const r = await room();
    await expect.poll(() => r.sockets.size).toBe(1);
    const w = widget(page);
    // Instead of the greeting, as Settings says.
    await expect.poll(() => w.host.locator('.greeting.away .bubble').textContent()).toBe('We are back at 9am.');
    const author = { kind: 'agent' as const, id: 'a2', name: 'Grace Hopper' };
    fake.broadcast(r.id, { type: 'typing', author, on: true });
    await expect.poll(() => w.typing.textContent()).toBe('Grace Hopper is typing…');
    fake.agentSay(r.id, 'Hello!', author);
    await expect.poll(() => w.typing.count()).toBe(0);
    await expect.poll(() => w.host.locator('.head h2').textContent()).toBe('Grace Hopper');
    expect(await w.host.locator('.head .avatar').textContent()).toBe('GH');
    expect(await w.live.textContent()).toBe('New message from Grace Hopper: Hello!');
    // A picture only from an http(s) URL; anything else falls back to initials.
    fake.agentSay(r.id, 'With a face', { id: 'a3', name: 'Alan Turing', avatarUrl: 'https://cdn.example/alan.png' });
    await expect
      .poll(() => w.host.locator('.head img.avatar').getAttribute('src'))
      .toBe('https://cdn.example/alan.png');
    fake.agentSay(r.id, 'Sneaky', { id: 'a4', name: 'Eve', avatarUrl: 'javascript:alert(1)' });
    await expect.poll(() => w.host.locator('.head .avatar').textContent()).toBe('E');
    expect(await w.host.locator('img[src^="javascript"]').count()).toBe(0);
  });
});

describe('attachments', () => {
  it('shows a file sent by the agent as a card linking to its signed URL on the Parley origin', async () => {
    await openChat();
    await say(page, 'send me the invoice');
    const r = await room();
    await expect.poll(() => r.sockets.size).toBe(1);
    const seq = r.messages.length + 1;
    const message = {
      id: `m${seq}`,
      conversationId: r.id,
      seq,
      clientId: null,
      author: { kind: 'agent' as const, id: 'a1', name: 'Ada Agent' },
      body: '',
      private: false,
      attachment: {
        id: 'f1',
        name: 'invoice.pdf',
        contentType: 'application/pdf',
        size: 20480,
        url: `/api/attachments/m${seq}?sig=abc`,
      },
      createdAt: new Date().toISOString(),
    };
    r.messages.push(message);
    fake.broadcast(r.id, { type: 'message', message });
    const link = widget(page).host.locator('a.file-card');
    await expect.poll(() => link.locator('.file-name').textContent()).toBe('invoice.pdf');
    expect(await link.locator('.file-size').textContent()).toBe('20 KB');
    expect(await link.getAttribute('href')).toBe(`${fake.url}/api/attachments/m${seq}?sig=abc`);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });
});

describe('pre-chat form', () => {
  it('asks for name and email first, validates the email, then shows the composer', async () => {
    fake.settings = { preChatForm: true };
    await openChat();
    const w = widget(page);
    const form = w.host.locator('form.prechat');
    await form.locator('input').first().fill('Vic Visitor');
    await form.locator('input[type=email]').fill('not-an-email');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => form.locator('[role=alert]').textContent()).toBe('Please enter a valid email address.');
    await form.locator('input[type=email]').fill('vic@example.com');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => w.input.count()).toBe(1);
    await say(page, 'hello');
    const r = await room();
    expect(r.messages[0]?.author.name).toBe('Vic Visitor');
  });
});

describe('while closed', () => {
  it('counts unread messages on the launcher, blinks the title and tells the page, until opened', async () => {
    await openChat();
    await say(page, 'hi');
    const r = await room();
    await expect.poll(() => r.sockets.size).toBe(1);
    const w = widget(page);
    await page.evaluate(() => window.Parley?.('close'));
    const title = await page.title();
    fake.agentSay(r.id, 'one');
    fake.agentSay(r.id, 'two');
    await expect.poll(() => w.badge.textContent()).toBe('2');
    await expect.poll(() => page.title()).toMatch(/^\(\d\) New message$|^Acme/);
    await expect
      .poll(() => page.evaluate(() => document.getElementById('log')?.textContent ?? ''))
      .toContain('unread {"count":2}');
    expect(await page.evaluate(() => document.getElementById('log')?.textContent)).toContain(
      'message {"seq":3,"body":"two"',
    );
    await w.launcher.click();
    await expect.poll(() => w.badge.count()).toBe(0);
    await expect.poll(() => page.title()).toBe(title);
    await expect.poll(() => fake.received.some((f) => f.type === 'read' && f.seq === 3)).toBe(true);
  });
});

describe('when the backend is not there', () => {
  it('retries a failed session by itself and becomes usable', async () => {
    fake.failSessions = 2;
    await page.goto(demo());
    await widgetReady(page);
    expect(fake.failSessions).toBe(0);
    await widget(page).launcher.click();
    await say(page, 'made it');
    await expect.poll(() => bubbleTexts(page)).toEqual(['made it']);
  });
});

describe('page API and loader', () => {
  it('runs calls queued before the loader arrived, and emits open/close events', async () => {
    await page.addInitScript(() => {
      // The snippet a host page puts before the async loader tag.
      const queue: unknown[][] = [];
      const stub = Object.assign((...args: unknown[]) => queue.push(args), { q: queue });
      (window as unknown as { Parley: typeof stub }).Parley = stub;
      stub('on', 'open', () => document.documentElement.setAttribute('data-opened', 'yes'));
      stub('setLocale', 'fr');
      stub('open');
    });
    await page.goto(demo());
    const w = widget(page);
    await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('data-opened'))).toBe('yes');
    await expect.poll(() => w.panel.isVisible()).toBe(true);
    expect(await w.input.getAttribute('placeholder')).toBe('Écrivez un message…');
    await page.evaluate(() => window.Parley?.close());
    await expect.poll(() => w.panel.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.getElementById('log')?.textContent)).toMatch(/open[\s\S]*close/);
  });

  it('never blocks the page: it renders while widget.js is still downloading, then the launcher appears', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/widget.js', async (route) => {
      await held;
      await route.continue();
    });
    const started = Date.now();
    await page.goto(demo(), { waitUntil: 'domcontentloaded' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await page.locator('h1').textContent()).toBe('Acme Outdoor');
    expect(await page.locator('parley-widget').count()).toBe(0);
    release();
    await expect.poll(() => widget(page).launcher.count()).toBe(1);
  });

  it('loads the full widget only when idle or opened, not with the loader', async () => {
    const bundles: string[] = [];
    page.on('request', (req) => {
      if (/\/widget\/app-[\w-]+\.js$/.test(req.url())) bundles.push(req.url());
    });
    await page.goto(demo());
    await widgetReady(page);
    expect(bundles).toHaveLength(1);
    // The loader's tag is async; the full bundle is a separate, hashed module.
    expect(await page.locator('script[src$="/widget.js"]').getAttribute('async')).not.toBeNull();
  });

  it('loads the full widget on the first open when the browser never got idle', async () => {
    await page.addInitScript(() => {
      // A page so busy that the idle callback never comes.
      window.requestIdleCallback = () => 0;
    });
    const bundles: string[] = [];
    page.on('request', (req) => {
      if (/\/widget\/app-[\w-]+\.js$/.test(req.url())) bundles.push(req.url());
    });
    await page.goto(demo());
    const w = widget(page);
    await expect.poll(() => w.launcher.count()).toBe(1);
    await page.waitForTimeout(500);
    expect(bundles).toEqual([]);
    // The placeholder launcher of the loader: clicking it loads the widget and opens it.
    await w.launcher.click();
    await expect.poll(() => w.panel.isVisible()).toBe(true);
    expect(bundles).toHaveLength(1);
  });

  it('unmounts when its element leaves the page (socket closed) and comes back when re-added', async () => {
    await openChat();
    await say(page, 'still here?');
    const r = await room();
    await expect.poll(() => r.sockets.size).toBe(1);
    await page.evaluate(() => {
      const el = document.querySelector('parley-widget');
      (window as unknown as { __parley: Element | null }).__parley = el;
      el?.remove();
    });
    await expect.poll(() => r.sockets.size).toBe(0);
    await page.evaluate(() => {
      const el = (window as unknown as { __parley: Element | null }).__parley;
      if (el) document.body.append(el);
    });
    await widgetReady(page);
    await expect.poll(() => r.sockets.size).toBe(1);
    await widget(page).launcher.click();
    await expect.poll(() => bubbleTexts(page)).toEqual(['still here?']);
  });

  it('shutdown forgets the visitor: the next session is a new visitor', async () => {
    await openChat();
    await say(page, 'mine');
    const before = await page.evaluate(() => localStorage.getItem('parley:pk_fake:visitor'));
    await page.evaluate(() => window.Parley?.('shutdown'));
    await widgetReady(page);
    const after = await page.evaluate(() => localStorage.getItem('parley:pk_fake:visitor'));
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(await widget(page).messages.count()).toBe(0);
  });
});

describe('keyboard, focus and small screens', () => {
  it('moves focus into the panel on open, closes on Escape and returns focus to the launcher', async () => {
    await page.goto(demo());
    await widgetReady(page);
    const w = widget(page);
    await w.launcher.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => w.input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => w.panel.isVisible()).toBe(false);
    expect(await w.launcher.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('false');
  });

  it('goes full screen on a phone and keeps Tab inside the panel', async () => {
    await page.setViewportSize({ width: 375, height: 667 });
    await openChat();
    const w = widget(page);
    // Polled: the panel slides in (unless reduced motion).
    await expect
      .poll(async () => {
        const box = await w.panel.boundingBox();
        return box && [box.x, box.y, box.width, Math.round(box.height)];
      })
      .toEqual([0, 0, 375, 667]);
    const focused = async () =>
      w.host.evaluate((host) => {
        const el = host.shadowRoot?.activeElement;
        return el ? `${el.tagName.toLowerCase()}.${el.className}` : 'outside';
      });
    // Focus moves into the panel in an effect after the open: a Tab before that starts outside it.
    await expect
      .poll(() => w.panel.evaluate((el) => el.contains((el.getRootNode() as ShadowRoot).activeElement)))
      .toBe(true);
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      seen.add(await focused());
    }
    expect(seen.has('outside')).toBe(false);
    expect(seen).toContain('button.close');
  });

  it('turns animations off under prefers-reduced-motion', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openChat();
    expect(await widget(page).panel.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await widget(page).panel.evaluate((el) => getComputedStyle(el).animationName)).toBe('parley-in');
  });
});

describe('several tabs', () => {
  it('beep once across tabs for a new message while closed', async () => {
    await context.addInitScript(() => {
      // Count the oscillators the widget starts: one per beep.
      const start = OscillatorNode.prototype.start;
      const counter = window as unknown as { __beeps: number };
      counter.__beeps = 0;
      OscillatorNode.prototype.start = function (...args: [number?]) {
        counter.__beeps += 1;
        return start.apply(this, args);
      };
    });
    await openChat();
    await say(page, 'two tabs');
    const r = await room();
    const other = await context.newPage();
    await other.goto(demo());
    await widgetReady(other);
    await page.evaluate(() => window.Parley?.close());
    await expect.poll(() => r.sockets.size).toBe(2);
    fake.agentSay(r.id, 'ding');
    await expect.poll(() => widget(other).badge.textContent()).toBe('1');
    await expect.poll(() => widget(page).badge.textContent()).toBe('1');
    const beeps = async (p: Page) => p.evaluate(() => (window as unknown as { __beeps: number }).__beeps);
    const total = async () => (await beeps(page)) + (await beeps(other));
    // The beep may come after the badges on a loaded machine: wait for it, then give a second one
    // (which must not come) time to show.
    await expect.poll(total).toBe(1);
    await page.waitForTimeout(500);
    expect(await total()).toBe(1);
  });

  it('share the visitor and conversation, and reading in one clears the unread badge in the other', async () => {
    await openChat();
    await say(page, 'from tab one');
    const r = await room();
    const other = await context.newPage();
    await other.goto(demo());
    await widgetReady(other);
    await expect.poll(() => bubbleTexts(other)).toEqual(['from tab one']);
    await page.evaluate(() => window.Parley?.('close'));
    await expect.poll(() => r.sockets.size).toBe(2);
    fake.agentSay(r.id, 'hello both');
    await expect.poll(() => widget(other).badge.textContent()).toBe('1');
    await expect.poll(() => widget(page).badge.textContent()).toBe('1');
    await widget(other).launcher.click();
    await expect.poll(() => widget(page).badge.count()).toBe(0);
  });
});
