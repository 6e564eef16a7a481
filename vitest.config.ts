// Two test projects: `node` for pure logic and local tooling (colocated *.test.ts), `workers`
// for the Worker and Durable Objects running inside workerd (test/**), both against the real
// Postgres and Redis that test/global-setup.ts finds or starts.
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The Worker logs a JSON line per request (core/platform/log.ts): keep warnings and errors in
    // the test output, not the info lines (test/logs.test.ts reads them through a spy).
    onConsoleLog: (log) => !log.includes('{"level":"info",'),
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'local/**/*.test.ts',
            'scripts/**/*.test.ts',
            'worker/**/*.test.ts',
            'durable-objects/**/*.test.ts',
            'core/**/*.test.ts',
            'contract/**/*.test.ts',
            'drizzle/**/*.test.ts',
            'widget/**/*.test.ts',
            'dashboard/**/*.test.ts',
            'realtime-client/**/*.test.ts',
            'ui-shared/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          globalSetup: ['./test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                APP_ENV: 'test',
                DATABASE_URL: inject('databaseUrl'),
                PG_WS_PROXY: inject('pgWsProxy'),
                UPSTASH_REDIS_REST_URL: inject('upstashUrl'),
                UPSTASH_REDIS_REST_TOKEN: inject('upstashToken'),
                AUTH_JWT_KEYS: inject('authJwtKeys'),
                ENCRYPTION_KEYS: inject('encryptionKeys'),
                WEBHOOK_ALLOW_PRIVATE: 'true',
                WEBHOOK_RETRY_SCHEDULE: '1,1,1',
                // OAuth against the local fake provider (test/fakes/oauth-provider.ts).
                OAUTH_GITHUB_CLIENT_ID: 'gh-client-id',
                OAUTH_GITHUB_CLIENT_SECRET: inject('oauthGithubClientSecret'),
                OAUTH_GITHUB_AUTHORIZE_URL: `${inject('oauthUrl')}/github/authorize`,
                OAUTH_GITHUB_TOKEN_URL: `${inject('oauthUrl')}/github/token`,
                OAUTH_GITHUB_API_URL: `${inject('oauthUrl')}/github/api`,
                OAUTH_GOOGLE_CLIENT_ID: 'google-client-id',
                OAUTH_GOOGLE_CLIENT_SECRET: inject('oauthGoogleClientSecret'),
                OAUTH_GOOGLE_AUTHORIZE_URL: `${inject('oauthUrl')}/google/authorize`,
                OAUTH_GOOGLE_TOKEN_URL: `${inject('oauthUrl')}/google/token`,
                OAUTH_GOOGLE_USERINFO_URL: `${inject('oauthUrl')}/google/userinfo`,
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/**/*.test.ts'],
          // Teardowns run in reverse: the uncaught-exception check (it fails the run on any) reads
          // workerd's log before the services stop under the still-running runtime.
          globalSetup: ['./test/global-setup.ts', './test/workerd-faults.ts'],
          setupFiles: ['./test/setup-openapi.ts', './test/setup-faults.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
