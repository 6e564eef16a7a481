// `npm run deploy:dashboard`'s plan: the API origin it builds with (https, one bare origin; http only
// for localhost rehearsals) and the `wrangler pages deploy` it runs.
import { describe, expect, it } from 'vitest';
import { parseApiOrigin, planDashboardDeploy } from './deploy-dashboard.ts';

describe('planDashboardDeploy', () => {
  it('builds dist/dashboard and uploads it to the named Pages project', () => {
    const plan = planDashboardDeploy(['--api-origin', 'https://api.example.com', '--project-name', 'acme-support'], {});
    expect(plan).toEqual({
      apiOrigin: 'https://api.example.com',
      outDir: 'dist/dashboard',
      buildOnly: false,
      wranglerArgs: ['pages', 'deploy', 'dist/dashboard', '--project-name', 'acme-support'],
    });
  });

  it('reads PARLEY_API_ORIGIN, PARLEY_PAGES_PROJECT and PARLEY_PAGES_BRANCH; defaults the project name', () => {
    expect(planDashboardDeploy([], { PARLEY_API_ORIGIN: 'https://api.example.com/' }).wranglerArgs).toEqual([
      'pages',
      'deploy',
      'dist/dashboard',
      '--project-name',
      'parley-dashboard',
    ]);
    const plan = planDashboardDeploy(['--build-only', '--out-dir', '/tmp/x'], {
      PARLEY_API_ORIGIN: 'https://api.example.com',
      PARLEY_PAGES_PROJECT: 'p',
      PARLEY_PAGES_BRANCH: 'main',
    });
    expect(plan.buildOnly).toBe(true);
    expect(plan.wranglerArgs).toEqual(['pages', 'deploy', '/tmp/x', '--project-name', 'p', '--branch', 'main']);
  });

  it('refuses a project name Pages would not take, and unknown options', () => {
    expect(() =>
      planDashboardDeploy(['--api-origin', 'https://a.example', '--project-name', 'Acme Support'], {}),
    ).toThrow('--project-name must be a Pages project name');
    expect(() => planDashboardDeploy(['--api-origin', 'https://a.example', '--dry'], {})).toThrow();
  });
});

describe('parseApiOrigin', () => {
  it.each([
    ['https://api.example.com', 'https://api.example.com'],
    ['https://API.example.com:8443/', 'https://api.example.com:8443'],
    ['http://localhost:8787', 'http://localhost:8787'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
  ])('takes %s as %s', (value, origin) => {
    expect(parseApiOrigin(value)).toBe(origin);
  });

  it.each([
    [undefined, '--api-origin (or PARLEY_API_ORIGIN) is required'],
    ['api.example.com', 'must be an origin such as'],
    ['https://api.example.com/api', 'must be an origin only'],
    ['http://api.example.com', 'must be https'],
  ])('refuses %s in one line', (value, message) => {
    expect(() => parseApiOrigin(value)).toThrow(message);
  });
});
