// Away mode end to end against the real stack (wrangler dev, Postgres, both Durable Objects), in
// real Chromium: with no agent online the widget shows the away message instead of the greeting
// from its first paint and asks for an email inline; the visitor writes and leaves an email (an
// invalid one first); another visitor skips the ask and is not asked again; when an agent signs in to the dashboard, the widget flips to available live;
// the Manager's Business hours settings. Screenshots: widget-away.png, settings-business-hours.png.
import { describe, expect, inject, it } from 'vitest';
import { sql } from './support/agent.ts';
import { demoPage, newAccount, projectWithNobodyOnline, screenshot, signIn } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const GREETING = 'Hi there! Ask us anything.';
const AWAY = 'Nobody is here right now. Leave your email and we will write back.';

const { newPage } = browserPages();

describe('away mode', () => {
  it('shows the away message from the first paint, takes an email, and flips to available when an agent signs in', async () => {
    // A Manager signs up (and is online), sets the greeting and away message, then leaves.
    const manager = newAccount('away', 'Maya Manager');
    const { projectId, widgetKey } = await projectWithNobodyOnline(
      await newPage(),
      baseUrl,
      databaseUrl,
      manager,
      'Away Co',
      { greeting: GREETING, awayMessage: AWAY },
    );

    // The visitor arrives with nobody online.
    const page = await newPage({ width: 1100, height: 760 });
    await page.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(page);
    const w = widget(page);
    await w.launcher.click();
    // First paint: the away message in the greeting's place, the greeting nowhere.
    expect(await w.host.locator('.greeting .bubble').allTextContents()).toEqual([AWAY]);
    expect(await w.host.locator('.greeting.away').count()).toBe(1);
    expect(await w.host.getByText(GREETING).count()).toBe(0);
    expect(await w.host.locator('.head-status').getAttribute('data-availability')).toBe('away');
    expect(await w.host.locator('.head-status').textContent()).toBe('We are away right now');
    const ask = w.host.locator('form.email-ask');
    // The ask is in the widget's lazy chunk, fetched once the session says away: it comes a moment later.
    await ask.waitFor();

    await say(page, 'Hello, is anyone there?');
    await expect.poll(() => w.states.first().getAttribute('data-state')).toBe('sent');
    await screenshot(page, 'widget-away');

    // One field, validated here (and by the server), then saved as the visitor's email.
    const email = ask.locator('input[type=email]');
    await email.fill('not-an-email');
    await ask.locator('button[type=submit]').click();
    await expect.poll(() => ask.locator('[role=alert]').textContent()).toBe('Please enter a valid email address.');
    const address = `visitor-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await email.fill(address);
    await ask.locator('button[type=submit]').click();
    await expect.poll(() => ask.count()).toBe(0);
    await expect
      .poll(async () =>
        (
          await sql<{ email: string | null }>(databaseUrl, 'select email from visitors where project_id = $1', [
            projectId,
          ])
        ).map((r) => r.email),
      )
      .toEqual([address]);

    // Another visitor says "Not now": the ask goes, they still write, and it is not asked again
    // (remembered in this browser, so not after a reload either).
    const skipper = await newPage({ width: 1100, height: 760 });
    await skipper.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(skipper);
    const s = widget(skipper);
    await s.launcher.click();
    const skipAsk = s.host.locator('form.email-ask');
    await skipAsk.waitFor();
    await skipAsk.getByRole('button', { name: 'Not now' }).click();
    await expect.poll(() => skipAsk.count()).toBe(0);
    await say(skipper, 'Just browsing, no email.');
    await expect.poll(() => s.states.first().getAttribute('data-state')).toBe('sent');
    expect(await skipAsk.count()).toBe(0);
    await skipper.reload();
    await widgetReady(skipper);
    await s.launcher.click();
    await expect.poll(() => s.bubbles.allTextContents()).toEqual(['Just browsing, no email.']);
    expect(await s.host.locator('.head-status').getAttribute('data-availability')).toBe('away');
    // The ask's chunk is fetched once the session says away: let it arrive before looking for the ask.
    await skipper.waitForLoadState('networkidle');
    expect(await skipAsk.count()).toBe(0);
    // No email came from the skip: the first visitor's is still the only one.
    const emails = await sql<{ email: string | null }>(
      databaseUrl,
      'select email from visitors where project_id = $1 order by email nulls last',
      [projectId],
    );
    expect(emails.map((r) => r.email)).toEqual([address, null]);

    // The Manager signs in again: the widget flips to available, live, and the greeting is back.
    const agent = await newPage();
    await signIn(agent, baseUrl, manager);
    await agent.waitForSelector('[data-testid=inbox-connection][data-status=open]');
    await expect.poll(() => w.host.locator('.head-status').getAttribute('data-availability')).toBe('available');
    expect(await w.host.locator('.greeting .bubble').allTextContents()).toEqual([GREETING]);
    expect(await w.host.locator('.greeting.away').count()).toBe(0);

    // Business hours in Settings: the state now, force away, the schedule.
    // In the app (no reload): the dashboard's inbox socket, which makes this agent online, stays open.
    await agent.evaluate((to) => {
      window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, `/p/${projectId}/settings/business-hours`);
    await agent.waitForSelector('[data-testid=business-hours-form]');
    // The layout's inbox socket reconnects with the new screen; "Right now" refreshes every 15 s.
    await expect
      .poll(() => agent.getByTestId('availability-state').textContent(), { timeout: 20_000, interval: 500 })
      .toBe('Available');
    await agent.getByRole('switch', { name: 'Use business hours' }).click();
    const monday = agent.locator('li[data-day=mon]');
    await monday.getByRole('button', { name: 'Add hours' }).click();
    await monday.getByRole('button', { name: 'Add hours' }).click();
    await monday.getByLabel('Monday opens').nth(1).fill('13:00');
    // Overlapping intervals are named before anything is sent.
    await expect.poll(() => agent.getByTestId('hours-problem').textContent()).toContain('overlaps');
    await monday.getByLabel('Monday closes').nth(0).fill('12:00');
    await monday.getByLabel('Monday closes').nth(1).fill('18:00');
    await expect.poll(() => agent.getByTestId('hours-problem').count()).toBe(0);
    await agent.getByRole('button', { name: 'Save business hours' }).click();
    await agent.getByText('Business hours saved').waitFor();
    const [saved] = await sql<{ business_hours: { enabled: boolean; schedule: { mon: unknown[] } } }>(
      databaseUrl,
      'select business_hours from projects where id = $1',
      [projectId],
    );
    expect(saved?.business_hours.enabled).toBe(true);
    expect(saved?.business_hours.schedule.mon).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
    await agent.getByText('Business hours saved').click();
    await agent.evaluate(() => {
      for (const el of document.querySelectorAll('.scroll-thin')) el.scrollTo(0, 0);
    });
    await screenshot(agent, 'settings-business-hours');

    // Force away: the widget hears at once.
    await agent.getByRole('switch', { name: 'Force away' }).click();
    await expect.poll(() => w.host.locator('.head-status').getAttribute('data-availability')).toBe('away');
    expect(await w.host.locator('.greeting .bubble').allTextContents()).toEqual([AWAY]);
    // Two visitors, a sign-up and a sign-in on a shared 2-core machine.
  }, 120_000);
});
