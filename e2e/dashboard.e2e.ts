import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { sql } from './support/agent.ts';
import {
  demoPage,
  devMailLink,
  freshTotp,
  newAccount,
  projectIdOf,
  screenshot,
  signIn,
  signUp,
  snippetWidgetKey,
} from './support/dashboard.ts';
import { browserPages } from './support/pages.ts';
import { bubbleTexts, say, widget, widgetReady } from './support/widget-page.ts';

const baseUrl = inject('baseUrl');
const hostUrl = inject('hostUrl');
const databaseUrl = inject('databaseUrl');

const { newPage } = browserPages({ width: 1440, height: 900 });

/** Each test walks a whole journey through several screens on a 2-core machine. */
const JOURNEY_MS = 150_000;

const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).first().waitFor();

/** Whether the element is wholly inside the viewport (scrolled to, not under the fold). */
const inView = (locator: Locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });

describe('a Manager and a visitor', () => {
  it(
    'sign up → customise the widget → a visitor writes → the agent answers live → resolve',
    async () => {
      const agent = await newPage();
      const manager = newAccount('manager', 'Maya Manager');
      const projectId = await signUp(agent, baseUrl, manager, 'Acme Outdoor');
      await expect.poll(() => agent.title()).toContain('Inbox');
      // A project that has never had a conversation says how the first one arrives.
      await agent.getByText('Ready for your first conversation').waitFor();
      await screenshot(agent, 'inbox-empty');

      // One project frame for all its screens: Settings and back to the Inbox keep the same page
      // element (the router draws one ProjectLayout above them), marked here to tell.
      await agent.locator('main').evaluate((main) => main.setAttribute('data-first-frame', ''));

      // Its button opens the widget's settings at the snippet to paste.
      await agent.getByRole('link', { name: 'Add the widget to your site' }).click();
      const snippet = agent.getByTestId('embed-snippet');
      await expect.poll(() => inView(snippet)).toBe(true);
      await screenshot(agent, 'widget-install');

      // Customise the widget: the preview follows the form before anything is saved. Another
      // section, then this one again, starts at the top of the page.
      await agent.getByRole('link', { name: 'Settings', exact: true }).click();
      await agent.getByTestId('settings-nav').getByRole('link', { name: 'Widget' }).click();
      await expect.poll(() => agent.getByTestId('section-content').evaluate((el) => el.scrollTop)).toBe(0);
      await agent.fill('input[name=color]', '#059669');
      await agent.fill('input[name=launcherLabel]', 'Ask us');
      await agent.fill('textarea[name=greeting]', 'Welcome to Acme! Ask us anything about your gear.');
      await expect
        .poll(() => agent.getByTestId('preview-greeting').textContent())
        .toBe('Welcome to Acme! Ask us anything about your gear.');
      await screenshot(agent, 'settings-widget');
      // The preview's header, to hold the live widget's to below: same words, same colours.
      const previewHeader = agent.getByTestId('preview-header');
      const preview = {
        texts: (await previewHeader.locator('p').allTextContents()).map((t) => t.trim()),
        colours: await previewHeader.evaluate((el) => {
          const style = getComputedStyle(el);
          return { background: style.backgroundColor, text: style.color };
        }),
      };
      // The chosen colour (#059669), not a default.
      expect(preview.colours.background).toBe('rgb(5, 150, 105)');
      await agent.getByRole('button', { name: 'Save widget' }).click();
      await toast(agent, 'Widget saved');
      const widgetKey = await snippetWidgetKey(agent);
      const [stored] = await sql<{ widget_settings: Record<string, unknown> }>(
        databaseUrl,
        'select widget_settings from projects where id = $1',
        [projectId],
      );
      expect(stored?.widget_settings).toMatchObject({ color: '#059669', launcherLabel: 'Ask us' });

      // A canned response for the composer's /shortcut.
      await agent.getByTestId('settings-nav').getByRole('link', { name: 'Canned responses' }).click();
      await agent.getByRole('button', { name: 'New response' }).click();
      await agent.getByLabel('Shortcut').fill('canada');
      await agent.getByLabel('Title').fill('Shipping to Canada');
      await agent.getByLabel('Message').fill('Hi {{visitor.first_name}}! Yes, we ship to Canada in 3–5 days.');
      await agent.getByRole('button', { name: 'Add response' }).click();
      await agent.getByTestId('canned-list').getByText('/canada').waitFor();

      await agent.getByRole('link', { name: 'Inbox' }).click();
      await agent.getByText('Ready for your first conversation').waitFor();
      expect(await agent.locator('main[data-first-frame]').count()).toBe(1);

      // The visitor, on the demo host page (another origin), sees the customised widget.
      const visitor = await newPage({ width: 1100, height: 760 });
      await visitor.goto(demoPage(hostUrl, baseUrl, widgetKey));
      await widgetReady(visitor);
      const w = widget(visitor);
      await expect.poll(() => w.host.locator('.launcher-label').textContent()).toBe('Ask us');
      await w.launcher.click();
      await expect
        .poll(() => w.host.locator('li.msg.greeting').textContent())
        .toContain('Welcome to Acme! Ask us anything about your gear.');
      // The Settings preview's header is this one (the Manager is online: the available line).
      const head = w.host.locator('.head');
      expect([
        (await head.locator('h2').textContent())?.trim(),
        (await head.locator('.head-status').textContent())?.trim(),
      ]).toEqual(preview.texts);
      expect(
        await head.evaluate((el) => {
          const style = getComputedStyle(el);
          return { background: style.backgroundColor, text: style.color };
        }),
      ).toEqual(preview.colours);
      await say(visitor, 'Hello, do you ship to Canada?');

      // It reaches the agent's inbox live, no reload.
      const row = agent.getByTestId('conversation-list').locator('li').first();
      await row.getByText('Hello, do you ship to Canada?').waitFor();
      await screenshot(agent, 'inbox');
      await row.locator('a').click();
      await agent.getByTestId('visitor-message').filter({ hasText: 'do you ship to Canada' }).waitFor();
      // The widget reports the page it runs on: the host page (another origin than Parley's), by title.
      await expect
        .poll(() => agent.getByTestId('visitor-page').textContent())
        .toBe('Acme Outdoor — Parley widget demo');
      await expect
        .poll(() => agent.getByTestId('visitor-page').getAttribute('href'))
        .toMatch(/^http:\/\/localhost:\d+\/dev\/demo\?/);
      await expect.poll(() => agent.getByTestId('visitor-browser').textContent()).toContain('Chrome');
      // A visitor who said nothing about themselves is anonymous (not "Unverified").
      const badges = agent.getByTestId('visitor-panel').getByText(/^(Anonymous|Unverified|Verified identity)$/);
      await expect.poll(async () => (await badges.allTextContents()).map((t) => t.trim())).toEqual(['Anonymous']);

      // The visitor types: the agent sees it.
      await w.input.click();
      await w.input.pressSequentially('Also');
      await agent.getByTestId('typing-indicator').waitFor();
      await w.input.fill('');

      // The agent answers with the canned response, filled in.
      const composer = agent.getByTestId('composer-input');
      await composer.click();
      await composer.pressSequentially('/cana');
      await agent.getByTestId('canned-suggestions').getByText('Shipping to Canada').waitFor();
      await screenshot(agent, 'conversation-canned-response');
      await composer.press('Enter');
      await expect.poll(() => composer.inputValue()).toBe('Hi there! Yes, we ship to Canada in 3–5 days.');
      await composer.press('Enter');
      await expect
        .poll(() => bubbleTexts(visitor))
        .toEqual(['Hello, do you ship to Canada?', 'Hi there! Yes, we ship to Canada in 3–5 days.']);
      await agent.getByTestId('agent-message').filter({ hasText: 'we ship to Canada' }).waitFor();
      await expect.poll(() => agent.getByTestId('pending-message').count()).toBe(0);
      // The open widget read it.
      await expect.poll(() => agent.getByTestId('receipt').last().textContent()).toContain('Seen');

      // A private note stays among agents.
      await agent.getByRole('tab', { name: 'Private note' }).click();
      await composer.fill('Wants express shipping — offer the upgrade.');
      await composer.press('Enter');
      await agent.getByTestId('note').filter({ hasText: 'express shipping' }).waitFor();
      await agent.getByRole('tab', { name: 'Reply' }).click();
      await composer.fill('Anything else I can help with?');
      await composer.press('Enter');
      await say(visitor, 'No, thanks a lot!');
      await agent.getByTestId('visitor-message').filter({ hasText: 'thanks a lot' }).waitFor();
      expect(await bubbleTexts(visitor)).toEqual([
        'Hello, do you ship to Canada?',
        'Hi there! Yes, we ship to Canada in 3–5 days.',
        'Anything else I can help with?',
        'No, thanks a lot!',
      ]);
      await screenshot(agent, 'conversation');

      // The agent's network drops: a reply typed meanwhile waits (optimistic), and on reconnect the
      // room resumes — the visitor's missed message arrives and the reply goes out exactly once.
      await agent.context().setOffline(true);
      await expect.poll(() => agent.getByTestId('room-connection').getAttribute('data-status')).toBe('offline');
      await say(visitor, 'Are you still there?');
      await composer.fill('Yes! Still here.');
      await composer.press('Enter');
      await agent.getByTestId('pending-message').filter({ hasText: 'Still here' }).waitFor();
      await agent.context().setOffline(false);
      await agent.getByTestId('visitor-message').filter({ hasText: 'still there' }).waitFor({ timeout: 20_000 });
      await agent.getByTestId('agent-message').filter({ hasText: 'Still here' }).waitFor();
      await expect.poll(() => agent.getByTestId('pending-message').count()).toBe(0);
      await expect
        .poll(() => bubbleTexts(visitor))
        .toEqual([
          'Hello, do you ship to Canada?',
          'Hi there! Yes, we ship to Canada in 3–5 days.',
          'Anything else I can help with?',
          'No, thanks a lot!',
          'Are you still there?',
          'Yes! Still here.',
        ]);
      const committed = await sql<{ seq: number; private: boolean }>(
        databaseUrl,
        'select seq, private from messages where project_id = $1 order by seq',
        [projectId],
      );
      expect(committed.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(committed.filter((m) => m.private)).toHaveLength(1);

      // Resolve from the keyboard.
      await composer.press('Escape');
      await agent.keyboard.press('?');
      await agent.getByTestId('shortcut-sheet').waitFor();
      await screenshot(agent, 'shortcut-sheet');
      await agent.keyboard.press('Escape');
      // Shortcuts are off while a dialog is open, and the sheet's <dialog> closes in an effect after
      // the Escape: an `e` sent before that is dropped.
      await expect.poll(() => agent.locator('dialog[open]').count()).toBe(0);
      await agent.keyboard.press('e');
      await toast(agent, 'Conversation resolved');
      await expect.poll(() => agent.getByTestId('conversation-status').textContent()).toBe('resolved');
      await agent.getByText('Inbox zero').waitFor();
      const conversations = await sql<{ status: string }>(
        databaseUrl,
        'select status from conversations where project_id = $1',
        [projectId],
      );
      expect(conversations).toEqual([{ status: 'resolved' }]);

      // Full-text search finds it again.
      await agent.getByPlaceholder('Search messages').fill('Canada');
      await agent.getByRole('link', { name: /ship to Canada in 3–5 days/ }).click();
      await agent.getByTestId('visitor-message').filter({ hasText: 'do you ship to Canada' }).waitFor();
      expect(projectIdOf(agent.url())).toBe(projectId);
    },
    JOURNEY_MS,
  );
});

describe('two-factor authentication', () => {
  it(
    'a user enrols with the QR code secret and signs in with a TOTP code, then with a recovery code',
    async () => {
      const page = await newPage();
      const account = newAccount('mfa', 'Theo Twofactor');
      await signUp(page, baseUrl, account, 'Secure Co');
      // The sign-up proved the password a moment ago; make that proof 11 minutes old (sudo mode lasts 10).
      await sql(
        databaseUrl,
        "update sessions set reauthenticated_at = now() - interval '11 minutes' where user_id = (select id from users where email = $1)",
        [account.email],
      );
      await page.goto(`${baseUrl}/account/security`);
      await page.getByRole('button', { name: 'Set up 2FA' }).click();
      // Enrolling needs a fresh proof: the dashboard asks for the password and carries on.
      const confirm = page.getByRole('dialog').filter({ hasText: 'Confirm it’s you' });
      await confirm.getByLabel('Password').fill('not my password');
      await confirm.getByRole('button', { name: 'Confirm' }).click();
      await confirm.getByRole('alert').filter({ hasText: 'The password is wrong' }).waitFor();
      await confirm.getByLabel('Password').fill(account.password);
      await confirm.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      await expect.poll(() => confirm.count()).toBe(0);
      const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await screenshot(page, 'account-2fa-enrolment');
      const enrolment = await freshTotp(secret);
      await page.fill('input[name=mfa-code]', enrolment.code);
      await page.getByRole('button', { name: 'Turn on 2FA' }).click();
      await page.getByTestId('recovery-codes').waitFor();
      const codes = await page.getByTestId('recovery-codes').locator('li').allTextContents();
      expect(codes).toHaveLength(10);
      await page.getByRole('button', { name: 'I saved them' }).click();
      await page.getByText('recovery codes left').waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in/);
      await signIn(page, baseUrl, account);
      await page.getByLabel('Authentication code').waitFor();
      await page.fill('input[name=code]', '000000');
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      await page.getByRole('alert').waitFor();
      await screenshot(page, 'sign-in-2fa');
      // A step after the enrolment's (a step is accepted once), whether or not 30 s have passed.
      await page.fill('input[name=code]', (await freshTotp(secret, enrolment.step)).code);
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      await page.waitForURL(/\/p\/[0-9a-f-]{36}\/inbox$/);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in/);
      await signIn(page, baseUrl, account);
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await page.fill('input[name=recoveryCode]', codes[0] ?? '');
      await page.getByRole('button', { name: 'Verify and sign in' }).click();
      await page.waitForURL(/\/p\/[0-9a-f-]{36}\/inbox$/);
      // The session survives a reload: the refresh cookie, not storage, brings it back.
      await page.reload();
      await page.getByTestId('inbox-connection').waitFor();
    },
    JOURNEY_MS,
  );
});

