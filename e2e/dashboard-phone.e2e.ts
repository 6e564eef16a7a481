// The dashboard on a phone (390×844) in real Chromium against the real stack: a Manager signs up,
// opens and closes the navigation drawer (Escape, backdrop, focus back on the menu button), finds
// the widget key in Settings › Widget through the section select, answers a visitor from the
// stacked list → conversation → visitor details views, goes back, and opens the account pages —
// and no screen scrolls sideways. Phone screenshots go to $PHONE_SCREENSHOTS (default: the temp
// directory), not docs/.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPage, newAccount, signUp, snippetWidgetKey } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.PHONE_SCREENSHOTS ?? join(tmpdir(), 'parley-phone');

const pages = browserPages(PHONE);
const newPage = (viewport: { width: number; height: number }, mobile = false) => pages.newPage(viewport, { mobile });

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
});

/** The page is no wider than the screen: nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} is ${scrollWidth}px wide on a ${innerWidth}px screen`).toBeLessThanOrEqual(
    innerWidth,
  );
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `phone-${name}.png`) });
}

/** Checked on every screen: no sideways scroll, and a picture to look at. */
async function screen(page: Page, name: string): Promise<void> {
  await expectNoSidewaysScroll(page);
  await shot(page, name);
}

const menuButton = (page: Page) => page.getByRole('button', { name: 'Open navigation' });
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

/** Opens the drawer and waits for the effect that moves focus into it and starts listening for Escape. */
async function openDrawer(page: Page): Promise<void> {
  await menuButton(page).click();
  await mainNav(page).waitFor();
  await expect.poll(() => mainNav(page).evaluate((nav) => nav.contains(document.activeElement))).toBe(true);
}

describe('the dashboard on a phone', () => {
  it('drawer → Settings › Widget → a visitor writes → list → conversation → visitor → back → account', async () => {
    const agent = await newPage(PHONE, true);
    await signUp(agent, baseUrl, newAccount('phone', 'Pia Phone'), 'Pocket Shop');
    // The sidebar is out of the way until asked for.
    await menuButton(agent).waitFor();
    expect(await mainNav(agent).isVisible()).toBe(false);
    await agent.getByRole('region', { name: 'Inbox' }).waitFor();
    await screen(agent, 'inbox-empty');

    // The drawer: Escape closes it, focus goes back to the menu button.
    await openDrawer(agent);
    expect(await menuButton(agent).getAttribute('aria-expanded')).toBe('true');
    await screen(agent, 'drawer');
    await agent.keyboard.press('Escape');
    await mainNav(agent).waitFor({ state: 'hidden' });
    expect(await focusedLabel(agent)).toBe('Open navigation');
    // …and so does a tap on the backdrop beside it.
    await openDrawer(agent);
    await agent.mouse.click(370, 420);
    await mainNav(agent).waitFor({ state: 'hidden' });
    expect(await focusedLabel(agent)).toBe('Open navigation');

    // Settings: the section menu is a select above the content.
    await openDrawer(agent);
    await mainNav(agent).getByRole('link', { name: 'Settings', exact: true }).click();
    await mainNav(agent).waitFor({ state: 'hidden' });
    const section = agent.getByLabel('Settings section');
    await section.selectOption({ label: 'Widget' });
    await agent.waitForURL(/\/settings\/widget$/);
    const widgetKey = await snippetWidgetKey(agent);
    // 16 px inputs: iOS does not zoom into them.
    expect(await agent.locator('textarea[name=greeting]').evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    await screen(agent, 'settings-widget');

    // A visitor writes from the demo page (a desktop browser).
    const visitor = await newPage({ width: 1100, height: 760 });
    await visitor.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(visitor);
    await widget(visitor).launcher.click();
    await say(visitor, 'Hi from my phone-sized question');
    // The room committed it (a failure here is the visitor's side, not the inbox's).
    await expect.poll(() => widget(visitor).states.first().getAttribute('data-state')).toBe('sent');

    // The list: the conversation arrives live.
    await openDrawer(agent);
    await mainNav(agent).getByRole('link', { name: 'Inbox' }).click();
    const row = agent.getByTestId('conversation-list').locator('li').first();
    await row.getByText('Hi from my phone-sized question').waitFor();
    await screen(agent, 'inbox');

    // The conversation replaces the list; the URL names it.
    await row.locator('a').click();
    await agent.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    await agent.getByTestId('visitor-message').filter({ hasText: 'phone-sized question' }).waitFor();
    expect(await agent.getByRole('region', { name: 'Inbox' }).isVisible()).toBe(false);
    const composer = agent.getByTestId('composer-input');
    expect(await composer.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    // The placeholder has the width to read as words, not a letter per line.
    expect(await composer.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(300);
    await screen(agent, 'conversation');
    await composer.click();
    await composer.fill('Hello! Happy to help from here.');
    await composer.press('Enter');
    await agent.getByTestId('agent-message').filter({ hasText: 'Happy to help' }).waitFor();
    await expect
      .poll(() => bubbleTexts(visitor))
      .toEqual(['Hi from my phone-sized question', 'Hello! Happy to help from here.']);
    await screen(agent, 'conversation-replied');

    // The visitor's details are a view of their own, with a way back.
    await agent.getByRole('button', { name: 'Visitor details' }).click();
    const panel = agent.getByTestId('visitor-panel');
    await panel.waitFor();
    expect(await composer.isVisible()).toBe(false);
    await screen(agent, 'visitor');
    await agent.getByRole('button', { name: 'Back to the conversation' }).click();
    await composer.waitFor();
    expect(await panel.isVisible()).toBe(false);

    // Back to the list.
    await agent.getByRole('link', { name: 'Back to the inbox' }).click();
    await agent.waitForURL(/\/inbox$/);
    await row.waitFor();
    expect(await composer.count()).toBe(0);
    await screen(agent, 'inbox-after');

    // Account: from the drawer, its sections in a select too.
    await openDrawer(agent);
    await agent.getByTestId('account-link').click();
    await agent.waitForURL(/\/account\/profile$/);
    await screen(agent, 'account-profile');
    await agent.getByLabel('Account section').selectOption({ label: 'Sessions' });
    await agent.waitForURL(/\/account\/sessions$/);
    await screen(agent, 'account-sessions');
  }, 150_000);
});
