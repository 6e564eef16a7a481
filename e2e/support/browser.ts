// Launches Debian's Chromium through playwright-core, headless and quiet (no background
// networking, updates or sync). Playwright gives every launch a fresh temporary profile
// (user-data-dir) and deletes it on close; each test also gets its own context (storage, cookies).
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Let audio start without a gesture so the notification beep path actually runs.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}
