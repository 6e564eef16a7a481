// The outgoing half of email continuity against the real stack (wrangler dev, the real Queue with
// its delay): a visitor leaves an email and goes away, an agent replies twice, one email with both
// replies lands in /dev/mail after the project's delay, and its link opens the hosted conversation
// page — the widget, full page, on Parley's own origin — where the visitor sees the thread and replies.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectAgent, createAgent, sql } from './support/agent.ts';
import { launchChromium } from './support/browser.ts';
import { screenshot } from './support/dashboard.ts';
import { hostedLink, waitForMails } from './support/email.ts';
import { widgetClient } from './support/widget-api.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const keys = inject('authJwtKeys');
const projectId = inject('demoProjectId');
const widgetKey = inject('demoWidgetKey');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const { post: api } = widgetClient(baseUrl, hostUrl);

describe('the unseen-reply email and the hosted conversation page', () => {
  it('emails the unseen replies once, and the link opens the thread where the visitor answers', async () => {
    // The shortest delay the setting allows, so the real delayed Queue message is quick.
    await sql(
      databaseUrl,
      `insert into conversation_settings (project_id, unseen_reply_email_delay_seconds) values ($1, 10)
       on conflict (project_id) do update set unseen_reply_email_delay_seconds = 10`,
      [projectId],
    );
    const email = `visitor-${randomUUID().slice(0, 8)}@e2e.parley.local`;
    const session = await api<{ token: string }>('/api/widget/session', { widgetKey });
    await api('/api/widget/visitor', { name: 'Grace', email }, session.token);
    const { conversation } = await api<{ conversation: { id: string } }>(
      '/api/widget/conversations',
      { clientId: `open-${randomUUID()}`, body: 'My order #1234 has not arrived yet.' },
      session.token,
    );
    const agent = await createAgent(databaseUrl, keys, projectId, 'Ada Lovelace');
    const socket = await connectAgent(baseUrl, agent, conversation.id);
    await socket.waitFor((f) => f.type === 'resumed', 'agent resume');
    for (const body of [
      'Sorry about that! Let me check with the carrier.',
      'It left the warehouse this morning: you will have it tomorrow.',
    ]) {
      socket.send({ type: 'send', clientId: `agent-${randomUUID()}`, body });
      await socket.waitFor((f) => f.type === 'ack', 'ack');
      socket.frames.length = 0;
    }

    const [mail] = await waitForMails(baseUrl, email, 1);
    const text = mail?.text ?? '';
    expect(text).toContain('Let me check with the carrier');
    expect(text).toContain('you will have it tomorrow');
    const link = mail ? hostedLink(mail) : '';
    expect(new URL(link).origin).toBe(new URL(baseUrl).origin);

    for (const [width, height, name] of [
      [1280, 800, 'hosted-conversation'],
      [390, 844, 'hosted-conversation-phone'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(link);
      await widgetReady(page);
      await expect
        .poll(() => bubbleTexts(page))
        .toEqual([
          'My order #1234 has not arrived yet.',
          'Sorry about that! Let me check with the carrier.',
          'It left the warehouse this morning: you will have it tomorrow.',
        ]);
      await expect.poll(() => widget(page).launcher.count()).toBe(0);
      if (name === 'hosted-conversation') await screenshot(page, name);
      await page.screenshot({ path: `/tmp/${name}-${width}.png` });
      await context.close();
    }

    // The visitor answers from the page; the agent gets it live.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(link);
    await widgetReady(page);
    await say(page, 'Thank you!');
    await socket.waitFor((f) => f.type === 'message' && f.message.body === 'Thank you!', 'visitor reply');
    await context.close();

    // An altered link is refused with its reason.
    const forged = await browser.newContext();
    const bad = await forged.newPage();
    const res = await bad.goto(link.replace(/sig=[\w-]+/, 'sig=forged'));
    expect(res?.status()).toBe(403);
    expect(await bad.locator('main').getAttribute('data-error')).toBe('link_invalid');
    await forged.close();
    socket.close();
  });
});
