// Which database `npm run db:migrate` may migrate. The embedded one is a developer's own, so it is
// refused wherever a real one was surely meant (in CI, or for a named staging/production
// environment) and DATABASE_URL is missing: exiting 0 there would hide a migration that never ran.

export type MigrateTarget =
  | { kind: 'database-url'; env: string | undefined }
  | { kind: 'embedded' }
  | { kind: 'refuse'; reason: string };

const DEPLOYED = new Set(['staging', 'production']);

/** CI=true, CI=1, CI=anything but false/0/empty (the convention CI services follow). */
function inCi(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/** Reads `--env <name>` / `--env=<name>` from the arguments and DATABASE_URL / CI from `vars`. */
export function migrateTarget(args: readonly string[], vars: Record<string, string | undefined>): MigrateTarget {
  let env: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--env') env = args[++i] ?? '';
    else if (arg.startsWith('--env=')) env = arg.slice('--env='.length);
    else
      return {
        kind: 'refuse',
        reason: `db:migrate: unknown argument ${arg} (usage: npm run db:migrate [-- --env staging|production])`,
      };
  }
  if (env !== undefined && env !== 'local' && !DEPLOYED.has(env)) {
    return { kind: 'refuse', reason: `db:migrate: --env must be local, staging or production, got "${env}"` };
  }
  if (vars.DATABASE_URL) return { kind: 'database-url', env };
  if (env && DEPLOYED.has(env)) {
    return {
      kind: 'refuse',
      reason: `db:migrate --env ${env}: DATABASE_URL is not set, refusing to migrate a throwaway embedded database instead (set it to ${env}'s direct, non-pooled Neon URL)`,
    };
  }
  if (inCi(vars.CI)) {
    return {
      kind: 'refuse',
      reason:
        'db:migrate: DATABASE_URL is not set and CI is, refusing to migrate a throwaway embedded database instead (set DATABASE_URL)',
    };
  }
  return { kind: 'embedded' };
}
