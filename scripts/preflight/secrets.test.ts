// The secret sources of the preflight: a dotenv file, the environment and `wrangler secret list`
// (through a fake runner: no network), and the CLI end to end on a file.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKeyring } from '../../local/keys.ts';
import { environmentSecrets, fileSecrets, parseDotenv, wranglerSecrets } from './secrets.ts';

const exec = promisify(execFile);
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-preflight-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseDotenv', () => {
  it('reads the forms dotenv files use', () => {
    const parsed = parseDotenv(
      [
        '# production',
        'A=plain value # a comment',
        'export B="json \\"quoted\\"\\n"',
        "C='single # not a comment'",
        'D=',
        '',
      ].join('\n'),
    );
    expect([...parsed]).toEqual([
      ['A', 'plain value'],
      ['B', 'json "quoted"\n'],
      ['C', 'single # not a comment'],
      ['D', ''],
    ]);
  });

  it('names the line that is not KEY=value', () => {
    expect(() => parseDotenv('A=1\nnot a pair')).toThrow('line 2 is not KEY=value');
  });
});

describe('secret sources', () => {
  it('a file gives names and values, without empty ones', async () => {
    const file = join(dir, 'staging.secrets');
    await writeFile(file, 'DATABASE_URL=postgres://x/y\nMAIL_API_TOKEN=\n');
    const known = await fileSecrets(file).read();
    expect([...known.names]).toEqual(['DATABASE_URL']);
    expect(known.values?.get('DATABASE_URL')).toBe('postgres://x/y');
    await expect(fileSecrets(join(dir, 'missing')).read()).rejects.toThrow(/^cannot read .*missing/);
  });

  it('the environment gives only the secrets the Worker reads', async () => {
    const known = await environmentSecrets(
      { DATABASE_URL: 'postgres://x/y', PATH: '/usr/bin', OAUTH_GITHUB_CLIENT_SECRET: 's', AUTH_JWT_KEYS: '' },
      ['DATABASE_URL', 'AUTH_JWT_KEYS'],
    ).read();
    expect([...known.names].sort()).toEqual(['DATABASE_URL', 'OAUTH_GITHUB_CLIENT_SECRET']);
  });

  it('wrangler secret list gives names only', async () => {
    const runs: string[][] = [];
    const source = wranglerSecrets('production', async (args) => {
      runs.push(args);
      return {
        code: 0,
        stdout: '[{"name":"DATABASE_URL","type":"secret_text"},{"name":"AUTH_JWT_KEYS","type":"secret_text"}]',
        stderr: '',
      };
    });
    const known = await source.read();
    expect(runs).toEqual([['secret', 'list', '--env', 'production', '--format', 'json']]);
    expect([...known.names]).toEqual(['DATABASE_URL', 'AUTH_JWT_KEYS']);
    expect(known.values).toBeUndefined();
  });

  it('a failed wrangler secret list says what to do instead, in one line', async () => {
    const source = wranglerSecrets('staging', async () => ({
      code: 1,
      stdout: '',
      stderr:
        '\u001b[31m✘ \u001b[41;31m[\u001b[41;97mERROR\u001b[41;31m]\u001b[0m \u001b[1mNot logged in.\u001b[0m\n\nmore',
    }));
    await expect(source.read()).rejects.toThrow(
      'wrangler secret list --env staging failed (Not logged in.): log in (npx wrangler login, or CLOUDFLARE_API_TOKEN), or pass --secrets-file <file> or --secrets-from-env',
    );
  });
});

describe('npm run preflight', () => {
  async function run(args: string[]) {
    return exec(process.execPath, ['scripts/preflight.ts', ...args]).then(
      (r) => ({ code: 0, ...r }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
  }

  /** wrangler.toml with production's PUBLIC_URL filled in, as a team does before its first deploy. */
  async function filledInConfig(): Promise<string> {
    const toml = await readFile('wrangler.toml', 'utf8');
    const [head, production = ''] = toml.split('[env.production.vars]');
    const file = join(dir, 'wrangler.toml');
    const filled = production.replace('PUBLIC_URL = ""', 'PUBLIC_URL = "https://support.example.com"');
    await writeFile(file, `${head}[env.production.vars]${filled}`);
    return file;
  }

  it('exits 0 for production with a complete secrets file, 1 with a problem, 2 when it cannot check', async () => {
    const config = await filledInConfig();
    const good = join(dir, 'production.secrets');
    await writeFile(
      good,
      [
        'DATABASE_URL="postgres://parley:pw@ep-calm-1-pooler.eu-central-1.aws.neon.tech/parley?sslmode=require"',
        'UPSTASH_REDIS_REST_URL=https://eu1-calm-1.upstash.io',
        'UPSTASH_REDIS_REST_TOKEN=AX-token',
        `AUTH_JWT_KEYS=${newKeyring('k1')}`,
        `ENCRYPTION_KEYS=${newKeyring('k1')}`,
        'MAIL_API_TOKEN=re_token',
        'READINESS_TOKEN=uptime-check-token-0123456789',
      ].join('\n'),
    );
    const ok = await run(['--env', 'production', '--secrets-file', good, '--config', config]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^preflight production \(.*wrangler\.toml; secrets from .*production\.secrets\)$/m);
    expect(ok.stdout).toMatch(/^preflight: ready to deploy/m);

    const bad = join(dir, 'bad.secrets');
    await writeFile(bad, 'DATABASE_URL=mysql://nope\n');
    const failed = await run(['--env', 'production', '--secrets-file', bad]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      '  ✗ secret ENCRYPTION_KEYS is not set: npx wrangler secret put ENCRYPTION_KEYS --env production',
    );
    expect(failed.stdout).toContain('  ✗ configuration: DATABASE_URL must be a postgres:// URL');

    const usage = await run(['--env', 'prod']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^preflight: usage: npm run preflight -- --env staging\|production/);
  });
});
