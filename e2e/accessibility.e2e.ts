// The accessibility check: axe-core (e2e/support/axe.ts) over every dashboard screen and every
// widget state, in the light and the dark scheme (the browser's prefers-color-scheme: the dashboard
// follows it with no saved preference, the widget under its default `auto` theme), failing on any
// serious or critical violation with a report naming the screen, the rule, the element and, for
// contrast, the colours. SCREENS is the list to extend: a new screen is one entry (a name, how to
// reach it from the previous one, and optionally a docs screenshot). The dark run also takes the
// dark-mode screenshots in docs/screenshots/.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACCOUNT_SECTIONS, SETTINGS_SECTIONS } from '../dashboard/src/config/paths.ts';
import { createAgent } from './support/agent.ts';
import { animationsSettled, blocking, formatViolations, runAxe } from './support/axe.ts';
import { launchChromium } from './support/browser.ts';
import {
  type Account,
  leaveComposer,
  newAccount,
  SCREENSHOTS,
  signIn,
  signUp,
  snippetWidgetKey,
} from './support/dashboard.ts';
import { PDF, PHOTO } from './support/files.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const authJwtKeys = inject('authJwtKeys');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
type Scheme = 'light' | 'dark';

/** The pages of one scheme's run, made on first use and kept for the screens after. */
class Session {
  readonly account: Account;
  projectId = '';
  widgetKey = '';
  conversationUrl = '';
  contactUrl = '';
  private readonly contexts: BrowserContext[] = [];
  private readonly pages = new Map<string, Promise<Page>>();

  readonly scheme: Scheme;
  private readonly browser: Browser;

  constructor(scheme: Scheme, browser: Browser) {
    this.scheme = scheme;
    this.browser = browser;
    this.account = newAccount(`a11y-${scheme}`, scheme === 'dark' ? 'Dana Dark' : 'Lena Light');
  }

