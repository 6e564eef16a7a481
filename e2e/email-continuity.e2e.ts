// The "when nobody is there" flow end to end, in one run against the real stack (wrangler dev,
// Postgres, both Durable Objects, the real delayed Queue): with no agent online the widget is away; the
// visitor writes and leaves an email in the inline ask, then leaves; an agent signs in to the dashboard
// and replies; after the project's unseen-reply delay one email lands in /dev/mail; the visitor's
// answer to it, posted to the local email handler, appears live in the agent's open conversation; and
// the email's link opens the hosted conversation page with the whole thread. The test signs up its own
// project, so agents, hours or force-away left by other files on the demo project cannot touch it.
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { UNSEEN_REPLY_DELAY } from '../contract/notifications.ts';
import { sql } from './support/agent.ts';
import { demoPage, newAccount, projectWithNobodyOnline, signIn } from './support/dashboard.ts';
import { hostedLink, postEmailReply, waitForMails } from './support/email.ts';
import { browserPages } from './support/pages.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const AWAY = 'Nobody is here right now. Leave your email and we will write back.';
const FIRST = 'Hi, my parcel never arrived. Can someone help?';
const REPLY = 'Sorry to hear that! I have asked the carrier and will get back to you.';
const BY_EMAIL = 'Thanks, the tracking number is 88-1234.';

const { newPage } = browserPages();

describe('email continuity', () => {
  it('away widget → email ask → dashboard reply → reply email → emailed answer live → hosted thread', async () => {
    // A project of its own: the Manager signs up (and is online while doing so), then leaves.
    const manager = newAccount('continuity', 'Maya Manager');
    const { projectId, widgetKey } = await projectWithNobodyOnline(
      await newPage(),
      baseUrl,
      databaseUrl,
      manager,
      'Continuity Co',
      { awayMessage: AWAY },
    );
    // The shortest delay the setting allows, so the real delayed Queue message comes quickly.
    await sql(
      databaseUrl,
      `insert into conversation_settings (project_id, unseen_reply_email_delay_seconds) values ($1, $2)
       on conflict (project_id) do update set unseen_reply_email_delay_seconds = $2`,
      [projectId, UNSEEN_REPLY_DELAY.min],
    );

    // The visitor, with nobody online: away from the first paint, and an inline email ask.
    const visitor = await newPage({ width: 1100, height: 760 });
    await visitor.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(visitor);
    const w = widget(visitor);
    await w.launcher.click();
    await expect.poll(() => w.host.locator('.head-status').getAttribute('data-availability')).toBe('away');
    expect(await w.host.locator('.greeting .bubble').allTextContents()).toEqual([AWAY]);
    await say(visitor, FIRST);
    await expect.poll(() => w.states.first().getAttribute('data-state')).toBe('sent');
    const email = `visitor-${randomUUID().slice(0, 8)}@mail.example`;
    const ask = w.host.locator('form.email-ask');
    await ask.locator('input[type=email]').fill(email);
    await ask.locator('button[type=submit]').click();
    await expect.poll(() => ask.count()).toBe(0);
    // The visitor leaves: whatever the agent writes now stays unseen.
    await visitor.context().close();

    // The agent signs in and replies from the dashboard's open conversation.
    const agent = await newPage();
    await signIn(agent, baseUrl, manager);
    await agent.waitForSelector('[data-testid=inbox-connection][data-status=open]');
    const row = agent.getByTestId('conversation-list').locator('li').filter({ hasText: FIRST });
    await row.locator('a').first().click();
    await agent.getByTestId('visitor-message').filter({ hasText: FIRST }).waitFor();
    const composer = agent.getByTestId('composer-input');
    await composer.fill(REPLY);
    await composer.press('Enter');
    await agent.getByTestId('agent-message').filter({ hasText: REPLY }).waitFor();
    await expect.poll(() => agent.getByTestId('pending-message').count()).toBe(0);

    // After the delay: one email with the unseen reply, a reply-to address and the hosted link.
    const [mail] = await waitForMails(baseUrl, email, 1);
    if (!mail) throw new Error('no mail');
    expect(mail.text).toContain(REPLY);
    const replyTo = mail.replyTo ?? '';
    expect(replyTo).toMatch(/^reply\+[^@]+@/);
    const link = hostedLink(mail);
    expect(new URL(link).origin).toBe(new URL(baseUrl).origin);

    // The visitor answers the email; the agent sees it live, no reload.
    const posted = await postEmailReply(baseUrl, {
      from: email,
      to: replyTo,
      text: `${BY_EMAIL}\r\n\r\nOn Sun, 6 Dec 2026, Continuity Co wrote:\r\n> ${REPLY}`,
    });
    expect(posted.status, posted.body).toBeLessThan(300);
    await agent.getByTestId('visitor-message').filter({ hasText: BY_EMAIL }).waitFor();
    expect(await agent.getByTestId('visitor-message').filter({ hasText: 'Continuity Co wrote' }).count()).toBe(0);

    // The email's link: the hosted conversation page with the whole thread, in order.
    const hosted = await newPage();
    await hosted.goto(link);
    await widgetReady(hosted);
    await expect.poll(() => bubbleTexts(hosted)).toEqual([FIRST, REPLY, BY_EMAIL]);
    await hosted.screenshot({ path: '/tmp/email-continuity-hosted.png' });
  });
});
