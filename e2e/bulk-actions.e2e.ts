// Bulk actions end to end: a Manager with three visitor conversations checks two rows with their
// checkboxes and a third with `x`, resolves the three from the bulk bar (the list empties, Postgres
// says resolved); on Resolved, checks two with a click and a Shift+click and reopens them; back on
// Open, "select all on this page", assigns both to a teammate and puts a label on both. Then on a
// 390×844 phone: "Select", check one, Resolve, nothing wider than the screen and the bar's menus on
// it. Takes docs/screenshots/inbox-bulk.png (desktop, three checked and the bar).
import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql, widgetKeyOf } from './support/agent.ts';
import { newAccount, screenshot, signIn, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { widgetClient } from './support/widget-api.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const { newPage } = browserPages({ width: 1280, height: 800 });

const { visitorWrites } = widgetClient(baseUrl, hostUrl);

const statuses = async (ids: string[]) =>
  (
    await sql<{ id: string; status: string }>(databaseUrl, 'select id, status from conversations where id = any($1)', [
      ids,
    ])
  )
    .map((r) => `${ids.indexOf(r.id)}:${r.status}`)
    .sort();

const row = (page: Page, name: string): Locator => page.locator('li[data-row-id]').filter({ hasText: name });
const checkbox = (page: Page, name: string): Locator => page.getByRole('checkbox', { name: `Select ${name}` });
const listNames = (page: Page) =>
  page.getByTestId('conversation-list').locator('li[data-row-id] a span.truncate').allTextContents();

/** Two browsers (a desktop, then a phone) on a shared 2-core machine. */
const JOURNEY_MS = 180_000;

describe('bulk actions', () => {
  it(
    'selects conversations with the checkbox, x and Shift+click; resolves, reopens, assigns and labels them together',
    async () => {
      const page = await newPage();
      const manager = newAccount('bulk', 'Bea Bulk');
      const projectId = await signUp(page, baseUrl, manager, 'Bulk Biscuits');

      // A teammate to assign to, and a label.
      const [tom] = await sql<{ id: string }>(
        databaseUrl,
        `insert into users (email, name, email_verified) values ($1, 'Tom Teammate', true) returning id`,
        [`tom-${randomUUID()}@example.test`],
      );
      await sql(databaseUrl, `insert into memberships (project_id, user_id, role) values ($1, $2, 'agent')`, [
        projectId,
        tom?.id,
      ]);
      const [vip] = await sql<{ id: string }>(
        databaseUrl,
        `insert into labels (project_id, name, color) values ($1, 'VIP', 'purple') returning id`,
        [projectId],
      );

      const widgetKey = await widgetKeyOf(databaseUrl, projectId);
      const names = ['Ana Ahlberg', 'Ben Brandt', 'Cy Castro'];
      const ids: string[] = [];
      for (const name of names) ids.push(await visitorWrites(widgetKey, name, `Hello from ${name.split(' ')[0]}`));
      const list = page.getByTestId('conversation-list');
      for (const name of names) await list.getByText(name).waitFor();
      // A reload: the list, the team and the labels as a fresh inbox has them.
      await page.reload();
      for (const name of names) await list.getByText(name).waitFor();

      // Two with the checkbox (shown on hover), the third with x on its focused row.
      const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
      expect(await bar.count()).toBe(0);
      await row(page, 'Ana Ahlberg').hover();
      await checkbox(page, 'Ana Ahlberg').click();
      await bar.waitFor();
      await row(page, 'Ben Brandt').hover();
      await checkbox(page, 'Ben Brandt').click();
      await row(page, 'Cy Castro').getByRole('link').focus();
      await page.keyboard.press('x');
      await expect.poll(() => bar.getByTestId('bulk-count').textContent()).toBe('3 selected');
      expect(await checkbox(page, 'Cy Castro').isChecked()).toBe(true);
      // Escape clears, x on the same row checks it again.
      await page.keyboard.press('Escape');
      await bar.waitFor({ state: 'detached' });
      await checkbox(page, 'Ana Ahlberg').check();
      await checkbox(page, 'Ben Brandt').check();
      await row(page, 'Cy Castro').getByRole('link').focus();
      await page.keyboard.press('x');
      await expect.poll(() => bar.getByTestId('bulk-count').textContent()).toBe('3 selected');
      // The picture: the bar and three checked rows, no hover and no focus ring.
      await page.mouse.move(900, 400);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await screenshot(page, 'inbox-bulk');

      // Resolve from the bar: one toast, the Open list empties, Postgres agrees.
      await bar.getByRole('button', { name: 'Resolve' }).click();
      await page.getByRole('status').filter({ hasText: '3 conversations resolved' }).waitFor();
      await bar.waitFor({ state: 'detached' });
      await expect.poll(() => list.count()).toBe(0);
      // The bar took its focused button with it: focus is back in the inbox, not lost on the page.
      expect(await page.evaluate(() => document.activeElement?.closest('section[aria-label="Inbox"]') != null)).toBe(
        true,
      );
      await expect.poll(() => statuses(ids)).toEqual(['0:resolved', '1:resolved', '2:resolved']);

      // On Resolved: a click and a Shift+click select two neighbours; Reopen.
      await page.getByRole('button', { name: 'Resolved', exact: true }).click();
      for (const name of names) await list.getByText(name).waitFor();
      const order = await listNames(page);
      const [first, second, third] = order;
      if (!first || !second || !third) throw new Error(`three resolved rows expected, got ${order.join(', ')}`);
      await checkbox(page, first).check();
      await checkbox(page, second).click({ modifiers: ['Shift'] });
      await expect.poll(() => bar.getByTestId('bulk-count').textContent()).toBe('2 selected');
      expect(await checkbox(page, third).isChecked()).toBe(false);
      await bar.getByRole('button', { name: 'Reopen' }).click();
      await page.getByRole('status').filter({ hasText: '2 conversations reopened' }).waitFor();
      await expect.poll(() => listNames(page)).toEqual([third]);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.closest('li[data-row-id]')?.textContent ?? ''))
        .toContain(third);
      const reopened = [first, second].map((name) => ids[names.indexOf(name)] ?? '');
      await expect.poll(async () => (await statuses(reopened)).map((s) => s.slice(2))).toEqual(['open', 'open']);

      // On Open: select all on this page, assign both to Tom.
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect.poll(async () => (await listNames(page)).sort()).toEqual([first, second].sort());
      await row(page, first).hover();
      await checkbox(page, first).check();
      await bar.getByRole('checkbox', { name: 'Select all on this page' }).check();
      await expect.poll(() => bar.getByTestId('bulk-count').textContent()).toBe('2 selected');
      await bar.getByRole('button', { name: 'Assign' }).click();
      await page.getByRole('menuitem', { name: 'Tom Teammate' }).click();
      await page.getByRole('status').filter({ hasText: '2 conversations assigned to Tom Teammate' }).waitFor();
      await expect
        .poll(async () =>
          (
            await sql<{ assignee_id: string | null }>(
              databaseUrl,
              'select assignee_id from conversations where id = any($1)',
              [reopened],
            )
          ).map((r) => r.assignee_id),
        )
        .toEqual([tom?.id, tom?.id]);
      await expect.poll(() => list.getByText('Tom Teammate').count()).toBe(2);

      // Then the label on both, through the picker.
      await checkbox(page, first).check();
      await bar.getByRole('checkbox', { name: 'Select all on this page' }).check();
      await bar.getByRole('button', { name: 'Label' }).click();
      const picker = page.getByTestId('label-picker');
      await picker.getByRole('combobox', { name: 'Find a label' }).fill('vi');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: '2 conversations labelled “VIP”' }).waitFor();
      await expect
        .poll(
          async () =>
            (
              await sql<{ n: string }>(
                databaseUrl,
                'select count(*)::text as n from conversation_labels where label_id = $1 and conversation_id = any($2)',
                [vip?.id, reopened],
              )
            )[0]?.n,
        )
        .toBe('2');
      await expect.poll(() => list.getByTestId('row-labels').getByText('VIP').count()).toBe(2);

      // And Urgent on both, from the bar's own Priority menu (`p` opens only the header's).
      await checkbox(page, first).check();
      await bar.getByRole('checkbox', { name: 'Select all on this page' }).check();
      await bar.getByRole('button', { name: 'Priority' }).click();
      await page.getByRole('menuitem', { name: 'Urgent' }).click();
      await page.getByRole('status').filter({ hasText: '2 conversations set to Urgent' }).waitFor();
      await expect
        .poll(async () =>
          (
            await sql<{ priority: string | null }>(
              databaseUrl,
              'select priority from conversations where id = any($1)',
              [reopened],
            )
          ).map((r) => r.priority),
        )
        .toEqual(['urgent', 'urgent']);
      await expect.poll(() => list.getByText('Urgent').count()).toBe(2);

      // A phone: "Select" shows the checkboxes; check one and resolve it.
      const phone = await newPage({ width: 390, height: 844 }, { mobile: true });
      await signIn(phone, baseUrl, manager);
      await phone.waitForURL(/\/inbox/);
      const phoneList = phone.getByTestId('conversation-list');
      await phoneList.getByText(first).waitFor();
      expect(await checkbox(phone, first).isVisible()).toBe(false);
      await phone.getByRole('button', { name: 'Select', exact: true }).click();
      const phoneBar = phone.getByRole('toolbar', { name: 'Bulk actions' });
      await phoneBar.waitFor();
      await checkbox(phone, first).tap();
      await expect.poll(() => phoneBar.getByTestId('bulk-count').textContent()).toBe('1 selected');
      // The bar's menus open on screen.
      for (const menu of ['Snooze', 'Assign', 'Priority']) {
        await phoneBar.getByRole('button', { name: menu }).tap();
        const box = await phone.getByRole('menu').boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390, `${menu}: ${JSON.stringify(box)}`).toBe(true);
        await phone.keyboard.press('Escape');
        await phone.getByRole('menu').waitFor({ state: 'detached' });
      }
      await phoneBar.getByRole('button', { name: 'Label' }).tap();
      const labelBox = await phone.getByTestId('label-picker').boundingBox();
      expect(labelBox && labelBox.x >= 0 && labelBox.x + labelBox.width <= 390).toBe(true);
      await phone.getByRole('combobox', { name: 'Find a label' }).press('Escape');
      // Escape with a menu open closed only the menu: still one selected.
      expect(await phoneBar.getByTestId('bulk-count').textContent()).toBe('1 selected');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: process.env.BULK_PHONE_SCREENSHOT ?? '/tmp/inbox-bulk-phone.png' });
      await phoneBar.getByRole('button', { name: 'Resolve' }).tap();
      await phone.getByRole('status').filter({ hasText: '1 conversation resolved' }).waitFor();
      await expect
        .poll(async () => (await statuses([ids[names.indexOf(first)] ?? ''])).map((s) => s.slice(2)))
        .toEqual(['resolved']);
      await expect.poll(() => phoneList.getByText(first).count()).toBe(0);
    },
    JOURNEY_MS,
  );
});
