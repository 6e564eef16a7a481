// Reports end to end: a Manager's visitor writes, the Manager answers and resolves; a rating
// arrives as the CSAT feature will send it (a `conversation.rated` outbox row, published by the
// relay the resolution nudges); the Reports page shows that conversation's figures, switches
// grouping, and the CSV export downloads them. Also the phone layout (no sideways scroll) and
// the docs screenshot.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql, widgetKeyOf } from './support/agent.ts';
import { newAccount, SCREENSHOTS, signIn, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const { newPage, newContext } = browserPages({ width: 1280, height: 800 });

/** Reloads the Reports page until the consumer's rollups show `opened` (the Queue hop is async). */
async function untilOpened(page: Page, text: string) {
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.getByTestId('report-totals').waitFor();
        return page.getByTestId('figure-opened').textContent();
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toBe(text);
}

describe('reports', () => {
  it('show a conversation the Manager answered, by day and by agent, and export them as CSV', async () => {
    const account = newAccount('reports', 'Rita Reports');
    const agent = await newPage();
    const projectId = await signUp(agent, baseUrl, account, 'Reports shop');
    const [me] = await sql<{ id: string }>(databaseUrl, 'select id from users where email = $1', [account.email]);

    const visitor = await newPage({ width: 1100, height: 760 });
    await visitor.goto(
      `${hostUrl}/dev/demo?plain=1&key=${await widgetKeyOf(databaseUrl, projectId)}&parley=${encodeURIComponent(baseUrl)}`,
    );
    await widgetReady(visitor);
    await widget(visitor).launcher.click();
    await say(visitor, 'Do you ship to Iceland?');

    const row = agent.getByTestId('conversation-list').locator('li').first();
    await row.getByText('Do you ship to Iceland?').waitFor();
    await row.locator('a').click();
    const composer = agent.getByTestId('composer-input');
    await composer.fill('Yes, in 3–5 days.');
    await composer.press('Enter');
    await agent.getByTestId('agent-message').filter({ hasText: '3–5 days' }).waitFor();
    const conversationId = /\/inbox\/([0-9a-f-]{36})/.exec(agent.url())?.[1] ?? '';
    // The visitor's rating, as the CSAT feature emits it; the resolution's nudge publishes it.
    const now = new Date().toISOString();
    await sql(
      databaseUrl,
      `insert into outbox_events (project_id, aggregate_type, aggregate_id, type, payload)
       values ($1, 'conversation', $2, 'conversation.rated', $3::jsonb)`,
      [
        projectId,
        conversationId,
        JSON.stringify({
          conversationId,
          projectId,
          resolvedAt: now,
          assigneeId: me?.id ?? null,
          rating: 5,
          previousRating: null,
          comment: null,
          ratedAt: now,
        }),
      ],
    );
    await agent.getByTestId('conversation-actions').getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => agent.getByTestId('conversation-status').textContent()).toBe('resolved');

    // Reports, from the sidebar.
    await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
    await agent.waitForURL(/\/reports$/);
    await untilOpened(agent, '1');
    await expect.poll(() => agent.getByTestId('figure-resolved').textContent(), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => agent.getByTestId('figure-csat').textContent(), { timeout: 30_000 }).toBe('100%');
    expect(await agent.getByTestId('figure-first-response').textContent()).toMatch(/^\d+(s|m)/);
    expect(await agent.getByTestId('figure-response-rate').textContent()).toBe('100%');
    await agent.getByTestId('daily-chart').waitFor();
    const today = await agent.getByTestId('report-to').inputValue();
    await agent.waitForTimeout(300);
    await agent.screenshot({ path: join(SCREENSHOTS, 'reports.png') });

    // By agent: the rating counts for who resolved; by label: no labels yet.
    await agent.getByRole('button', { name: 'By agent' }).click();
    await agent.getByTestId('ranked-bars').waitFor();
    await expect.poll(() => agent.getByTestId('report-rows').textContent()).toContain('Rita Reports');
    await agent.getByRole('button', { name: 'By label' }).click();
    await expect.poll(() => agent.getByTestId('report-rows').textContent()).toContain('No label');
    await agent.getByRole('button', { name: 'By agent' }).click();
    await expect.poll(() => agent.getByTestId('report-rows').textContent()).toContain('Rita Reports');

    // The CSV: the header, the agent's row, the totals.
    const [download] = await Promise.all([
      agent.waitForEvent('download'),
      agent.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^parley-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-agent\.csv$/);
    const csv = (await readFile((await download.path()) ?? '', 'utf8')).trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'agent,name,opened,resolved,first_response_median_seconds,first_response_p90_seconds,resolution_median_seconds,ratings,csat_score_percent,csat_average,response_rate_percent',
    );
    expect(csv.some((line) => /,Rita Reports,|,Unassigned,/.test(line))).toBe(true);
    expect(csv.at(-1)).toMatch(/^total,Total,1,1,\d+,\d+,\d+,1,100,5,100$/);
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // On a phone: everything stacks, nothing scrolls sideways but the table's own region.
    const phoneContext = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await phoneContext.newPage();
    await signIn(phone, baseUrl, account);
    await phone.waitForURL(/\/inbox/);
    await phone.goto(`${baseUrl}/p/${projectId}/reports`);
    await phone.getByTestId('report-totals').waitFor();
    await phone.getByTestId('daily-chart').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await phone.waitForTimeout(300);
    await phone.screenshot({ path: '/tmp/parley-reports-phone.png', fullPage: true });
  }, 180_000);

  it('let a Manager open them to Agents, saved for the project', async () => {
    const account = newAccount('reports-mgr', 'Mona Manager');
    const page = await newPage();
    const projectId = await signUp(page, baseUrl, account, 'Restricted shop');
    await page.goto(`${baseUrl}/p/${projectId}/reports`);
    const toggle = page.getByRole('switch', { name: 'Agents may see reports' });
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    const [row] = await sql<{ agents_may_view: boolean }>(
      databaseUrl,
      'select agents_may_view from report_settings where project_id = $1',
      [projectId],
    );
    expect(row?.agents_may_view).toBe(true);
  }, 90_000);
});
