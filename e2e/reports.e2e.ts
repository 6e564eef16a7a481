// Reports end to end: a Manager's visitor writes, the Manager labels the conversation (`l`),
// answers and resolves it; the visitor rates it in the widget (a face, as CSAT asks); the Reports
// page shows that conversation's figures with its CSAT score, switches grouping (the label by its
// name), and the CSV export downloads them. Also the phone layout (no sideways scroll) and the docs
// screenshot. The figures arrive through the Queue consumer, so every check reloads until they do.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql, widgetKeyOf } from './support/agent.ts';
import { labelWithKeyboard, newAccount, SCREENSHOTS, signIn, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const { newPage, newContext } = browserPages({ width: 1280, height: 800 });

/** Reloads the Reports page until the consumer's rollups show these totals (the Queue hop is async). */
async function untilTotals(page: Page, want: { opened: string; resolved: string; csat: string }) {
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.getByTestId('report-totals').waitFor();
        const [opened, resolved, csat] = await Promise.all(
          ['figure-opened', 'figure-resolved', 'figure-csat'].map((id) => page.getByTestId(id).textContent()),
        );
        return { opened, resolved, csat };
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .toEqual(want);
}

describe('reports', () => {
  it('show a conversation the Manager labelled and answered and the visitor rated in the widget, by day, agent and label, and export them as CSV', async () => {
    const account = newAccount('reports', 'Rita Reports');
    const agent = await newPage();
    const projectId = await signUp(agent, baseUrl, account, 'Reports shop');

    const visitor = await newPage({ width: 1100, height: 760 });
    await visitor.goto(
      `${hostUrl}/dev/demo?plain=1&key=${await widgetKeyOf(databaseUrl, projectId)}&parley=${encodeURIComponent(baseUrl)}`,
    );
    await widgetReady(visitor);
    await widget(visitor).launcher.click();
    await say(visitor, 'Do you ship to Iceland?');

    // A label, as Settings › Labels would define it; the reload lets the inbox read it.
    await sql(databaseUrl, `insert into labels (project_id, name, color) values ($1, 'Shipping', 'teal')`, [projectId]);
    await agent.reload();
    const row = agent.getByTestId('conversation-list').locator('li').first();
    await row.getByText('Do you ship to Iceland?').waitFor();
    await row.locator('a').click();
    const composer = agent.getByTestId('composer-input');
    await composer.waitFor();
    await labelWithKeyboard(agent, ['Shipping']);
    await composer.fill('Yes, in 3–5 days.');
    await composer.press('Enter');
    await agent.getByTestId('agent-message').filter({ hasText: '3–5 days' }).waitFor();
    await agent.getByTestId('conversation-actions').getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => agent.getByTestId('conversation-status').textContent()).toBe('resolved');

    // The widget asks for a rating; the visitor's face is recorded at once, and the agent sees it.
    const w = widget(visitor);
    await w.host.locator('.rating-ask').waitFor();
    await w.host.getByRole('button', { name: 'Great' }).click();
    await expect.poll(() => w.host.getByRole('button', { name: 'Great' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => agent.getByTestId('conversation-rating').getAttribute('data-rating')).toBe('5');

    // Reports, from the sidebar.
    await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
    await agent.waitForURL(/\/reports$/);
    await untilTotals(agent, { opened: '1', resolved: '1', csat: '100%' });
    expect(await agent.getByTestId('figure-first-response').textContent()).toMatch(/^\d+(s|m)/);
    expect(await agent.getByTestId('figure-response-rate').textContent()).toBe('100%');
    await agent.getByTestId('daily-chart').waitFor();
    const today = await agent.getByTestId('report-to').inputValue();
    // The page opens on the last 30 days, and says so on the preset; another preset takes over,
    // and dates of one's own match none.
    const preset = (days: number) => agent.getByRole('button', { name: `${days} days`, exact: true });
    expect(await preset(30).getAttribute('aria-pressed')).toBe('true');
    await preset(7).click();
    await expect.poll(() => preset(7).getAttribute('aria-pressed')).toBe('true');
    expect(await preset(30).getAttribute('aria-pressed')).toBe('false');
    await agent.getByTestId('report-from').fill(`${today.slice(0, 4)}-01-01`);
    await expect.poll(() => preset(7).getAttribute('aria-pressed')).toBe('false');
    for (const days of [30, 90]) expect(await preset(days).getAttribute('aria-pressed')).toBe('false');
    await preset(30).click();
    await expect.poll(() => preset(30).getAttribute('aria-pressed')).toBe('true');
    await agent.waitForTimeout(300);
    await agent.screenshot({ path: join(SCREENSHOTS, 'reports.png') });

    // By agent: the conversation and its rating count for whoever had it (nobody: answering does not
    // assign); by label: the label's name, not its id.
    await agent.getByRole('button', { name: 'By agent' }).click();
    await agent.getByTestId('ranked-bars').waitFor();
    await expect.poll(() => agent.getByTestId('report-rows').textContent()).toContain('Unassigned');
    await agent.getByRole('button', { name: 'By label' }).click();
    await expect.poll(() => agent.getByTestId('report-rows').textContent(), { timeout: 30_000 }).toContain('Shipping');
    expect(await agent.getByTestId('ranked-bars').textContent()).toContain('Shipping');
    // For a look at the label's colour beside its name (not a docs screenshot).
    await agent.getByTestId('report-rows').scrollIntoViewIfNeeded();
    await agent.screenshot({ path: '/tmp/parley-reports-by-label.png' });

    // The CSV by label: the header, the label's row (its id and its name), the totals.
    const [download] = await Promise.all([
      agent.waitForEvent('download'),
      agent.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^parley-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-label\.csv$/);
    const csv = (await readFile((await download.path()) ?? '', 'utf8')).trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'label,name,opened,resolved,first_response_median_seconds,first_response_p90_seconds,resolution_median_seconds,ratings,csat_score_percent,csat_average,response_rate_percent',
    );
    expect(csv[1]).toMatch(/^[0-9a-f-]{36},Shipping,1,1,\d+,\d+,\d+,1,100,5,100$/);
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
