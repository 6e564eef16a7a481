import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql } from './support/agent.ts';
import { demoPage, newAccount, SCREENSHOTS, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const { newPage, newContext } = browserPages({ width: 1280, height: 800 });

const widgetKeyOf = async (projectId: string) => {
  const [row] = await sql<{ widget_key: string }>(databaseUrl, 'select widget_key from projects where id = $1', [
    projectId,
  ]);
  if (!row) throw new Error('no project');
  return row.widget_key;
};

/** The widget's list of conversations, as the visitor reads it: status and preview per row. */
const listRows = (page: Page) =>
  widget(page)
    .host.locator('button.conv')
    .evaluateAll((rows) =>
      rows.map((r) => ({
        status: r.querySelector('.conv-status')?.textContent,
        preview: r.querySelector('.conv-preview')?.textContent,
        time: Boolean(r.querySelector('time')?.textContent),
        unread: r.querySelector('.conv-unread [aria-hidden]')?.textContent ?? '0',
      })),
    );

describe('a visitor with more than one conversation', () => {
  it('starts a second conversation after the first is resolved, lists both and goes back to the first', async () => {
    const agent = await newPage({ width: 1280, height: 800 });
    const projectId = await signUp(agent, baseUrl, newAccount('multi', 'Maya Manager'), 'Acme Multi');
    const widgetKey = await widgetKeyOf(projectId);

    const visitor = await newPage({ width: 1280, height: 800 });
    const demo = demoPage(hostUrl, baseUrl, widgetKey);
    await visitor.goto(demo);
    await widgetReady(visitor);
    const w = widget(visitor);
    const listButton = w.host.getByRole('button', { name: 'Your conversations' });
    await w.launcher.click();
    // A new visitor has no earlier conversations: no list button yet.
    expect(await listButton.count()).toBe(0);
    await say(visitor, 'Where is my order #1001?');

    // The agent answers and resolves it.
    const row = agent.getByTestId('conversation-list').locator('li').first();
    await row.getByText('Where is my order #1001?').waitFor();
    await row.locator('a').click();
    const composer = agent.getByTestId('composer-input');
    await composer.fill('It ships tomorrow.');
    await composer.press('Enter');
    await expect.poll(() => bubbleTexts(visitor)).toEqual(['Where is my order #1001?', 'It ships tomorrow.']);
    await agent.getByTestId('conversation-actions').getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => agent.getByTestId('conversation-status').textContent()).toBe('resolved');

    // The visitor lists their conversations and starts a new one.
    await listButton.click();
    await expect
      .poll(() => listRows(visitor))
      .toEqual([{ status: 'Resolved', preview: 'It ships tomorrow.', time: true, unread: '0' }]);
    await w.host.getByRole('button', { name: 'New conversation' }).click();
    await expect.poll(() => w.messages.count()).toBe(0);
    await say(visitor, 'Can I change my address?');
    await expect.poll(() => w.states.last().getAttribute('data-state')).toBe('sent');
    expect(await bubbleTexts(visitor)).toEqual(['Can I change my address?']);

    // Both in the list, newest first; then back to the first one.
    await listButton.click();
    await expect
      .poll(() => listRows(visitor))
      .toEqual([
        { status: 'Open', preview: 'Can I change my address?', time: true, unread: '0' },
        { status: 'Resolved', preview: 'It ships tomorrow.', time: true, unread: '0' },
      ]);
    await visitor.waitForTimeout(300);
    await visitor.screenshot({ path: join(SCREENSHOTS, 'widget-conversations.png') });
    await w.host.locator('button.conv').nth(1).click();
    await expect.poll(() => bubbleTexts(visitor)).toEqual(['Where is my order #1001?', 'It ships tomorrow.']);
    // And forward again to the second.
    await listButton.click();
    await w.host.locator('button.conv').first().click();
    await expect.poll(() => bubbleTexts(visitor)).toEqual(['Can I change my address?']);

    // The agent sees two conversations from the same visitor.
    const rows = await sql<{ visitor_id: string; status: string }>(
      databaseUrl,
      'select visitor_id, status from conversations where project_id = $1 order by created_at',
      [projectId],
    );
    expect(rows.map((r) => r.status)).toEqual(['resolved', 'open']);
    expect(new Set(rows.map((r) => r.visitor_id)).size).toBe(1);
    const second = agent.getByTestId('conversation-list').locator('li').filter({ hasText: 'Can I change my address?' });
    await second.locator('a').click();
    await agent.getByTestId('visitor-message').filter({ hasText: 'change my address' }).waitFor();
    await expect
      .poll(() => agent.getByTestId('earlier-conversations').textContent())
      .toMatch(/resolved.*It ships tomorrow\./);

    // The same visitor on a phone: the list fills the screen, nothing scrolls sideways.
    const state = await visitor.context().storageState();
    const phoneContext = await newContext({ viewport: { width: 390, height: 844 }, storageState: state });
    const phone = await phoneContext.newPage();
    await phone.goto(demo);
    await widgetReady(phone);
    await widget(phone).launcher.click();
    await expect.poll(() => bubbleTexts(phone)).toEqual(['Can I change my address?']);
    await widget(phone).host.getByRole('button', { name: 'Your conversations' }).click();
    await expect.poll(async () => (await listRows(phone)).length).toBe(2);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: join(SCREENSHOTS, 'widget-conversations-phone.png') });
  }, 150_000);
});
