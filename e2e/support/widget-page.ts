// Reaching into the widget's shadow root from a test: Playwright's CSS engine pierces open shadow
// roots, and every locator is scoped to the <parley-widget> element so the demo page's own
// look-alike elements (.launcher, .panel, .bubble) never match.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export function widget(page: Page) {
  const host = page.locator('parley-widget');
  return {
    host,
    launcher: host.locator('button.launcher'),
    badge: host.locator('.launcher .badge'),
    panel: host.locator('section.panel'),
    input: host.locator('.composer textarea'),
    sendButton: host.locator('.composer button.send'),
    messages: host.locator('li.msg:not(.greeting)'),
    bubbles: host.locator('li.msg:not(.greeting) .bubble'),
    states: host.locator('li.msg.own .msg-state'),
    typing: host.locator('.typing'),
    live: host.locator('[aria-live="polite"]'),
  };
}

/** Types and sends a message with the keyboard, as a visitor would. */
export async function say(page: Page, text: string): Promise<void> {
  const w = widget(page);
  await w.input.click();
  await w.input.fill(text);
  await w.input.press('Enter');
}

/** The text of every message bubble, in order. */
export async function bubbleTexts(page: Page): Promise<string[]> {
  return widget(page).bubbles.allTextContents();
}

/** Where the widget on `page` is on its way to its session, as widgetReady reports it. */
function widgetStage(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('parley-widget')?.shadowRoot;
    if (!root) return 'no <parley-widget> on the page';
    if (root.querySelector('.composer textarea, .prechat')) return 'ready';
    if (root.querySelector('.panel .notice.error')) return 'the session failed; the widget is retrying';
    if (root.querySelector('.panel')) return 'mounted, waiting for its session';
    return 'the loader only (the full widget is not loaded yet)';
  });
}

/**
 * Resolves when the full widget (not just the loader's placeholder) has its session: the composer
 * or the pre-chat form is in the panel, open or not. On the way: the loader's idle callback (at most
 * 4 s), the app chunk, the session (retried with backoff after a failure) and the locale chunk, each
 * from wrangler; a loaded machine makes these slow, not wrong. Checked from here on a timer: the
 * in-page requestAnimationFrame polling of page.waitForFunction needs a rendered frame per check,
 * which a busy software compositor delays, and its 30 s default is no budget of ours. On a timeout,
 * the message says which stage the widget was stuck in.
 */
export async function widgetReady(page: Page, timeout = 45_000): Promise<void> {
  await expect.poll(() => widgetStage(page), { timeout, interval: 100 }).toBe('ready');
}
