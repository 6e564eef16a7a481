// CSAT end to end in real Chromium against the real stack: a visitor writes, the agent resolves;
// the widget asks for a rating (its lazy chunk), the visitor clicks a face and adds a comment; the
// agent sees the rating in the conversation, live. Screenshot: docs/screenshots/csat-widget.png
// (1280×800; the same state at 390×844 is taken to the system's temp folder to be looked at).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql } from './support/agent.ts';
import { newAccount, screenshot, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const { newPage } = browserPages({ width: 1280, height: 800 });

/** A visitor on the demo host page who has written `text`, at `viewport`. */
async function visitorWrites(widgetKey: string, text: string, viewport: { width: number; height: number }) {
  const page = await newPage(viewport);
  await page.goto(`${hostUrl}/dev/demo?plain=1&key=${widgetKey}&parley=${encodeURIComponent(baseUrl)}`);
  await widgetReady(page);
  const w = widget(page);
  await w.launcher.click();
  await say(page, text);
  await w.states
    .filter({ hasText: /Sent|Read/ })
    .first()
    .waitFor();
  return page;
}

/** The agent opens the conversation that shows `text` and resolves it. */
async function resolveConversation(agent: Page, projectId: string, text: string): Promise<void> {
  await agent.goto(`${baseUrl}/p/${projectId}/inbox`);
  await agent.getByTestId('conversation-list').locator('li').filter({ hasText: text }).locator('a').click();
  await agent.getByTestId('visitor-message').filter({ hasText: text }).waitFor();
  await agent.getByTestId('conversation-actions').getByRole('button', { name: 'Resolve', exact: true }).click();
}

describe('CSAT', () => {
  it('the agent resolves, the visitor rates in the widget with a comment, the agent sees the rating live', async () => {
    const agent = await newPage();
    const projectId = await signUp(agent, baseUrl, newAccount('csat', 'Casey Csat'), 'Rated Shop');
    const [project] = await sql<{ widget_key: string }>(databaseUrl, 'select widget_key from projects where id = $1', [
      projectId,
    ]);
    const widgetKey = project?.widget_key ?? '';

    const visitor = await visitorWrites(widgetKey, 'Where is my parcel?', { width: 1280, height: 800 });
    const w = widget(visitor);
    // Nothing to rate while the conversation is open.
    expect(await w.host.locator('.rating-ask').count()).toBe(0);

    await resolveConversation(agent, projectId, 'Where is my parcel?');
    const ask = w.host.locator('.rating-ask');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('How was this conversation?');

    // A face: recorded at once, pressed, and the comment field appears.
    await w.host.getByRole('button', { name: 'Great' }).click();
    await expect.poll(() => w.host.getByRole('button', { name: 'Great' }).getAttribute('aria-pressed')).toBe('true');
    const rating = agent.getByTestId('conversation-rating');
    await rating.waitFor();
    expect(await rating.getAttribute('data-rating')).toBe('5');
    await w.host.locator('.rating-comment input').fill('Found it in minutes, thank you!');
    await screenshot(visitor, 'csat-widget');
    await w.host.locator('.rating-comment button[type=submit]').click();
    await w.host.locator('.rating-done').waitFor();

    // The agent's block follows live: the face, the score and the comment.
    await expect.poll(() => rating.textContent()).toContain('Found it in minutes, thank you!');
    expect(await rating.textContent()).toContain('Rated Great (5/5)');

    // Changed in the widget: the same row, the new score.
    await w.host.getByRole('button', { name: 'Good' }).click();
    await expect.poll(() => rating.getAttribute('data-rating')).toBe('4');
    const rows = await sql<{ rating: number; comment: string | null }>(
      databaseUrl,
      `select r.rating, r.comment from conversation_ratings r where r.project_id = $1`,
      [projectId],
    );
    expect(rows).toEqual([{ rating: 4, comment: 'Found it in minutes, thank you!' }]);
    const events = await sql<{ n: number }>(
      databaseUrl,
      `select count(*)::int as n from outbox_events where project_id = $1 and type = 'conversation.rated'`,
      [projectId],
    );
    expect(events[0]?.n).toBe(3);

    // The same state on a phone, for a look (not a docs screenshot).
    const phone = await visitorWrites(widgetKey, 'And the return label?', { width: 390, height: 844 });
    await resolveConversation(agent, projectId, 'And the return label?');
    await widget(phone).host.locator('.rating-ask').waitFor();
    await widget(phone).host.getByRole('button', { name: 'OK' }).click();
    await widget(phone).host.locator('.rating-comment input').fill('Label came by email.');
    await phone.waitForTimeout(400);
    await phone.screenshot({ path: join(tmpdir(), 'csat-widget-phone.png') });
    await agent.getByTestId('conversation-rating').waitFor();
    await agent.screenshot({ path: join(tmpdir(), 'csat-dashboard.png') });
  });
});