describe('assignment', () => {
  it(
    'a Manager turns on round-robin assignment, then assignment by reply: each new conversation finds its agent',
    async () => {
      const agent = await newPage();
      const manager = newAccount('rota', 'Ravi Rota');
      const projectId = await signUp(agent, baseUrl, manager, 'Rota Co');
      await agent.getByRole('link', { name: 'Settings', exact: true }).click();
      await agent.getByTestId('settings-nav').getByRole('link', { name: 'Members' }).click();
      const toggle = () => agent.getByRole('switch', { name: 'Assign new conversations automatically' });
      expect(await toggle().getAttribute('aria-checked')).toBe('false');
      await toggle().click();
      await toast(agent, 'New conversations are assigned to online agents in turn');
      // Saved: a fresh load reads it back, as does the database.
      await agent.reload();
      await expect.poll(() => toggle().getAttribute('aria-checked')).toBe('true');
      await toggle().scrollIntoViewIfNeeded();
      await screenshot(agent, 'settings-assignment');
      const [stored] = await sql<{ auto_assign: string }>(
        databaseUrl,
        'select auto_assign from conversation_settings where project_id = $1',
        [projectId],
      );
      expect(stored?.auto_assign).toBe('round_robin');

      // The Manager is online (the dashboard is open): a visitor's new conversation is theirs.
      await agent.getByTestId('settings-nav').getByRole('link', { name: 'Widget' }).click();
      const widgetKey = await snippetWidgetKey(agent);
      await agent.getByRole('link', { name: 'Inbox' }).click();
      await agent.getByRole('tab', { name: /Mine/ }).click();
      const visitor = await newPage({ width: 1100, height: 760 });
      await visitor.goto(demoPage(hostUrl, baseUrl, widgetKey));
      await widgetReady(visitor);
      await widget(visitor).launcher.click();
      await say(visitor, 'Who will answer me?');
      await agent.getByTestId('conversation-list').getByText('Who will answer me?').waitFor();

      // Turned off again, the next one stays unassigned.
      await agent.getByRole('link', { name: 'Settings', exact: true }).click();
      await agent.getByTestId('settings-nav').getByRole('link', { name: 'Members' }).click();
      await toggle().click();
      await toast(agent, 'New conversations stay unassigned');
      await expect.poll(() => toggle().getAttribute('aria-checked')).toBe('false');

      // By reply: a new conversation waits in Unassigned until the Manager answers it, then is theirs.
      await agent.getByRole('switch', { name: 'Assign a conversation to the agent who replies' }).click();
      await toast(agent, 'An unassigned conversation becomes yours when you reply');
      await agent.getByRole('link', { name: 'Inbox' }).click();
      await agent.getByRole('tab', { name: /Unassigned/ }).click();
      const second = await newPage({ width: 1100, height: 760 });
      await second.goto(demoPage(hostUrl, baseUrl, widgetKey));
      await widgetReady(second);
      await widget(second).launcher.click();
      await say(second, 'Is anyone on shift?');
      const waiting = agent.getByTestId('conversation-list').locator('li').filter({ hasText: 'Is anyone on shift?' });
      await waiting.locator('a').click();
      const composer = agent.getByTestId('composer-input');
      await composer.click();
      await composer.fill('Yes, I am here.');
      await composer.press('Enter');
      await agent.getByRole('tab', { name: /Mine/ }).click();
      await agent.getByTestId('conversation-list').locator('li').filter({ hasText: 'Yes, I am here.' }).waitFor();
      const [held] = await sql<{ mine: boolean }>(
        databaseUrl,
        `select c.assignee_id = u.id as mine from conversations c join messages m on m.conversation_id = c.id
           join users u on u.email = $2
         where c.project_id = $1 and m.body = 'Is anyone on shift?'`,
        [projectId, manager.email],
      );
      expect(held?.mine).toBe(true);
    },
    JOURNEY_MS,
  );
});

