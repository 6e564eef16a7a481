// Contacts and custom attributes in real Chromium: a Manager defines an attribute in Settings ›
// Attributes; the demo host page sets it with `Parley('update', { attributes })` (and a key the
// project does not define is refused with a console error); the agent sees the value in the visitor
// panel, finds the contact on the Contacts page by searching, and opens it with its conversation.
// Desktop (1280×800) screenshots of both pages; at 390×844 neither scrolls sideways.
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { createAgent, sql } from './support/agent.ts';
import { demoPage, newAccount, screenshot, signUp, snippetWidgetKey } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');
const keys = inject('authJwtKeys');
const { newPage } = browserPages();

/** The visitor panel's identity badge(s), as the agent reads them. */
const identityBadges = async (page: Page) =>
  (
    await page
      .getByTestId('visitor-panel')
      .getByText(/^\s*(Anonymous|Unverified|Verified identity)\s*$/)
      .allTextContents()
  ).map((t) => t.trim());

/** Whether the page scrolls sideways (the phone layout must not). */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('contacts and custom attributes', () => {
  it('an attribute set from the widget API shows in the visitor panel; Contacts finds the contact and its conversation', async () => {
    const account = newAccount('contacts', 'Maya Manager');
    const agent = await newPage();
    const projectId = await signUp(agent, baseUrl, account, 'Backpacks & Co');
    await agent.goto(`${baseUrl}/p/${projectId}/settings/widget`);
    const widgetKey = await snippetWidgetKey(agent);

    // Settings › Attributes: a list attribute, as a Manager defines it.
    await agent.goto(`${baseUrl}/p/${projectId}/settings/attributes`);
    await agent.getByRole('button', { name: 'New attribute' }).click();
    const dialog = agent.getByRole('dialog');
    await dialog.getByLabel('Label').fill('Plan');
    await dialog.getByLabel('Type').selectOption('list');
    await dialog.getByLabel('Options').fill('free, pro, enterprise');
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await agent.getByTestId('attribute-list').getByText('Plan', { exact: true }).waitFor();

    // The host page: the visitor says who they are, the site sets the attribute, and a typo is refused.
    const visitor = await newPage({ width: 1100, height: 760 });
    const errors: string[] = [];
    visitor.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await visitor.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(visitor);
    await visitor.evaluate(() => {
      window.Parley?.('identify', { name: 'Ada Lovelace', email: 'ada@analytical.example' });
      window.Parley?.('update', { attributes: { plan: 'pro' } });
      window.Parley?.('update', { attributes: { favourite_colour: 'blue' } });
    });
    await expect.poll(() => errors.join('\n')).toContain('unknown_attribute');
    expect(errors.join('\n')).toContain('favourite_colour');
    await widget(visitor).launcher.click();
    await say(visitor, 'Is the Pro plan billed yearly?');

    // The visitor panel beside the conversation shows the value.
    await agent.goto(`${baseUrl}/p/${projectId}/inbox`);
    await agent.getByTestId('conversation-list').locator('li a').first().click();
    const panel = agent.getByTestId('visitor-attributes');
    await expect.poll(() => panel.locator('[data-attribute=plan]').textContent()).toBe('pro');
    // A name and email the visitor gave: unverified claims, not an anonymous visitor.
    await expect.poll(() => identityBadges(agent)).toEqual(['Unverified']);

    // Contacts: search, then the contact page with the conversation.
    await agent.getByRole('link', { name: 'Contacts', exact: true }).click();
    await agent.getByTestId('contacts-list').waitFor();
    await agent.getByTestId('contacts-search').fill('analytical');
    const row = agent.getByTestId('contact-row').filter({ hasText: 'Ada Lovelace' });
    await row.waitFor();
    await expect.poll(() => agent.getByTestId('contact-row').count()).toBe(1);
    await row.getByText('Plan: pro').waitFor();
    await screenshot(agent, 'contacts');
    await row.click();
    await agent.getByTestId('contact-page').getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await agent.getByTestId('contact-conversations').getByText('billed yearly').waitFor();
    await screenshot(agent, 'contact');
    const contactUrl = agent.url();

    // The phone layout: both pages fit the width.
    const phone = await newPage({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/sign-in`);
    await phone.fill('input[name=email]', account.email);
    await phone.fill('input[name=password]', account.password);
    await phone.click('button[type=submit]');
    await phone.waitForURL(/\/inbox/);
    await phone.goto(`${baseUrl}/p/${projectId}/contacts`);
    await phone.getByTestId('contact-row').first().waitFor();
    expect(await overflowsSideways(phone)).toBe(false);
    await phone.goto(contactUrl);
    await phone.getByTestId('contact-conversations').waitFor();
    expect(await overflowsSideways(phone)).toBe(false);

    // A visitor the host site vouches for (identify with the HMAC of their id): "Verified identity".
    // The secret comes from the Managers' route, called as a Manager made directly in Postgres.
    const manager = await createAgent(databaseUrl, keys, projectId, 'Script Manager');
    await sql(databaseUrl, `update memberships set role = 'manager' where user_id = $1`, [manager.userId]);
    const created = await fetch(`${baseUrl}/api/projects/${projectId}/identity-secret`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const hash = createHmac('sha256', secret).update('user-1906').digest('hex');
    const signedIn = await newPage({ width: 1100, height: 760 });
    await signedIn.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(signedIn);
    await signedIn.evaluate(
      (hash) =>
        window.Parley?.('identify', { userId: 'user-1906', hash, name: 'Grace Hopper', email: 'grace@navy.example' }),
      hash,
    );
    await widget(signedIn).launcher.click();
    await say(signedIn, 'Where is my invoice?');
    await agent.goto(`${baseUrl}/p/${projectId}/inbox`);
    await agent.getByTestId('conversation-list').locator('li a').filter({ hasText: 'my invoice' }).click();
    await agent.getByTestId('visitor-panel').getByText('Grace Hopper').first().waitFor();
    await expect.poll(() => identityBadges(agent)).toEqual(['Verified identity']);
    // A whole journey (two browsers, a sign-up, a phone sign-in) on a shared 2-core machine.
  }, 150_000);

  it('a visitor who leaves their name and email mid-conversation is named in the open conversation at once', async () => {
    const account = newAccount('identify-live', 'Ines Agent');
    const agent = await newPage();
    const projectId = await signUp(agent, baseUrl, account, 'Tents & Co');
    await agent.goto(`${baseUrl}/p/${projectId}/settings/widget`);
    const widgetKey = await snippetWidgetKey(agent);
    const visitor = await newPage({ width: 1100, height: 760 });
    await visitor.goto(demoPage(hostUrl, baseUrl, widgetKey));
    await widgetReady(visitor);
    await widget(visitor).launcher.click();
    await say(visitor, 'Does the tent fit four?');

    await agent.goto(`${baseUrl}/p/${projectId}/inbox`);
    await agent.getByTestId('conversation-list').locator('li a').first().click();
    const title = agent.getByTestId('conversation-title');
    await expect.poll(() => title.textContent()).toMatch(/^Visitor /);
    // The visitor answers the email ask (or the host page identifies them): no reload on the agent's side.
    await visitor.evaluate(() => window.Parley?.('identify', { name: 'Grace Hopper', email: 'grace@navy.example' }));
    await expect.poll(() => title.textContent(), { timeout: 10_000 }).toBe('Grace Hopper');
    await agent.getByText('grace@navy.example').first().waitFor();
    await agent.getByTestId('conversation-list').getByText('Grace Hopper').waitFor();
  }, 120_000);
});
