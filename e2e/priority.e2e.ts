// Priority end to end: a Manager sets Urgent from the conversation header's Priority menu; the
// inbox row shows the badge, a reload keeps it, Postgres has it, and the inbox's priority filter
// lists it under Urgent and not under Low. An Agent of the project, in a second browser on the
// inbox, sees the badge arrive live (the inbox socket's push). `p` opens the menu on the chosen
// level and Escape gives focus back to its button. On a 390×844 phone the menu opens on screen and
// sets High. Takes docs/screenshots/inbox-priority.png (and a phone picture under /tmp).
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql, widgetKeyOf } from './support/agent.ts';
import { leaveComposer, newAccount, screenshot, signIn, signUp } from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { widgetClient } from './support/widget-api.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const { newPage } = browserPages({ width: 1280, height: 800 });
const { visitorWrites } = widgetClient(baseUrl, hostUrl);

async function priorityInDatabase(conversationId: string): Promise<string | null | undefined> {
  const [row] = await sql<{ priority: string | null }>(
    databaseUrl,
    'select priority from conversations where id = $1',
    [conversationId],
  );
  return row?.priority;
}

/** Opens the conversation and waits for its room. */
async function openConversation(page: Page, projectId: string, conversationId: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/p/${projectId}/inbox/${conversationId}`);
  await page.getByRole('heading', { name }).waitFor();
  await page.getByTestId('room-connection').waitFor({ state: 'detached' });
}

const rowOf = (page: Page, name: string) =>
  page.getByTestId('conversation-list').locator('li').filter({ hasText: name });

/** A journey through two browsers and a phone on a shared 2-core machine. */
const JOURNEY_MS = 150_000;

describe('priority', () => {
  it(
    'a Manager marks a conversation Urgent; the row, a reload, Postgres, the filter and a teammate all see it',
    async () => {
      const managerPage = await newPage();
      const manager = newAccount('priority-m', 'Maya Manager');
      const projectId = await signUp(managerPage, baseUrl, manager, 'Kettle & Co');

      // An Agent of the project, in another browser, waiting on the inbox.
      const agentPage = await newPage();
      const agent = newAccount('priority-a', 'Arno Agent');
      await signUp(agentPage, baseUrl, agent, 'Arno scratch');
      const [agentUser] = await sql<{ id: string }>(databaseUrl, 'select id from users where email = $1', [
        agent.email,
      ]);
      await sql(databaseUrl, `insert into memberships (project_id, user_id, role) values ($1, $2, 'agent')`, [
        projectId,
        agentUser?.id,
      ]);

      const widgetKey = await widgetKeyOf(databaseUrl, projectId);
      const urgentId = await visitorWrites(widgetKey, 'Vera Visitor', 'The kettle sparks when I switch it on!');
      const calmId = await visitorWrites(widgetKey, 'Carl Calm', 'Do you ship to Norway?');
      await agentPage.goto(`${baseUrl}/p/${projectId}/inbox`);
      await rowOf(agentPage, 'Vera Visitor').waitFor();
      expect(await rowOf(agentPage, 'Vera Visitor').getByTestId('priority-badge').count()).toBe(0);

      // The Manager sets Urgent from the header.
      await openConversation(managerPage, projectId, urgentId, 'Vera Visitor');
      const button = managerPage.getByRole('button', { name: 'Priority' });
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      await button.click();
      const menu = managerPage.getByRole('menu', { name: 'Priority' });
      await menu.waitFor();
      expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Urgent', 'High', 'Medium', 'Low', 'None']);
      await menu.getByRole('menuitem', { name: 'Urgent' }).click();
      await expect.poll(() => managerPage.getByTestId('priority').textContent()).toBe('Urgent');
      const badge = rowOf(managerPage, 'Vera Visitor').getByTestId('priority-badge');
      await expect.poll(() => badge.textContent(), { timeout: 15_000 }).toBe('Priority: Urgent');
      expect(await rowOf(managerPage, 'Carl Calm').getByTestId('priority-badge').count()).toBe(0);
      await expect.poll(() => priorityInDatabase(urgentId), { timeout: 15_000 }).toBe('urgent');

      // The teammate's inbox gets it live.
      await expect
        .poll(() => rowOf(agentPage, 'Vera Visitor').getByTestId('priority-badge').textContent(), { timeout: 20_000 })
        .toBe('Priority: Urgent');

      // The keyboard: p opens the menu on the chosen level, Escape closes it and focus is back on its button.
      await managerPage.reload();
      await managerPage.getByRole('heading', { name: 'Vera Visitor' }).waitFor();
      await expect.poll(() => managerPage.getByTestId('priority').textContent()).toBe('Urgent');
      await expect.poll(() => badge.textContent()).toBe('Priority: Urgent');
      await leaveComposer(managerPage);
      await managerPage.keyboard.press('p');
      await menu.waitFor();
      const focusedItem = () => managerPage.evaluate(() => document.activeElement?.textContent ?? '');
      await expect.poll(focusedItem).toBe('Urgent');
      await managerPage.keyboard.press('ArrowDown');
      await expect.poll(focusedItem).toBe('High');
      await managerPage.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      await expect
        .poll(() => managerPage.evaluate(() => document.activeElement?.getAttribute('aria-haspopup')))
        .toBe('menu');
      expect(await priorityInDatabase(urgentId)).toBe('urgent');

      // A second conversation at Medium, with the keyboard: p opens on None (its level), Home goes to
      // Urgent, ↓↓ to Medium, Enter sets it. The screenshot shows two levels.
      await openConversation(managerPage, projectId, calmId, 'Carl Calm');
      await leaveComposer(managerPage);
      await managerPage.keyboard.press('p');
      await menu.waitFor();
      await expect.poll(focusedItem).toBe('None');
      await managerPage.keyboard.press('Home');
      await expect.poll(focusedItem).toBe('Urgent');
      await managerPage.keyboard.press('ArrowDown');
      await managerPage.keyboard.press('ArrowDown');
      await managerPage.keyboard.press('Enter');
      await expect.poll(() => priorityInDatabase(calmId), { timeout: 15_000 }).toBe('medium');
      await expect
        .poll(() => rowOf(managerPage, 'Carl Calm').getByTestId('priority-badge').textContent())
        .toBe('Priority: Medium');
      await screenshot(managerPage, 'inbox-priority');

      // The filter: Urgent lists Vera only; Low lists nobody; the choice survives a reload.
      const filter = managerPage.getByTestId('priority-filter');
      await filter.selectOption({ label: 'Urgent' });
      await expect
        .poll(() => managerPage.getByTestId('conversation-list').locator('li').allTextContents())
        .toEqual([expect.stringContaining('Vera Visitor')]);
      await managerPage.reload();
      await rowOf(managerPage, 'Vera Visitor').waitFor();
      expect(await managerPage.getByTestId('priority-filter').inputValue()).toBe('urgent');
      expect(await rowOf(managerPage, 'Carl Calm').count()).toBe(0);
      await managerPage.getByTestId('priority-filter').selectOption({ label: 'Low' });
      await managerPage.getByText('No conversations match these filters').waitFor();
      expect(await rowOf(managerPage, 'Vera Visitor').count()).toBe(0);
      await managerPage.getByTestId('priority-filter').selectOption({ label: 'All priorities' });
      await rowOf(managerPage, 'Vera Visitor').waitFor();

      // On a phone: the menu opens on screen and sets High.
      const phone = await newPage({ width: 390, height: 844 }, { mobile: true });
      await signIn(phone, baseUrl, manager);
      await phone.waitForURL(/\/inbox/);
      await openConversation(phone, projectId, urgentId, 'Vera Visitor');
      await phone.getByRole('button', { name: 'Priority' }).click();
      const phoneMenu = phone.getByRole('menu', { name: 'Priority' });
      await phoneMenu.waitFor();
      const box = await phoneMenu.boundingBox();
      expect(box).toBeTruthy();
      if (box) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
        expect(box.y + box.height).toBeLessThanOrEqual(844);
      }
      await phone.screenshot({ path: process.env.PRIORITY_PHONE_SCREENSHOT ?? '/tmp/priority-phone.png' });
      await phoneMenu.getByRole('menuitem', { name: 'High' }).click();
      await expect.poll(() => phone.getByTestId('priority').textContent()).toBe('High');
      await expect.poll(() => priorityInDatabase(urgentId), { timeout: 15_000 }).toBe('high');
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // The list on the phone, with the badge.
      await phone.getByRole('link', { name: 'Back to the inbox' }).click();
      await expect
        .poll(() => rowOf(phone, 'Vera Visitor').getByTestId('priority-badge').textContent(), { timeout: 15_000 })
        .toBe('Priority: High');
      await phone.screenshot({ path: process.env.PRIORITY_PHONE_LIST_SCREENSHOT ?? '/tmp/priority-phone-list.png' });
    },
    JOURNEY_MS,
  );
});
