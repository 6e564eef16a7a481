import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql } from './support/agent.ts';
import { demoPage, newAccount, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { say, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const SHOTS = process.env.PRIVACY_SCREENSHOTS ?? '/tmp';

const { newPage } = browserPages({ width: 1440, height: 900 });

const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).first().waitFor();

describe('a Manager and the data lifecycle', () => {
  it('blocks and erases a visitor from the visitor panel, then exports the project', async () => {
    const agent = await newPage();
    const projectId = await signUp(agent, baseUrl, newAccount('privacy', 'Pia Privacy'), 'Privacy Co');
    const [project] = await sql<{ widget_key: string }>(databaseUrl, 'select widget_key from projects where id = $1', [
      projectId,
    ]);
    const widgetKey = project?.widget_key ?? '';

    const visitor = await newPage({ width: 1100, height: 760 });
    await visitor.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(visitor);
    await visitor.locator('parley-widget').locator('button.launcher').click();
    await say(visitor, 'Please forget everything about me.');

    const row = agent.getByTestId('conversation-list').locator('li').first();
    await row.getByText('Please forget everything about me.').waitFor();
    await row.locator('a').click();
    await agent.getByTestId('visitor-message').filter({ hasText: 'forget everything' }).waitFor();
    const conversationId = /\/inbox\/([0-9a-f-]{36})$/.exec(agent.url())?.[1] ?? '';
    const [conversation] = await sql<{ visitor_id: string }>(
      databaseUrl,
      'select visitor_id from conversations where id = $1',
      [conversationId],
    );
    const visitorId = conversation?.visitor_id ?? '';
    expect(visitorId).not.toBe('');

    // Block: a confirmation, then the visitor is refused from now on.
    const actions = agent.getByTestId('visitor-actions');
    await actions.getByRole('button', { name: 'Block visitor' }).click();
    await agent.getByRole('dialog').getByRole('button', { name: 'Block visitor' }).click();
    await toast(agent, 'is blocked');
    await actions.getByRole('button', { name: 'Visitor blocked' }).waitFor();
    await expect
      .poll(
        async () =>
          (
            await sql<{ blocked: boolean }>(
              databaseUrl,
              'select blocked_at is not null as blocked from visitors where id = $1',
              [visitorId],
            )
          )[0]?.blocked,
      )
      .toBe(true);

    // Erase: the dialog says what goes, then the conversation leaves the view and the inbox.
    await actions.getByRole('button', { name: 'Erase visitor’s data' }).click();
    const summary = agent.getByTestId('erase-visitor-summary');
    await expect.poll(() => summary.textContent()).toContain('their 1 conversation with every message');
    await agent.getByRole('dialog').getByRole('button', { name: 'Erase everything' }).click();
    await toast(agent, 'data was erased');
    await agent.waitForURL(`${baseUrl}/p/${projectId}/inbox`);
    // Its only conversation gone, the project may read as never having had one.
    await agent.getByText(/^(Inbox zero|Ready for your first conversation)$/).waitFor();
    await expect.poll(() => agent.getByText('Please forget everything about me.').count()).toBe(0);
    await expect
      .poll(async () => (await sql(databaseUrl, 'select 1 from conversations where id = $1', [conversationId])).length)
      .toBe(0);
    // The erased conversation's address answers "not found" rather than its old messages.
    await agent.goto(`${baseUrl}/p/${projectId}/inbox/${conversationId}`);
    await agent
      .getByText(/not found/i)
      .first()
      .waitFor();
    expect(await agent.getByTestId('visitor-message').count()).toBe(0);

    // Data & privacy: retention on, then an export of the project with its download link.
    await agent.setViewportSize({ width: 1280, height: 800 });
    await agent.goto(`${baseUrl}/p/${projectId}/settings/data`);
    await agent.getByText('Erase them after a number of days').click();
    await agent.getByLabel('Days after the last activity').fill('90');
    await agent.getByRole('button', { name: 'Save retention' }).click();
    await toast(agent, 'kept 90 days');
    const [settings] = await sql<{ days: number | null }>(
      databaseUrl,
      'select resolved_retention_days as days from conversation_settings where project_id = $1',
      [projectId],
    );
    expect(settings?.days).toBe(90);

    await agent.getByRole('button', { name: 'Export project data' }).click();
    await toast(agent, 'Export started');
    const download = agent.getByTestId('export-download');
    await download.waitFor({ timeout: 30_000 });
    await expect.poll(() => agent.getByTestId('exports-list').locator('li').first().textContent()).toContain('Ready');
    const href = (await download.getAttribute('href')) ?? '';
    expect(href).toMatch(/\/api\/exports\/[0-9a-f-]{36}\?/);
    const archive = (await (await fetch(new URL(href, baseUrl))).json()) as {
      format: string;
      conversations: unknown[];
    };
    expect(archive.format).toBe('parley.export/1');
    expect(archive.conversations).toEqual([]);
    await agent.waitForTimeout(400);
    await agent.screenshot({ path: join(SHOTS, 'privacy-data-1280.png') });
    await agent.setViewportSize({ width: 390, height: 844 });
    await agent.waitForTimeout(400);
    await agent.screenshot({ path: join(SHOTS, 'privacy-data-390.png'), fullPage: true });
  }, 150_000);
});