describe('roles', () => {
  it(
    'an invited Agent works the inbox but cannot reach Manager settings',
    async () => {
      const managerPage = await newPage();
      const manager = newAccount('owner', 'Olivia Owner');
      const projectId = await signUp(managerPage, baseUrl, manager, 'Team Co');
      // A webhook endpoint that nothing listens on: its delivery log shows the attempts.
      await managerPage.goto(`${baseUrl}/p/${projectId}/settings/webhooks`);
      await managerPage.getByRole('button', { name: 'Add endpoint' }).first().click();
      await managerPage.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/parley-hook');
      await managerPage.getByLabel('Description').fill('CRM sync');
      await managerPage.getByText('member.added').click();
      await managerPage.getByRole('dialog').getByRole('button', { name: 'Add endpoint' }).click();
      expect(await managerPage.getByTestId('secret-value').textContent()).toMatch(/^whsec_/);
      await managerPage.getByRole('button', { name: 'Done' }).click();
      const agentAccount = newAccount('agent', 'Arjun Agent');
      await managerPage.goto(`${baseUrl}/p/${projectId}/settings/members`);
      await managerPage.getByRole('button', { name: 'Invite' }).first().click();
      await managerPage.getByLabel('Email').fill(agentAccount.email);
      await managerPage.getByRole('button', { name: 'Send invitation' }).click();
      await managerPage.getByTestId('invitations-list').getByText(agentAccount.email).waitFor();
      await screenshot(managerPage, 'settings-members');

      const link = await devMailLink(baseUrl, agentAccount.email, /invited/);
      const page = await newPage();
      await page.goto(link);
      await page.getByText('You are invited to join').waitFor();
      await page.getByRole('button', { name: 'Create an account' }).click();
      expect(await page.inputValue('input[name=email]')).toBe(agentAccount.email);
      await page.fill('input[name=name]', agentAccount.name);
      await page.fill('input[name=password]', agentAccount.password);
      await page.getByRole('button', { name: /Create account and join Team Co/ }).click();
      await page.waitForURL(`${baseUrl}/p/${projectId}/inbox`);
      // A project with no conversation yet: the Agent is told who installs the widget, and gets
      // no button to settings an Agent cannot open.
      await page.getByText('Once a Manager puts the chat widget on your website').waitFor();
      expect(await page.getByRole('link', { name: 'Add the widget to your site' }).count()).toBe(0);

      // The Agent's settings hold only what an Agent may see.
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.waitForURL(`${baseUrl}/p/${projectId}/settings/canned-responses`);
      await page.getByTestId('settings-nav').getByRole('link', { name: 'Canned responses' }).waitFor();
      expect(await page.getByTestId('settings-nav').getByRole('link').allTextContents()).toEqual([
        'Canned responses',
        'Labels',
        'Attributes',
      ]);
      await expect.poll(() => page.getByRole('button', { name: 'New response' }).count()).toBe(0);
      // Labels: an Agent reads them, and defines none until a Manager allows it.
      await page.goto(`${baseUrl}/p/${projectId}/settings/labels`);
      await page.getByText('No labels yet').waitFor();
      expect(await page.getByRole('button', { name: 'New label' }).count()).toBe(0);
      for (const section of ['general', 'members', 'security', 'widget', 'webhooks', 'api-tokens', 'audit-log']) {
        await page.goto(`${baseUrl}/p/${projectId}/settings/${section}`);
        await page.getByText('Only Managers can open this').waitFor();
      }
      await screenshot(page, 'agent-settings-locked');
      // And the API agrees: the Agent's own token is refused on a Manager route.
      const status = await page.evaluate(async (id) => {
        const refresh = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'x-parley-csrf': '1' } });
        const { accessToken } = (await refresh.json()) as { accessToken: string };
        const res = await fetch(`/api/projects/${id}/settings`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        return res.status;
      }, projectId);
      expect(status).toBe(403);

      // The Manager sees the new member's event go to the webhook (and fail), and the audit trail.
      await managerPage.goto(`${baseUrl}/p/${projectId}/settings/webhooks`);
      // Nothing nudges the outbox relay after a membership change yet: the cron sweep carries the
      // event to the Queue (and the consumer to the webhook). Fire it rather than wait a minute.
      const sweep = await fetch(`${baseUrl}/__scheduled?cron=*+*+*+*+*`);
      expect(sweep.status).toBe(200);
      await managerPage.getByRole('button', { name: 'Show deliveries' }).click();
      await managerPage.getByTestId('delivery-log').getByText('member.added').first().waitFor({ timeout: 30_000 });
      await screenshot(managerPage, 'settings-webhooks');
      await managerPage.goto(`${baseUrl}/p/${projectId}/settings/audit-log`);
      await managerPage.getByTestId('audit-log').getByText('Signed up').first().waitFor();
      await screenshot(managerPage, 'settings-audit-log');
    },
    JOURNEY_MS,
  );
});

