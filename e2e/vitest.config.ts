// End-to-end tests in real Chromium (`npm run test:e2e`): the widget built by Vite, served by
// wrangler's local runtime on port 8830 (E2E_PORT) against a fresh Postgres database (e2e/global-setup.ts),
// plus UI states driven through a small fake backend. One file at a time: one browser, 2 cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['./e2e/global-setup.ts'],
    fileParallelism: false,
    // A browser, wrangler and Postgres on a shared 2-core machine: give UI states time to settle.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
