// `npm run preflight -- --env production [--secrets-file <file> | --secrets-from-env] [--config <toml>]`:
// checks one environment of wrangler.toml (bindings, vars, secrets; scripts/preflight/checks.ts)
// before a deploy. Secrets come from `wrangler secret list` unless a file or the environment is named.
// Exit 0: ready (warnings may remain); 1: a problem to fix first; 2: it could not check.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { unstable_readConfig } from 'wrangler';
import { preflight, type WorkerConfig } from './preflight/checks.ts';
import {
  environmentSecrets,
  fileSecrets,
  type SecretSource,
  SecretSourceError,
  wranglerSecrets,
} from './preflight/secrets.ts';

const DEPLOYED = ['staging', 'production'];
const USAGE =
  'usage: npm run preflight -- --env staging|production [--secrets-file <file> | --secrets-from-env] [--config wrangler.toml]';

interface Options {
  env: string;
  config: string;
  secrets: 'wrangler' | 'env' | { file: string };
}

function parseArgs(args: string[]): Options {
  const opts: Partial<Options> = { config: 'wrangler.toml', secrets: 'wrangler' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (!next) throw new SecretSourceError(`${arg} needs a value; ${USAGE}`);
      return next;
    };
    if (arg === '--env') opts.env = value();
    else if (arg === '--config') opts.config = value();
    else if (arg === '--secrets-file') opts.secrets = { file: value() };
    else if (arg === '--secrets-from-env') opts.secrets = 'env';
    else throw new SecretSourceError(`unknown argument ${arg}; ${USAGE}`);
  }
  if (!opts.env || !DEPLOYED.includes(opts.env)) throw new SecretSourceError(USAGE);
  return { env: opts.env, config: opts.config ?? 'wrangler.toml', secrets: opts.secrets ?? 'wrangler' };
}

function read(config: string, env: string | undefined): WorkerConfig {
  return unstable_readConfig({ config, env }, { hideWarnings: true });
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const local = read(opts.config, undefined);
  const target = read(opts.config, opts.env);
  const others = DEPLOYED.filter((e) => e !== opts.env).map((e) => read(opts.config, e));
  const required = target.secrets?.required ?? [];
  const source: SecretSource =
    opts.secrets === 'wrangler'
      ? wranglerSecrets(opts.env)
      : opts.secrets === 'env'
        ? environmentSecrets(process.env, required)
        : fileSecrets(opts.secrets.file);
  const secrets = await source.read();
  const f = preflight(opts.env, { local, target, others }, secrets);
  if (!existsSync(join('dist', 'public', 'index.html'))) {
    f.warnings.push('dist/public has no build yet (npm run deploy builds it first)');
  }

  console.log(`preflight ${opts.env} (${opts.config}; secrets from ${source.label})`);
  for (const p of f.problems) console.log(`  ✗ ${p}`);
  for (const w of f.warnings) console.log(`  ! ${w}`);
  console.log(`  ✓ ${f.summary}`);
  const verdict =
    f.problems.length > 0
      ? `${f.problems.length} problem(s) to fix before npm run deploy`
      : `ready to deploy (${f.warnings.length} warning(s))`;
  console.log(`preflight: ${verdict}`);
  return f.problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    console.error(`preflight: ${message}`);
    process.exitCode = 2;
  },
);
