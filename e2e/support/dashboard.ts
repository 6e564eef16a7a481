// The agents' dashboard from a test's side: signing up and in through the real screens, reading
// the dev mail sink, TOTP codes as an authenticator app computes them, and screenshots for docs/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { sql, widgetKeyOf } from './agent.ts';

export const SCREENSHOTS = join(new URL('../..', import.meta.url).pathname, 'docs', 'screenshots');

export const uniqueEmail = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@e2e.parley.local`;

export interface Account {
  name: string;
  email: string;
  password: string;
}

export const newAccount = (tag: string, name: string): Account => ({
  name,
  email: uniqueEmail(tag),
  password: `pw-${crypto.randomUUID()}`,
});

/** Signs up on /sign-up; resolves on the new project's inbox with its id. */
export async function signUp(page: Page, baseUrl: string, account: Account, projectName: string): Promise<string> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.fill('input[name=name]', account.name);
  await page.fill('input[name=email]', account.email);
  await page.fill('input[name=password]', account.password);
  await page.fill('input[name=projectName]', projectName);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/p\/[0-9a-f-]{36}\/inbox$/);
  await page.waitForSelector('[data-testid=inbox-connection][data-status=open]');
  return projectIdOf(page.url());
}

/** A project of the test's own with nobody online: the Manager signs up on `page`, the widget's
 * settings are stored as given, and the page's context closes, taking the Manager's inbox socket
 * (their presence) with it. Agents, hours or force-away left on the demo project cannot touch it. */
export async function projectWithNobodyOnline(
  page: Page,
  baseUrl: string,
  databaseUrl: string,
  manager: Account,
  projectName: string,
  widgetSettings: Record<string, unknown>,
): Promise<{ projectId: string; widgetKey: string }> {
  const projectId = await signUp(page, baseUrl, manager, projectName);
  const widgetKey = await widgetKeyOf(databaseUrl, projectId);
  await sql(databaseUrl, 'update projects set widget_settings = $2 where id = $1', [
    projectId,
    JSON.stringify(widgetSettings),
  ]);
  await page.context().close();
  return { projectId, widgetKey };
}

/** The widget key in the install snippet that Settings › Widget shows on `page` (waits for it). */
export async function snippetWidgetKey(page: Page): Promise<string> {
  const snippet = page.getByTestId('embed-snippet');
  await snippet.waitFor();
  const key = /data-widget-key="(pk_[^"]+)"/.exec((await snippet.textContent()) ?? '')?.[1];
  if (!key) throw new Error('no widget key in the embed snippet');
  return key;
}

/** The demo host page (another origin than Parley) embedding the widget of `widgetKey`. */
export const demoPage = (hostUrl: string, baseUrl: string, widgetKey: string) =>
  `${hostUrl}/dev/demo?plain=1&key=${widgetKey}&parley=${encodeURIComponent(baseUrl)}`;

export function projectIdOf(url: string): string {
  const id = /\/p\/([0-9a-f-]{36})\//.exec(url)?.[1];
  if (!id) throw new Error(`no project id in ${url}`);
  return id;
}

export async function signIn(page: Page, baseUrl: string, account: Account): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('input[name=email]', account.email);
  await page.fill('input[name=password]', account.password);
  await page.click('button[type=submit]');
}

/** The newest dev-sink mail to `to` whose subject matches, waiting for it (mail leaves after the response). */
export async function devMailLink(baseUrl: string, to: string, subject: RegExp): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${baseUrl}/dev/mail?to=${encodeURIComponent(to)}`);
    const { mails } = (await res.json()) as { mails: { subject: string; text: string }[] };
    const link = mails.find((m) => subject.test(m.subject))?.text.match(/https?:\/\/\S+/)?.[0];
    if (link) return link;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail "${subject}" to ${to}`);
}

/** The TOTP time step (30 s) of `ms`. */
const totpStep = (ms = Date.now()) => Math.floor(ms / 30_000);

/** The code an authenticator app shows during time step `step`. */
const totpCode = (secret: string, step: number) => generate({ secret, epoch: step * 30 });

/** A code the server takes now and for at least the next 30 s, from a step after `lastUsed` (the
 * server accepts a step once, only later than the last one it took, and ±1 step around its clock).
 * The current step's code stays good until the next step ends; if the current step was already
 * used, the next step's code is good from now until the step after ends. No waiting, and no 30 s
 * boundary to race: a loaded machine has 30 s, not the few seconds left in the step. */
export async function freshTotp(
  secret: string,
  lastUsed: number | null = null,
): Promise<{ code: string; step: number }> {
  const step = Math.max(totpStep(), (lastUsed ?? Number.NEGATIVE_INFINITY) + 1);
  return { code: await totpCode(secret, step), step };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // Let toasts and transitions settle so the picture shows the screen, not the motion.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Escape out of an opened conversation's composer, so the next key is a shortcut. The composer
 * takes focus in an effect, after paint: an Escape sent before that lands nowhere and the next key
 * would be typed into the composer, so this waits for it to hold focus, then to let it go. */
export async function leaveComposer(page: Page): Promise<void> {
  const composerFocused = () =>
    page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'composer-input');
  await expect.poll(composerFocused, { timeout: 15_000 }).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(composerFocused, { timeout: 15_000 }).toBe(false);
}

/** Esc leaves the composer, `l` opens the label picker, typing finds each label and Enter toggles
 * it; Escape closes the picker. An opened conversation focuses its composer in an effect, after
 * paint: an Escape sent before that lands nowhere and the `l` would be typed into the composer, so
 * this waits for the composer to hold focus and then to lose it before pressing `l`. */
export async function labelWithKeyboard(page: Page, names: string[]): Promise<void> {
  const composerFocused = () =>
    page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'composer-input');
  await expect.poll(composerFocused, { timeout: 15_000 }).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(composerFocused, { timeout: 15_000 }).toBe(false);
  await page.keyboard.press('l');
  const picker = page.getByTestId('label-picker');
  await picker.waitFor();
  const find = picker.getByRole('combobox', { name: 'Find a label' });
  await expect.poll(() => find.evaluate((el) => el === document.activeElement)).toBe(true);
  for (const name of names) {
    await find.fill(name.slice(0, 3).toLowerCase());
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.getByRole('option', { name, selected: true }).count()).toBe(1);
  }
  await page.keyboard.press('Escape');
  await picker.waitFor({ state: 'detached' });
}