describe('password reset', () => {
  it(
    'a forgotten password is reset through the link from the dev mail sink',
    async () => {
      const setup = await newPage();
      const account = newAccount('reset', 'Rita Reset');
      await signUp(setup, baseUrl, account, 'Reset Co');
      const page = await newPage();
      await page.goto(`${baseUrl}/sign-in`);
      await screenshot(page, 'sign-in');
      await page.getByRole('link', { name: 'Forgot password?' }).click();
      await page.fill('input[name=email]', account.email);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByRole('button', { name: 'Open the link in this mail →' }).click();
      await page.waitForURL(/\/reset-password#token=/);
      const fresh = `new-${crypto.randomUUID()}`;
      await page.fill('input[name=newPassword]', fresh);
      await page.fill('input[name=repeatPassword]', fresh);
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByText('Password changed').waitFor();
      await signIn(page, baseUrl, { ...account, password: fresh });
      await page.waitForURL(/\/p\/[0-9a-f-]{36}\/inbox$/);
    },
    JOURNEY_MS,
  );
});

describe('sessions', () => {
  it(
    'two tabs refreshing at the same moment take turns, and both stay signed in',
    async () => {
      const first = await newPage();
      const account = newAccount('tabs', 'Tariq Tabs');
      const projectId = await signUp(first, baseUrl, account, 'Tabs Co');
      const second = await first.context().newPage();
      // Each refresh is held until another one arrives (then both go together) or 1.5 s pass. Two
      // tabs that do not take turns both send the cookie they had, and the second one is a reuse.
      const held: (() => void)[] = [];
      await first.context().route('**/api/auth/refresh', async (route) => {
        await new Promise<void>((release) => {
          held.push(release);
          if (held.length >= 2) for (const go of held.splice(0)) go();
          else
            setTimeout(() => {
              if (held.includes(release)) held.splice(held.indexOf(release), 1);
              release();
            }, 1500);
        });
        await route.continue();
      });
      // Both tabs load at once: each restores its session through the refresh cookie.
      const inbox = `${baseUrl}/p/${projectId}/inbox`;
      await Promise.all([first.goto(inbox), second.goto(inbox)]);
      for (const page of [first, second]) {
        await page.waitForSelector('[data-testid=inbox-connection][data-status=open]');
        expect(page.url()).toBe(inbox);
      }
      const reused = await sql(
        databaseUrl,
        "select 1 from audit_events a join users u on u.id = a.actor_id where u.email = $1 and a.type = 'auth.refresh_token_reused'",
        [account.email],
      );
      expect(reused).toHaveLength(0);
    },
    JOURNEY_MS,
  );
});
