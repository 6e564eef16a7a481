// Labels end to end: a Manager defines labels in Settings › Labels, labels conversations from the
// keyboard (`l`, type, Enter; `j` to the next one), sees them on the inbox rows and in the
// conversation header, and filters the inbox by one — then on a phone. Takes
// docs/screenshots/inbox-labelled.png.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql, widgetKeyOf } from './support/agent.ts';
import { labelWithKeyboard, newAccount, screenshot, signIn, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { widgetClient } from './support/widget-api.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const { newPage } = browserPages({ width: 1280, height: 800 });

const { visitorWrites } = widgetClient(baseUrl, hostUrl);

async function defineLabel(page: Page, name: string, colour: string, description = '') {
  await page.getByRole('button', { name: 'New label' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('radio', { name: colour }).check();
  if (description) await dialog.getByLabel('Description').fill(description);
  await dialog.getByRole('button', { name: 'Add label' }).click();
  await page.getByTestId('label-list').getByText(name, { exact: true }).waitFor();
}

const rowOf = (page: Page, visitor: string) =>
  page.getByTestId('conversation-list').locator('li').filter({ hasText: visitor });

/** A whole journey through several screens and two viewports on a shared 2-core machine. */
const JOURNEY_MS = 150_000;

describe('labels', () => {
  it(
    'label conversations with the keyboard, see them in the inbox and filter by one',
    async () => {
      const page = await newPage();
      const manager = newAccount('labels', 'Lara Labels');
      const projectId = await signUp(page, baseUrl, manager, 'Northwind Bikes');
      const widgetKey = await widgetKeyOf(databaseUrl, projectId);

      await page.goto(`${baseUrl}/p/${projectId}/settings/labels`);
      await page.getByText('No labels yet').waitFor();
      await defineLabel(page, 'Billing', 'Green', 'Invoices, refunds and payments');
      await defineLabel(page, 'Bug', 'Red');
      await defineLabel(page, 'VIP', 'Purple', 'Customers on the Pro plan');
      const [audit] = await sql<{ n: string }>(
        databaseUrl,
        "select count(*)::text as n from audit_events where project_id = $1 and type = 'label.created'",
        [projectId],
      );
      expect(audit?.n).toBe('3');

      // Oldest first, so the inbox (newest activity first) shows Ana, then Ben, then Chloé.
      await visitorWrites(widgetKey, 'Chloé Martin', 'Can I change the frame size of my order?');
      await visitorWrites(widgetKey, 'Ben Okafor', 'The app crashes when I open my ride history.');
      await visitorWrites(widgetKey, 'Ana Silva', 'I was charged twice for the Pro plan this month.');

      await page.goto(`${baseUrl}/p/${projectId}/inbox`);
      await rowOf(page, 'Chloé Martin').waitFor();
      // j opens the first conversation; l labels it from the keyboard.
      await page.keyboard.press('j');
      await page.getByRole('heading', { name: 'Ana Silva' }).waitFor();
      await labelWithKeyboard(page, ['Billing', 'VIP']);
      const header = page.getByTestId('conversation-labels');
      await expect.poll(() => header.getByTestId('label-chip').allTextContents()).toEqual(['Billing', 'VIP']);
      await expect
        .poll(() => rowOf(page, 'Ana Silva').getByTestId('label-chip').allTextContents())
        .toEqual(['Billing', 'VIP']);

      await page.keyboard.press('j');
      await page.getByRole('heading', { name: 'Ben Okafor' }).waitFor();
      await labelWithKeyboard(page, ['Bug']);
      await page.keyboard.press('j');
      await page.getByRole('heading', { name: 'Chloé Martin' }).waitFor();
      await labelWithKeyboard(page, ['Billing']);
      await expect
        .poll(() => rowOf(page, 'Chloé Martin').getByTestId('label-chip').allTextContents())
        .toEqual(['Billing']);

      // Filter the inbox by Billing: Ana and Chloé, not Ben.
      await page.getByTestId('label-filter').selectOption({ label: 'Billing' });
      await expect.poll(() => page.getByTestId('conversation-list').locator('li').count()).toBe(2);
      expect(await rowOf(page, 'Ben Okafor').count()).toBe(0);
      await page.keyboard.press('k');
      await page.getByRole('heading', { name: 'Ana Silva' }).waitFor();
      await page.getByTestId('room-connection').waitFor({ state: 'detached' });
      await screenshot(page, 'inbox-labelled');

      // Taking a label off (Enter toggles) drops the conversation out of the filtered list, live.
      await labelWithKeyboard(page, ['Billing']);
      await expect.poll(() => rowOf(page, 'Ana Silva').count()).toBe(0);
      const [stored] = await sql<{ n: string }>(
        databaseUrl,
        "select count(*)::text as n from outbox_events where project_id = $1 and type = 'conversation.labels_changed'",
        [projectId],
      );
      // Ana: Billing, VIP, then Billing off; Ben: Bug; Chloé: Billing.
      expect(stored?.n).toBe('5');

      // On a phone: the filter and the labels fit, and the header shows them.
      const phone = await newPage({ width: 390, height: 844 });
      await signIn(phone, baseUrl, manager);
      await phone.waitForURL(/\/inbox/);
      await phone.goto(`${baseUrl}/p/${projectId}/inbox`);
      await rowOf(phone, 'Ben Okafor').getByTestId('label-chip').waitFor();
      await rowOf(phone, 'Ana Silva').locator('a').click();
      await phone.getByTestId('conversation-labels').getByText('VIP').waitFor();
      await phone.getByTestId('room-connection').waitFor({ state: 'detached' });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: '/tmp/labels-phone-conversation.png' });
    },
    JOURNEY_MS,
  );
});
