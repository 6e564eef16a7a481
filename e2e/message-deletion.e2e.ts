// Messages a person expects, end to end in real Chromium against the real stack: a link in a
// visitor's message is clickable in the dashboard (new tab, no opener or referrer); an agent deletes
// a visitor's message (a card number) and the visitor deletes their own typo — each becomes a
// tombstone live on both sides; an emoji picked from each composer's picker (keyboard in the
// widget, mouse in the dashboard) is sent. Screenshots: docs/screenshots/message-deleted-*.png.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { sql } from './support/agent.ts';
import { demoPage, newAccount, screenshot, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const TOMBSTONE = 'This message was deleted';

const { newPage } = browserPages({ width: 1280, height: 800 });

describe('messages a person expects', () => {
  it('links open safely, deleted messages become tombstones on both sides, emoji come from the pickers', async () => {
    const agent = await newPage();
    const projectId = await signUp(agent, baseUrl, newAccount('deleter', 'Dana Deleter'), 'Tidy Shop');
    const [project] = await sql<{ widget_key: string }>(databaseUrl, 'select widget_key from projects where id = $1', [
      projectId,
    ]);
    const widgetKey = project?.widget_key ?? '';

    const visitor = await newPage({ width: 1100, height: 760 });
    await visitor.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(visitor);
    const w = widget(visitor);
    await w.launcher.click();
    await say(visitor, 'My order: https://shop.example.com/orders/42?ref=chat');
    await expect.poll(() => bubbleTexts(visitor)).toEqual(['My order: https://shop.example.com/orders/42?ref=chat']);
    await say(visitor, 'Card 4111 1111 1111 1111 exp 12/29');
    await say(visitor, 'sorry, typo here');
    await expect.poll(async () => (await bubbleTexts(visitor)).length).toBe(3);

    // The agent opens the conversation: the visitor's link is a safe link.
    const row = agent.getByTestId('conversation-list').locator('li').first();
    await row.getByText('sorry, typo here').waitFor();
    await row.locator('a').click();
    const link = agent.getByTestId('visitor-message').locator('a[href="https://shop.example.com/orders/42?ref=chat"]');
    await link.waitFor();
    expect(await link.getAttribute('target')).toBe('_blank');
    expect((await link.getAttribute('rel'))?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    expect(await link.textContent()).toBe('https://shop.example.com/orders/42?ref=chat');
    // Clicking it opens a new tab with no way back to the dashboard.
    const [tab] = await Promise.all([agent.context().waitForEvent('page'), link.click()]);
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await tab.close();

    // The agent deletes the card number: a tombstone in the dashboard and, live, in the widget.
    // Filter on 'Card 4111', not '4111': a message's text also holds the visitor's name and the
    // time ("Visitor 1411" then "10:41" reads "141110:41"), which matched the first message once.
    const card = agent.getByTestId('visitor-message').filter({ hasText: 'Card 4111' });
    await card.hover();
    await card.getByTestId('delete-message').click();
    await agent.getByTestId('confirm-delete-message').click();
    await expect.poll(() => card.count()).toBe(0);
    await agent.getByTestId('message-tombstone').first().waitFor();
    await expect
      .poll(() => bubbleTexts(visitor))
      .toEqual(['My order: https://shop.example.com/orders/42?ref=chat', TOMBSTONE, 'sorry, typo here']);
    const [stored] = await sql<{ n: number }>(
      databaseUrl,
      `select count(*)::int as n from messages where project_id = $1 and body like '%4111%'`,
      [projectId],
    );
    expect(stored?.n).toBe(0);

    // The visitor deletes their own typo (within the default 15-minute window).
    const typo = w.host.locator('li.msg.own').filter({ hasText: 'sorry, typo here' });
    await typo.locator('button.msg-action').click();
    await typo.locator('button.msg-action.danger').click();
    await expect
      .poll(() => bubbleTexts(visitor))
      .toEqual(['My order: https://shop.example.com/orders/42?ref=chat', TOMBSTONE, TOMBSTONE]);
    await expect.poll(() => agent.getByTestId('message-tombstone').count()).toBe(2);
    await expect.poll(() => agent.getByTestId('visitor-message').filter({ hasText: 'typo' }).count()).toBe(0);

    // An emoji from the widget's picker, with the keyboard: search, into the grid, pick, send.
    await w.input.click();
    await w.input.fill('Thanks ');
    await w.host.locator('button.emoji-toggle').click();
    const search = w.host.locator('.emoji-picker input');
    await search.waitFor();
    await search.pressSequentially('thumbs');
    await search.press('ArrowDown');
    await visitor.keyboard.press('Enter');
    await expect.poll(() => w.input.inputValue()).toBe('Thanks 👍');
    await expect.poll(() => w.host.locator('.emoji-picker').count()).toBe(0);
    await w.input.press('Enter');
    await agent.getByTestId('visitor-message').filter({ hasText: 'Thanks 👍' }).waitFor();

    // And one from the dashboard's picker.
    const composer = agent.getByTestId('composer-input');
    await composer.click();
    await composer.fill('All sorted ');
    await agent.getByTestId('emoji-button').click();
    await agent.getByTestId('emoji-picker').getByRole('searchbox').fill('party popper');
    await agent
      .getByTestId('emoji-picker')
      .getByRole('button', { name: /party popper/ })
      .click();
    await expect.poll(() => composer.inputValue()).toBe('All sorted 🎉');
    await composer.press('Enter');
    await expect.poll(async () => (await bubbleTexts(visitor)).at(-1)).toBe('All sorted 🎉');

    await screenshot(agent, 'message-deleted-dashboard');
    await visitor.waitForTimeout(300);
    await visitor.screenshot({
      path: new URL('../docs/screenshots/message-deleted-widget.png', import.meta.url).pathname,
    });

    // The pickers open, fit the screen (a phone too) and close on Escape with focus back on their button.
    await agent.getByTestId('emoji-button').click();
    await agent.getByTestId('emoji-picker').waitFor();
    await agent.screenshot({ path: join(tmpdir(), 'parley-emoji-dashboard.png') });
    await agent.keyboard.press('Escape');
    await expect.poll(() => agent.getByTestId('emoji-picker').count()).toBe(0);
    expect(await agent.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('emoji-button');
    await visitor.setViewportSize({ width: 390, height: 844 });
    await w.host.locator('button.emoji-toggle').click();
    await w.host.locator('.emoji-picker input').waitFor();
    const widths = await visitor.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      picker: document
        .querySelector('parley-widget')
        ?.shadowRoot?.querySelector('.emoji-picker')
        ?.getBoundingClientRect().right,
    }));
    expect(widths.scrollWidth).toBeLessThanOrEqual(widths.innerWidth);
    expect(widths.picker ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(widths.innerWidth);
    await visitor.screenshot({ path: join(tmpdir(), 'parley-emoji-widget-phone.png') });
    await visitor.keyboard.press('Escape');
    await expect.poll(() => w.host.locator('.emoji-picker').count()).toBe(0);
    // Escape closed the picker, not the chat.
    expect(await w.panel.isVisible()).toBe(true);
    expect(
      await visitor.evaluate(
        () =>
          document.querySelector('parley-widget')?.shadowRoot?.activeElement?.classList.contains('emoji-toggle') ??
          false,
      ),
    ).toBe(true);
  }, 150_000);
});
