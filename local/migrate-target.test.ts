// `npm run db:migrate` refuses the embedded database where a real one was meant, in one line.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrateTarget } from './migrate-target.ts';

const exec = promisify(execFile);

describe('migrateTarget', () => {
  it('migrates the embedded database on a developer machine', () => {
    expect(migrateTarget([], {})).toEqual({ kind: 'embedded' });
    expect(migrateTarget(['--env', 'local'], { CI: 'false' })).toEqual({ kind: 'embedded' });
  });

  it('migrates DATABASE_URL when it is set, whatever the environment', () => {
    const vars = { DATABASE_URL: 'postgres://u:p@db.example/parley', CI: 'true' };
    expect(migrateTarget(['--env', 'production'], vars)).toEqual({ kind: 'database-url', env: 'production' });
    expect(migrateTarget(['--env=staging'], vars)).toEqual({ kind: 'database-url', env: 'staging' });
    expect(migrateTarget([], vars)).toEqual({ kind: 'database-url', env: undefined });
  });

  it('refuses a named staging or production environment without DATABASE_URL', () => {
    for (const args of [['--env', 'production'], ['--env=staging']]) {
      const target = migrateTarget(args, {});
      expect(target.kind).toBe('refuse');
      expect(target).toMatchObject({ reason: expect.stringMatching(/DATABASE_URL is not set, refusing/) });
    }
  });

  it('refuses in CI without DATABASE_URL', () => {
    for (const CI of ['true', '1', 'yes']) {
      expect(migrateTarget([], { CI })).toMatchObject({
        kind: 'refuse',
        reason: expect.stringContaining('DATABASE_URL is not set and CI is'),
      });
    }
  });

  it('refuses an unknown environment or argument', () => {
    expect(migrateTarget(['--env', 'prod'], { DATABASE_URL: 'postgres://x/y' })).toMatchObject({ kind: 'refuse' });
    expect(migrateTarget(['--force'], {})).toMatchObject({ kind: 'refuse' });
  });
});

describe('npm run db:migrate', () => {
  it('exits 1 with one line, before starting any database, in CI without DATABASE_URL', async () => {
    const env = { ...process.env, CI: 'true', DATABASE_URL: '' };
    const run = exec(process.execPath, ['local/migrate-cli.ts', '--env', 'production'], { env });
    const error = await run.then(
      () => undefined,
      (err: unknown) => err as { code: number; stdout: string; stderr: string },
    );
    expect(error?.code).toBe(1);
    expect(error?.stdout).toBe('');
    expect(error?.stderr.trim().split('\n')).toEqual([
      "db:migrate --env production: DATABASE_URL is not set, refusing to migrate a throwaway embedded database instead (set it to production's direct, non-pooled Neon URL)",
    ]);
  });
});