  /** A fresh page in its own context with the scheme, reduced motion (no mid-animation colours)
   * and the CSP bypassed so axe can be injected. */
  async newPage(viewport = DESKTOP, mobile = false): Promise<Page> {
    const context = await this.browser.newContext({
      viewport,
      colorScheme: this.scheme,
      reducedMotion: 'reduce',
      bypassCSP: true,
      ...(mobile ? { isMobile: true, hasTouch: true } : {}),
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    return page;
  }

  private once(key: string, make: () => Promise<Page>): Promise<Page> {
    let page = this.pages.get(key);
    if (!page) {
      page = make();
      this.pages.set(key, page);
    }
    return page;
  }

  /** Signed out. */
  guest = () => this.once('guest', () => this.newPage());

  /** The Manager at 1280×800, signed up on first use (a new project, an empty inbox). */
  agent = () =>
    this.once('agent', async () => {
      const page = await this.newPage();
      this.projectId = await signUp(page, baseUrl, this.account, `${this.scheme} shop`);
      await page.goto(`${baseUrl}/p/${this.projectId}/settings/widget`);
      this.widgetKey = await snippetWidgetKey(page);
      await page.goto(`${baseUrl}/p/${this.projectId}/inbox`);
      return page;
    });

  /** The same Manager on a phone (390×844), signed in. */
  agentPhone = () =>
    this.once('agent-phone', async () => {
      await this.agent();
      const page = await this.newPage(PHONE, true);
      await signIn(page, baseUrl, this.account);
      await page.waitForURL(/\/p\/[0-9a-f-]{36}\/inbox/);
      return page;
    });

  /** A visitor on the demo host page, widget loaded and closed. */
  visitor = (key = 'visitor', viewport = { width: 1100, height: 760 }, mobile = false) =>
    this.once(key, async () => {
      await this.agent();
      const page = await this.newPage(viewport, mobile);
      await page.goto(this.demoUrl());
      await widgetReady(page);
      return page;
    });

  demoUrl = () => `${hostUrl}/dev/demo?plain=1&key=${this.widgetKey}&parley=${encodeURIComponent(baseUrl)}`;

  /** The visitor has written; the agent sees the conversation in the inbox. */
  conversation = () =>
    this.once('conversation', async () => {
      const agent = await this.agent();
      const visitor = await this.visitor('writer');
      await widget(visitor).launcher.click();
      await say(visitor, 'Hello, is the blue backpack waterproof?');
      await agent.goto(`${baseUrl}/p/${this.projectId}/inbox`);
      await agent.getByTestId('conversation-list').locator('li').first().getByText('blue backpack').waitFor();
      return visitor;
    });

  async close(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close().catch(() => undefined);
  }
}

interface Screen {
  name: string;
  /** Brings the screen up (from wherever the previous screens left the pages) and returns its page. */
  open(s: Session): Promise<Page>;
  /** docs/screenshots/<name>.png taken in this scheme's run. */
  shot?: Partial<Record<Scheme, string>>;
}

const settingsScreens: Screen[] = SETTINGS_SECTIONS.map((section) => ({
  name: `settings › ${section}`,
  open: async (s) => {
    const page = await s.agent();
    await page.goto(`${baseUrl}/p/${s.projectId}/settings/${section}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    return page;
  },
  ...(section === 'widget' ? { shot: { dark: 'dark-settings-widget' } } : {}),
}));

const accountScreens: Screen[] = ACCOUNT_SECTIONS.map((section) => ({
  name: `account › ${section}`,
  open: async (s) => {
    const page = await s.agent();
    await page.goto(`${baseUrl}/account/${section}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    return page;
  },
}));

/** In order: each screen may rely on what the ones before it did (the empty inbox comes first). */
const SCREENS: Screen[] = [
  {
    name: 'sign-in',
    open: async (s) => {
      const page = await s.guest();
      await page.goto(`${baseUrl}/sign-in`);
      await page.locator('input[name=email]').waitFor();
      return page;
    },
  },
  {
    name: 'sign-up',
    open: async (s) => {
      const page = await s.guest();
      await page.goto(`${baseUrl}/sign-up`);
      await page.locator('input[name=projectName]').waitFor();
      return page;
    },
  },
  {
    name: 'inbox (empty)',
    open: async (s) => {
      const page = await s.agent();
      await page.getByText(/^(Inbox zero|Ready for your first conversation)$/).waitFor();
      return page;
    },
  },
  ...settingsScreens,
  ...accountScreens,
  {
    name: 'account › 2FA enrolment (QR code)',
    open: async (s) => {
      const page = await s.agent();
      await page.goto(`${baseUrl}/account/security`);
      await page.getByRole('button', { name: 'Set up 2FA' }).click();
      const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
      const confirm = page.getByRole('dialog').filter({ hasText: 'Confirm it’s you' });
      // A sign-in older than 10 minutes asks for the password first (sudo mode).
      await Promise.race([qr.waitFor(), confirm.waitFor()]);
      if (await confirm.isVisible()) {
        await confirm.getByLabel('Password').fill(s.account.password);
        await confirm.getByRole('button', { name: 'Confirm' }).click();
        await qr.waitFor();
      }
      return page;
    },
  },
  {
    name: 'phone › navigation drawer',
    open: async (s) => {
      const page = await s.agentPhone();
      await page.getByRole('button', { name: 'Open navigation' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      return page;
    },
  },
  {
    name: 'widget › closed launcher',
    open: async (s) => s.visitor(),
  },
  {
    name: 'widget › open, empty',
    open: async (s) => {
      const page = await s.visitor();
      await widget(page).launcher.click();
      await widget(page).panel.waitFor();
      return page;
    },
  },
  {
    name: 'widget › error (the session cannot load)',
    open: async (s) => {
      await s.agent();
      const page = await s.newPage({ width: 1100, height: 760 });
      await page.route('**/api/widget/session', (route) => route.fulfill({ status: 503, body: '{}' }));
      await page.goto(s.demoUrl());
      await widget(page).launcher.click();
      await widget(page).host.locator('.notice.error').waitFor();
      return page;
    },
  },
  {
    name: 'inbox (a conversation)',
    open: async (s) => {
      await s.conversation();
      return s.agent();
    },
    shot: { dark: 'dark-inbox' },
  },
  {
    name: 'conversation (and the visitor panel beside it)',
    open: async (s) => {
      await s.conversation();
      const page = await s.agent();
      await page.getByTestId('conversation-list').locator('li a').first().click();
      await page.getByTestId('visitor-message').first().waitFor();
      s.conversationUrl = page.url();
      const composer = page.getByTestId('composer-input');
      await composer.fill('Yes, fully waterproof with sealed zips.');
      await composer.press('Enter');
      await page.getByTestId('agent-message').filter({ hasText: 'sealed zips' }).waitFor();
      await expect.poll(() => page.getByTestId('pending-message').count()).toBe(0);
      return page;
    },
    shot: { dark: 'dark-conversation' },
  },
  {
    name: 'conversation › private note being written',
    open: async (s) => {
      const page = await s.agent();
      await page.getByRole('tab', { name: 'Private note' }).click();
      await page.getByTestId('composer-input').fill('Offer the 10% loyalty discount.');
      return page;
    },
  },
  {
    name: 'conversation › the @ mention list in a note',
    open: async (s) => {
      // A teammate to mention: a member made in Postgres; the reload fetches the members again.
      await createAgent(databaseUrl, authJwtKeys, s.projectId, 'Sam Teammate');
      const page = await s.agent();
      await page.goto(s.conversationUrl);
      await page.getByRole('tab', { name: 'Private note' }).click();
      const composer = page.getByTestId('composer-input');
      await composer.fill('Ask ');
      await composer.press('End');
      await composer.pressSequentially('@sa');
      await page.getByTestId('mention-suggestions').getByText('Sam Teammate').waitFor();
      return page;
    },
  },
  {
    name: 'conversation › a note that mentions a teammate',
    open: async (s) => {
      const page = await s.agent();
      await page.keyboard.press('Enter');
      await page.getByTestId('composer-input').pressSequentially('about the discount');
      await page.keyboard.press('Enter');
      await page.getByTestId('note').getByTestId('mention').filter({ hasText: '@Sam Teammate' }).waitFor();
      return page;
    },
  },
  {
    name: 'settings › labels (three defined) › the new-label dialog',
    open: async (s) => {
      const page = await s.agent();
      await page.goto(`${baseUrl}/p/${s.projectId}/settings/labels`);
      for (const [name, colour] of [
        ['Billing', 'Green'],
        ['Bug', 'Red'],
        ['VIP', 'Purple'],
      ] as const) {
        await page.getByRole('button', { name: 'New label' }).click();
        await page.getByRole('dialog').getByLabel('Name').fill(name);
        await page.getByRole('dialog').getByRole('radio', { name: colour }).check();
        await page.getByRole('dialog').getByRole('button', { name: 'Add label' }).click();
        await page.getByTestId('label-list').getByText(name, { exact: true }).waitFor();
      }
      await page.getByRole('button', { name: 'New label' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('Refund');
      return page;
    },
  },
  {
    name: 'conversation › label picker (l)',
    open: async (s) => {
      const page = await s.agent();
      await page.goto(s.conversationUrl);
      await page.getByTestId('visitor-message').first().waitFor();
      // Esc leaves the composer the opened conversation focused (once it has: the focus moves in an effect).
      await leaveComposer(page);
      await page.keyboard.press('l');
      const picker = page.getByTestId('label-picker');
      await picker.waitFor();
      const find = picker.getByRole('combobox', { name: 'Find a label' });
      await expect.poll(() => find.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.press('Enter');
      await picker.getByRole('option', { name: 'Billing', selected: true }).waitFor();
      await page.keyboard.press('ArrowDown');
      return page;
    },
  },
  {
    name: 'inbox › filtered by label',
    open: async (s) => {
      const page = await s.agent();
      // The picker the previous screen left open, its search box focused: Escape closes it.
      await page.keyboard.press('Escape');
      await page.getByTestId('label-picker').waitFor({ state: 'detached' });
      await page.getByTestId('label-filter').selectOption({ label: 'Billing' });
      await page.getByTestId('conversation-list').getByTestId('label-chip').first().waitFor();
      return page;
    },
  },
  {
    name: 'inbox › bulk selection (the bar, its label picker)',
    open: async (s) => {
      const page = await s.agent();
      const row = page.getByTestId('conversation-list').locator('li[data-row-id]').first();
      await row.hover();
      await row.getByRole('checkbox').check();
      const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
      await bar.getByRole('button', { name: 'Label' }).click();
      await page.getByTestId('label-picker').waitFor();
      return page;
    },
  },
  {
    name: 'inbox › filtered by priority',
    open: async (s) => {
      const page = await s.agent();
      await page.goto(s.conversationUrl);
      await page.getByTestId('visitor-message').first().waitFor();
      await leaveComposer(page);
      // p opens the header's menu focused on the conversation's level (None); Home, Enter sets Urgent.
      await page.keyboard.press('p');
      const menu = page.getByRole('menu', { name: 'Priority' });
      await menu.waitFor();
      await page.keyboard.press('Home');
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'detached' });
      await page.getByTestId('priority-filter').selectOption({ label: 'Urgent' });
      await page.getByTestId('conversation-list').getByTestId('priority-badge').first().waitFor();
      return page;
    },
  },
  {
    name: 'conversation › priority menu (p) and the row badge',
    open: async (s) => {
      const page = await s.agent();
      // The filter is kept across reloads: back to every priority, so the later screens find their rows.
      await page.getByTestId('priority-filter').selectOption({ label: 'All priorities' });
      await page.getByTestId('conversation-list').getByTestId('priority-badge').first().waitFor();
      // Out of the select (keys typed into a field are not shortcuts), then p again: Urgent is marked and focused.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('p');
      const menu = page.getByRole('menu', { name: 'Priority' });
      await menu.waitFor();
      await expect
        .poll(() => menu.getByRole('menuitem', { name: 'Urgent' }).evaluate((el) => el === document.activeElement))
        .toBe(true);
      return page;
    },
  },
  {
    name: 'reports (the answered conversation)',
    open: async (s) => {
      await s.conversation();
      const page = await s.agent();
      await page.goto(`${baseUrl}/p/${s.projectId}/reports`);
      await page.getByTestId('report-totals').waitFor();
      await page.getByTestId('daily-chart').waitFor();
      return page;
    },
  },
  {
    name: 'phone › reports',
    open: async (s) => {
      const page = await s.agentPhone();
      await page.goto(`${baseUrl}/p/${s.projectId}/reports`);
      await page.getByTestId('report-totals').waitFor();
      return page;
    },
  },
  {
    name: 'contacts (a contact found by search)',
    open: async (s) => {
      // The writer leaves a name and email: an (unverified) contact of their own.
      const visitor = await s.conversation();
      await visitor.evaluate(() => window.Parley?.('identify', { name: 'Ada Lovelace', email: 'ada@example.com' }));
      const page = await s.agent();
      await page.goto(`${baseUrl}/p/${s.projectId}/contacts`);
      await page.getByTestId('contacts-search').fill('ada');
      await page.getByTestId('contact-row').filter({ hasText: 'Ada Lovelace' }).waitFor();
      return page;
    },
  },
  {
    name: 'contact (its conversations and attributes)',
    open: async (s) => {
      const page = await s.agent();
      await page.getByTestId('contact-row').first().click();
      await page.getByTestId('contact-conversations').waitFor();
      s.contactUrl = page.url();
      return page;
    },
  },
  {
    name: 'phone › contact',
    open: async (s) => {
      const page = await s.agentPhone();
      await page.goto(s.contactUrl);
      await page.getByTestId('contact-conversations').waitFor();
      return page;
    },
  },
  {
    name: 'widget › conversation with messages',
    open: async (s) => {
      const page = await s.conversation();
      await widget(page).bubbles.filter({ hasText: 'sealed zips' }).waitFor();
      return page;
    },
    shot: { dark: 'dark-widget-open' },
  },
  {
    name: 'widget › offline (the network drops mid-conversation)',
    open: async (s) => {
      const page = await s.conversation();
      await page.context().setOffline(true);
      await widget(page).host.locator('.notice').waitFor();
      return page;
    },
  },
  {
    name: 'phone › inbox',
    open: async (s) => {
      const page = await s.agentPhone();
      await page.goto(`${baseUrl}/p/${s.projectId}/inbox`);
      await page.getByTestId('conversation-list').locator('li').first().waitFor();
      return page;
    },
    shot: { light: 'inbox-phone', dark: 'dark-inbox-phone' },
  },
  {
    name: 'phone › conversation',
    open: async (s) => {
      const page = await s.agentPhone();
      await page.goto(s.conversationUrl);
      await page.getByTestId('agent-message').first().waitFor();
      return page;
    },
    shot: { light: 'conversation-phone', dark: 'dark-conversation-phone' },
  },
  {
    name: 'phone › visitor panel',
    open: async (s) => {
      const page = await s.agentPhone();
      await page.getByRole('button', { name: 'Visitor details' }).click();
      await page.getByTestId('visitor-panel').waitFor();
      return page;
    },
  },
  {
    name: 'widget › phone, open',
    open: async (s) => {
      const page = await s.visitor('visitor-phone', PHONE, true);
      await widget(page).launcher.click();
      await widget(page).panel.waitFor();
      await say(page, 'Do you deliver to Norway?');
      await widget(page)
        .states.filter({ hasText: /Sent|Read/ })
        .first()
        .waitFor();
      return page;
    },
    shot: { dark: 'dark-widget-phone' },
  },
  {
    name: "widget › the visitor's conversations",
    shot: { dark: 'dark-widget-conversations' },
    open: async (s) => {
      const page = await s.visitor('visitor-list');
      const w = widget(page);
      await w.launcher.click();
      await say(page, 'Is the green tent in stock?');
      await w.states
        .filter({ hasText: /Sent|Read/ })
        .first()
        .waitFor();
      await w.host.getByRole('button', { name: 'Your conversations' }).click();
      await w.host.locator('button.conv').first().waitFor();
      return page;
    },
  },
  {
    name: 'widget › emoji picker',
    open: async (s) => {
      const page = await s.visitor('visitor-list');
      const w = widget(page);
      await w.host.locator('button.conv').first().click();
      await w.bubbles.filter({ hasText: 'green tent' }).waitFor();
      await w.host.getByRole('button', { name: 'Emoji' }).click();
      await w.host.locator('.emoji-picker button').first().waitFor();
      // Focus moves into the picker in an effect: wait for it, so the next screen's Escape closes the picker.
      await expect
        .poll(() =>
          w.host.locator('.emoji-picker input').evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement),
        )
        .toBe(true);
      return page;
    },
  },
  {
    name: 'widget › a deleted message (tombstone)',
    open: async (s) => {
      const page = await s.visitor('visitor-list');
      const w = widget(page);
      await page.keyboard.press('Escape');
      await w.host.locator('.emoji-picker').waitFor({ state: 'detached' });
      await w.host.locator('.msg-action').filter({ hasText: 'Delete' }).first().click();
      await w.host.locator('.msg-confirm .msg-action.danger').click();
      await w.host.locator('.tombstone').waitFor();
      return page;
    },
  },
  {
    name: 'widget › an image and a PDF sent',
    open: async (s) => {
      const page = await s.visitor('visitor-list');
      const w = widget(page);
      await w.host
        .locator('input[type=file]')
        .setInputFiles({ name: 'tent.png', mimeType: 'image/png', buffer: PHOTO });
      await w.host.locator('li.msg.own .thumb img').first().waitFor();
      await w.host
        .locator('input[type=file]')
        .setInputFiles({ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: PDF });
      await w.host.locator('li.msg.own a.file-card').first().waitFor();
      return page;
    },
    shot: { dark: 'dark-attachments-widget' },
  },
  {
    name: 'conversation › the visitor’s image and PDF, a tombstone',
    open: async (s) => {
      const page = await s.agent();
      await page.goto(`${baseUrl}/p/${s.projectId}/inbox`);
      await page.getByTestId('conversation-list').locator('li').filter({ hasText: 'receipt.pdf' }).locator('a').click();
      await page.getByTestId('attachment-image').locator('img').first().waitFor();
      await page.getByTestId('message-tombstone').first().waitFor();
      return page;
    },
    shot: { dark: 'dark-attachments-dashboard' },
  },
  {
    name: 'conversation › emoji picker',
    open: async (s) => {
      const page = await s.agent();
      await page.goto(s.conversationUrl);
      await page.getByTestId('agent-message').first().waitFor();
      await page.getByRole('button', { name: 'Insert emoji' }).click();
      await page.getByRole('dialog').first().waitFor();
      return page;
    },
  },
  {
    name: 'widget › rating a resolved conversation (CSAT)',
    open: async (s) => {
      // A visitor writes, the agent resolves: the widget asks for a rating; a face chosen, the comment field.
      const agent = await s.agent();
      const page = await s.visitor('visitor-rater');
      const w = widget(page);
      await w.launcher.click();
      await say(page, 'Thanks, that answers it.');
      await w.states
        .filter({ hasText: /Sent|Read/ })
        .first()
        .waitFor();
      await agent.goto(`${baseUrl}/p/${s.projectId}/inbox`);
      await agent
        .getByTestId('conversation-list')
        .locator('li')
        .filter({ hasText: 'that answers it' })
        .locator('a')
        .click();
      await agent.getByTestId('conversation-actions').getByRole('button', { name: 'Resolve', exact: true }).click();
      await w.host.locator('.rating-ask').waitFor();
      await w.host.getByRole('button', { name: 'Good' }).click();
      await w.host.locator('.rating-comment input').waitFor();
      return page;
    },
  },
  {
    name: 'conversation › the visitor’s rating',
    open: async (s) => {
      const page = await s.agent();
      await page.getByTestId('conversation-rating').waitFor();
      return page;
    },
  },
  {
    name: 'widget › away, asking for an email',
    shot: { dark: 'dark-widget-away' },
    open: async (s) => {
      // The Manager forces away in Settings › Business hours; a new visitor sees the away message and the ask.
      const agent = await s.agent();
      await agent.goto(`${baseUrl}/p/${s.projectId}/settings/business-hours`);
      const force = agent.getByRole('switch', { name: 'Force away' });
      await force.click();
      await expect.poll(() => force.getAttribute('aria-checked')).toBe('true');
      await agent.waitForLoadState('networkidle');
      const page = await s.visitor('visitor-away');
      await widget(page).launcher.click();
      await widget(page).host.locator('.email-ask').waitFor();
      return page;
    },
  },
  {
    name: 'widget › pre-chat form',
    open: async (s) => {
      // The Manager turns the form on in Settings › Widget; a new visitor is asked first.
      const agent = await s.agent();
      await agent.goto(`${baseUrl}/p/${s.projectId}/settings/widget`);
      await agent.getByRole('switch', { name: 'Ask for name and email first' }).click();
      await agent.getByRole('button', { name: 'Save widget' }).click();
      await agent.getByText('Widget saved').waitFor();
      const page = await s.visitor('visitor-prechat');
      await widget(page).launcher.click();
      await widget(page).host.locator('.prechat').waitFor();
      return page;
    },
  },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(['light', 'dark'] as const)('accessibility, %s scheme', (scheme) => {
  let session: Session;
  const report: string[] = [];
  beforeAll(() => {
    session = new Session(scheme, browser);
  });
  afterAll(async () => {
    await session.close();
    if (report.length) console.log(`axe, ${scheme} (minor and moderate, not failing):\n${report.join('\n')}`);
  });

  it.each(SCREENS.map((screen) => [screen.name, screen] as const))(
    '%s',
    async (_name, screen) => {
      const page = await screen.open(session);
      // The dashboard applied the scheme (no saved preference: the system's).
      if (page.url().startsWith(baseUrl)) {
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      }
      // The widget's default `auto` theme follows the visitor's scheme.
      if (page.url().startsWith(hostUrl)) {
        const dark = await widget(page)
          .host.locator('.pw')
          .first()
          .evaluate((el) => el.classList.contains('dark'));
        expect(dark).toBe(scheme === 'dark');
      }
      // Let colour transitions end (the dashboard honours reduced motion; a page may still be mid-fade).
      await animationsSettled(page);
      const violations = await runAxe(page);
      const failing = blocking(violations);
      const minor = violations.filter((v) => !failing.includes(v));
      if (minor.length) report.push(formatViolations(screen.name, minor));
      const shot = screen.shot?.[scheme];
      if (shot) {
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(SCREENSHOTS, `${shot}.png`) });
      }
      expect(
        failing.map((v) => v.id),
        `\n${formatViolations(`${screen.name} (${scheme})`, failing)}\n`,
      ).toEqual([]);
    },
    120_000,
  );

  if (scheme === 'light') {
    it('the Dark preference overrides the system, applies before the app runs, and follows the account', async () => {
      const page = await session.agent();
      await page.goto(`${baseUrl}/p/${session.projectId}/inbox`);
      const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
      await page.getByTestId('theme-picker').first().getByRole('radio', { name: 'Dark theme' }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect((await saved).status()).toBe(200);
      // With the app's scripts blocked, public/theme.js alone has set it: no light flash.
      await page.route('**/assets/*.js', (route) => route.abort());
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await page.unroute('**/assets/*.js');
      // Another browser (nothing in localStorage, a light system) adopts the account's choice.
      const other = await session.newPage();
      await signIn(other, baseUrl, session.account);
      await other.waitForURL(/\/p\/[0-9a-f-]{36}\/inbox/);
      await expect.poll(() => other.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await other.evaluate(() => localStorage.getItem('parley:theme'))).toBe('dark');
    }, 60_000);
  }
});
