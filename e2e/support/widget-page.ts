// Reaching into the widget's shadow root from a test: Playwright's CSS engine pierces open shadow
// roots, and every locator is scoped to the <parley-widget> element so the demo page's own
// look-alike elements (.launcher, .panel, .bubble) never match.
import type { Page } from 'playwright-core';

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

/** Resolves when the full widget (not just the loader's placeholder) has its session. */
export async function widgetReady(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.querySelector('parley-widget')?.shadowRoot;
    return Boolean(root?.querySelector('.composer textarea, .prechat'));
  });
}
