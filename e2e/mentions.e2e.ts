// Mentions end to end: an Agent writes a private note and mentions the Manager through the @
// picker (keyboard: type, Enter; the picker lists the whole team, a member who never signed in too); the note shows the mention highlighted and the room stores the
// Manager's id with it; the Manager, on the inbox in another browser, gets the toast and a dot on
// the Mentions tab, opens the conversation from the toast (their own mention stands out) and finds
// it under Mentions. In reply mode "@" opens nothing. Then on a 390×844 phone the picker stays on
// screen above the composer. Takes docs/screenshots/conversation-mention.png.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
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

async function userIdOf(email: string): Promise<string> {
  const [user] = await sql<{ id: string }>(databaseUrl, 'select id from users where email = $1', [email]);
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}

/** Opens the conversation as the Agent and waits for its room. */
async function openConversation(page: Page, projectId: string, conversationId: string): Promise<void> {
  await page.goto(`${baseUrl}/p/${projectId}/inbox/${conversationId}`);
  await page.getByRole('heading', { name: 'Vera Visitor' }).waitFor();
  await page.getByTestId('room-connection').waitFor({ state: 'detached' });
}

/** A journey through two browsers and a phone on a shared 2-core machine. */
const JOURNEY_MS = 150_000;

describe('mentions', () => {
  it(
    'an Agent mentions the Manager in a note; the Manager is told and finds it under Mentions',
    async () => {
      // Manager B owns the project and waits on the inbox.
      const managerPage = await newPage();
      const manager = newAccount('mention-b', 'Manager B');
      const projectId = await signUp(managerPage, baseUrl, manager, 'Harbour Tea');
      const managerId = await userIdOf(manager.email);

      // Agent A: an account of their own, made an Agent of B's project.
      const agentPage = await newPage();
      const agent = newAccount('mention-a', 'Alice Agent');
      await signUp(agentPage, baseUrl, agent, 'Alice scratch');
      const agentId = await userIdOf(agent.email);
      await sql(databaseUrl, `insert into memberships (project_id, user_id, role) values ($1, $2, 'agent')`, [
        projectId,
        agentId,
      ]);

      // Omar: a member who has never signed in. An Agent still finds him (GET …/team).
      const [omar] = await sql<{ id: string }>(
        databaseUrl,
        `insert into users (email, name, email_verified) values ($1, 'Omar Offline', true) returning id`,
        [`omar-${randomUUID()}@example.test`],
      );
      await sql(databaseUrl, `insert into memberships (project_id, user_id, role) values ($1, $2, 'agent')`, [
        projectId,
        omar?.id,
      ]);

      const widgetKey = await widgetKeyOf(databaseUrl, projectId);
      const conversationId = await visitorWrites(
        widgetKey,
        'Vera Visitor',
        'My order arrived broken, can I get a refund?',
      );
      await managerPage.getByTestId('conversation-list').getByText('Vera Visitor').waitFor();

      await openConversation(agentPage, projectId, conversationId);
      const composer = agentPage.getByTestId('composer-input');
      const picker = agentPage.getByTestId('mention-suggestions');

      // Reply mode: "@" is only a character.
      await composer.click();
      await composer.pressSequentially('@Man');
      await agentPage.waitForTimeout(300);
      expect(await picker.count()).toBe(0);
      await composer.fill('');

      // Private note: "@" lists the whole team (online first, never me), typing narrows, Enter picks.
      await agentPage.getByRole('tab', { name: 'Private note' }).click();
      await composer.pressSequentially('Refund over 50 EUR, ');
      await composer.pressSequentially('@');
      await picker.waitFor();
      await expect
        .poll(() => picker.getByRole('button').allTextContents())
        .toEqual([expect.stringContaining('Manager B'), expect.stringContaining('Omar Offline')]);
      expect(await picker.getByText('Alice Agent').count()).toBe(0);
      await composer.pressSequentially('man');
      await expect.poll(() => picker.locator('[aria-current=true]').textContent()).toContain('Manager B');
      await agentPage.keyboard.press('Enter');
      await picker.waitFor({ state: 'detached' });
      await expect.poll(() => composer.inputValue()).toBe('Refund over 50 EUR, @Manager B ');
      await composer.pressSequentially('can you approve it?');
      await agentPage.keyboard.press('Enter');

      // The note shows the mention highlighted; the room stored B's id with it.
      const mention = agentPage.getByTestId('note').getByTestId('mention');
      await expect.poll(() => mention.textContent()).toBe('@Manager B');
      await expect
        .poll(async () => {
          const [row] = await sql<{ mentions: string[] | null }>(
            databaseUrl,
            'select mentions from messages where conversation_id = $1 and private order by seq desc limit 1',
            [conversationId],
          );
          return row?.mentions ?? null;
        })
        .toEqual([managerId]);

      // Manager B, on the inbox: the toast, and a dot on the Mentions tab.
      const toast = managerPage.getByTestId('toast-open').filter({ hasText: 'Alice Agent mentioned you' });
      await toast.waitFor({ timeout: 20_000 });
      expect(await toast.textContent()).toContain('can you approve it?');
      await managerPage.getByTestId('mentions-dot').waitFor();
      // The toast opens the conversation, where B's own mention stands out.
      await toast.click();
      await managerPage.waitForURL(new RegExp(`/inbox/${conversationId}$`));
      await managerPage.getByTestId('note').locator('[data-testid=mention][data-me=true]').waitFor();
      // Mentions lists it; opening the tab puts the dot out.
      await managerPage.getByRole('tab', { name: 'Mentions' }).click();
      await managerPage.getByTestId('conversation-list').getByText('Vera Visitor').waitFor();
      await managerPage.getByTestId('mentions-dot').waitFor({ state: 'detached' });
      await managerPage.getByTestId('room-connection').waitFor({ state: 'detached' });
      await screenshot(managerPage, 'conversation-mention');

      // On a phone: the picker opens above the composer and stays on screen.
      const phone = await newPage({ width: 390, height: 844 }, { mobile: true });
      await signIn(phone, baseUrl, agent);
      await phone.waitForURL(/\/inbox/);
      await openConversation(phone, projectId, conversationId);
      await phone.getByRole('tab', { name: 'Private note' }).click();
      const phoneComposer = phone.getByTestId('composer-input');
      await phoneComposer.pressSequentially('@');
      const phonePicker = phone.getByTestId('mention-suggestions');
      await phonePicker.waitFor();
      const list = await phonePicker.boundingBox();
      const box = await phoneComposer.boundingBox();
      expect(list && box).toBeTruthy();
      if (list && box) {
        expect(list.y).toBeGreaterThanOrEqual(0);
        expect(list.y + list.height).toBeLessThanOrEqual(box.y + 1);
        expect(list.x).toBeGreaterThanOrEqual(0);
        expect(list.x + list.width).toBeLessThanOrEqual(390);
      }
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: process.env.MENTIONS_PHONE_SCREENSHOT ?? '/tmp/mentions-phone.png' });
    },
    JOURNEY_MS,
  );
});
