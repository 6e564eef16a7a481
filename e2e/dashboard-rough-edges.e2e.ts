import type { Locator } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql } from './support/agent.ts';
import { newAccount, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const { newPage } = browserPages({ width: 1280, height: 800 });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const VISITOR_NAME = 'Eleanor Rigby-Fitzgerald';

describe('the dashboard at 1280×800', () => {
  it('has no rough edges in the conversation header, toasts, search, unread counts and the audit log', async () => {
    const agent = await newPage();
    const projectId = await signUp(agent, baseUrl, newAccount('edges', 'Maya Manager'), 'Acme Edges');
    const [project] = await sql<{ widget_key: string }>(databaseUrl, 'select widget_key from projects where id = $1', [
      projectId,
    ]);

    // A visitor with a name writes.
    const visitor = await newPage({ width: 1100, height: 760 });
    await visitor.goto(`${hostUrl}/dev/demo?plain=1&key=${project?.widget_key}&parley=${encodeURIComponent(baseUrl)}`);
    await widgetReady(visitor);
    await visitor.evaluate((name) => window.Parley?.identify({ name, email: 'eleanor@example.com' }), VISITOR_NAME);
    await widget(visitor).launcher.click();
    await say(visitor, 'Hello, is the tent waterproof?');

    const row = agent.getByTestId('conversation-list').locator('li').first();
    await row.getByText('Hello, is the tent waterproof?').waitFor();
    await row.locator('a').click();
    await agent.getByTestId('visitor-message').filter({ hasText: 'waterproof' }).waitFor();

    // The header: the whole name, the badge visible and clear of every action.
    const title = agent.getByTestId('conversation-title');
    await expect.poll(() => title.textContent()).toBe(VISITOR_NAME);
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect((await box(title)).width).toBeGreaterThan(100);
    const badge = agent.getByTestId('conversation-status');
    expect(await badge.isVisible()).toBe(true);
    const badgeBox = await box(badge);
    for (const action of await agent.getByTestId('conversation-actions').getByRole('button').all()) {
      if (await action.isVisible()) expect(overlap(badgeBox, await box(action))).toBe(false);
    }

    // The open conversation in this visible tab: a new visitor message leaves no unread count.
    await say(visitor, 'And does it fit four people?');
    await agent.getByTestId('visitor-message').filter({ hasText: 'four people' }).waitFor();
    await expect.poll(() => row.getByText('And does it fit four people?').count()).toBe(1);
    expect(await row.getByTestId('unread-count').count()).toBe(0);
    // The room was told: the server's count is zero too, once the read flush has run.
    await expect
      .poll(
        async () =>
          (
            await sql<{ unread_by_agent: number }>(
              databaseUrl,
              'select unread_by_agent from conversations where project_id = $1',
              [projectId],
            )
          )[0]?.unread_by_agent,
        { timeout: 15_000 },
      )
      .toBe(0);
    expect(await row.getByTestId('unread-count').count()).toBe(0);
    // And the inbox's own counters (the Assignee tabs, from the ProjectInbox) follow.
    const allTab = agent.getByRole('tablist', { name: 'Assignee' }).getByRole('tab', { name: /^All/ });
    await expect.poll(() => allTab.textContent()).toBe('All');

    // Resolving shows a toast that stays clear of the composer's Send button.
    await agent.getByTestId('conversation-actions').getByRole('button', { name: 'Resolve', exact: true }).click();
    const toast = agent.getByRole('status').filter({ hasText: 'Conversation resolved' }).first();
    await toast.waitFor();
    const send = agent.getByTestId('composer-send');
    expect(await send.isVisible()).toBe(true);
    expect(overlap(await box(toast), await box(send))).toBe(false);
    expect(
      await send.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return hit !== null && el.contains(hit);
      }),
    ).toBe(true);

    // The search box: one clear button (ours), never the browser's own beside it.
    const search = agent.getByRole('searchbox', { name: 'Search messages' });
    await search.fill('tent');
    await agent.getByRole('button', { name: 'Clear search' }).waitFor();
    // The browser's own cancel button is hidden by a rule that matches this input.
    const nativeCancelHidden = await search.evaluate((el) => {
      const rules = [...document.styleSheets].flatMap((sheet) => {
        try {
          return [...sheet.cssRules];
        } catch {
          return [];
        }
      });
      const flat = rules.flatMap((rule) => (rule instanceof CSSGroupingRule ? [...rule.cssRules] : [rule]));
      return flat.some((rule) => {
        if (!(rule instanceof CSSStyleRule) || !rule.selectorText.includes('::-webkit-search-cancel-button'))
          return false;
        const base = rule.selectorText.replace(/::-webkit-search-cancel-button/g, '');
        return el.matches(base) && rule.style.display === 'none';
      });
    });
    expect(nativeCancelHidden).toBe(true);
    expect(await agent.getByRole('button', { name: 'Clear search' }).count()).toBe(1);
    await agent.getByRole('button', { name: 'Clear search' }).click();
    expect(await search.inputValue()).toBe('');

    // A settings change in the audit log: what changed, before → after.
    await agent.getByRole('link', { name: 'Settings', exact: true }).click();
    await agent.getByTestId('settings-nav').getByRole('link', { name: 'Widget' }).click();
    await agent.fill('input[name=color]', '#059669');
    await agent.fill('input[name=launcherLabel]', 'Ask us');
    await agent.getByRole('button', { name: 'Save widget' }).click();
    const saved = agent.getByRole('status').filter({ hasText: 'Widget saved' }).first();
    await saved.waitFor();
    expect(overlap(await box(saved), await box(agent.getByRole('button', { name: 'Save widget' })))).toBe(false);
    await agent.getByTestId('settings-nav').getByRole('link', { name: 'Audit log' }).click();
    const diff = agent.getByTestId('audit-diff').first();
    await diff.waitFor();
    expect(await diff.locator('li').allTextContents()).toEqual(
      expect.arrayContaining([
        'widgetSettings.color: (none) → #059669',
        'widgetSettings.launcherLabel: (none) → Ask us',
      ]),
    );
    expect(await agent.getByTestId('audit-log').textContent()).not.toContain('fields: widgetSettings');
  }, 150_000);
});
