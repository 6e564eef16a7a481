// One Chromium per e2e file and a fresh context per page. `browserPages()` registers the file's hooks
// (launch, close, and after a failed test a screenshot of every page it had open, to see what the
// browser saw) and returns `newPage`/`newContext`, whose contexts are closed after each test.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';

export interface Pages {
  /** A page in a context of its own; `mobile` emulates a touch phone (isMobile, hasTouch). */
  newPage(viewport?: { width: number; height: number }, options?: { mobile?: boolean }): Promise<Page>;
  newContext(options: BrowserContextOptions): Promise<BrowserContext>;
}

export function browserPages(defaultViewport = { width: 1280, height: 800 }): Pages {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-failure-'));
      let n = 0;
      for (const context of contexts)
        for (const page of context.pages())
          await page.screenshot({ path: join(dir, `page-${++n}.png`) }).catch(() => {});
      console.error(`screenshots of the failed test's pages: ${dir}`);
    }
    for (const context of contexts.splice(0)) await context.close();
  });
  const newContext = async (options: BrowserContextOptions) => {
    if (!browser) throw new Error('browserPages: the browser starts in beforeAll');
    const context = await browser.newContext(options);
    contexts.push(context);
    return context;
  };
  return {
    newContext,
    newPage: async (viewport = defaultViewport, options = {}) => {
      const mobile = options.mobile ? { isMobile: true, hasTouch: true } : {};
      const page = await (await newContext({ viewport, ...mobile })).newPage();
      page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      return page;
    },
  };
}
