// CSAT end to end in real Chromium against the real stack: a visitor writes, the agent resolves;
// the widget asks for a rating (its lazy chunk), the visitor clicks a face and adds a comment; the
// agent sees the rating in the conversation, live. Screenshot: docs/screenshots/csat-widget.png
// (1280×800; the same state at 390×844 is taken to the system's temp folder to be looked at).
// The follow-up email's rating link: opening it records nothing (mail scanners open links too);
// its page has the clicked face chosen and records with the visitor's Send rating.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { parseKeyring } from '../local/keys.ts';
import { ratingPath } from '../worker/notifications/links.ts';
import { createAgent, sql } from './support/agent.ts';
import { demoPage, newAccount, screenshot, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const keys = inject('authJwtKeys');
const demoProjectId = inject('demoProjectId');
const demoWidgetKey = inject('demoWidgetKey');

const { newPage } = browserPages({ width: 1280, height: 800 });

/** A visitor on the demo host page who has written `text`, at `viewport`. */
async function visitorWrites(widgetKey: string, text: string, viewport: { width: number; height: number }) {
  const page = await newPage(viewport);
  await page.goto(demoPage(hostUrl, baseUrl, widgetKey));
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

  it('the email’s rating link opens a page with the face chosen, and records only when the visitor sends it', async () => {
    const post = async <T>(path: string, body: unknown, token: string): Promise<T> => {
      const res = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: hostUrl, authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const session = await (
      await fetch(`${baseUrl}/api/widget/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: hostUrl },
        body: JSON.stringify({ widgetKey: demoWidgetKey }),
      })
    ).json();
    const { conversation } = await post<{ conversation: { id: string } }>(
      '/api/widget/conversations',
      { clientId: `open-${randomUUID()}`, body: 'Rated by email, please.' },
      (session as { token: string }).token,
    );
    const agent = await createAgent(databaseUrl, keys, demoProjectId, 'Rhea Rater');
    await post(
      `/api/projects/${demoProjectId}/conversations/${conversation.id}/status`,
      { status: 'resolved' },
      agent.token,
    );
    const [resolved] = await sql<{ ms: string }>(
      databaseUrl,
      'select floor(extract(epoch from resolved_at) * 1000)::text as ms from conversations where id = $1',
      [conversation.id],
    );
    const link = `${baseUrl}${ratingPath(parseKeyring(keys), {
      conversationId: conversation.id,
      resolvedAt: new Date(Number(resolved?.ms)),
      rating: 2,
    })}`;
    const ratings = () =>
      sql<{ rating: number; comment: string | null }>(
        databaseUrl,
        'select rating, comment from conversation_ratings where conversation_id = $1',
        [conversation.id],
      );

    const page = await newPage({ width: 390, height: 844 });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(await page.getByRole('radio', { name: 'Bad', exact: true }).isChecked()).toBe(true);
    expect(await ratings()).toEqual([]);

    // Another face, a comment, Send rating: recorded.
    // The face itself (its label): the radio button is hidden under it.
    await page.getByRole('radio', { name: 'Good', exact: true }).locator('..').click();
    expect(await page.getByRole('radio', { name: 'Good', exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Anything you would like to add? (optional)').fill('Sorted by email.');
    await page.screenshot({ path: join(tmpdir(), 'csat-email-page.png') });
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByRole('heading', { name: 'Thank you for your rating: Good.' }).waitFor();
    expect(await ratings()).toEqual([{ rating: 4, comment: 'Sorted by email.' }]);
    expect(violations).toEqual([]);
  });
});
