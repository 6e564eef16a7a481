// `npm run deploy:dashboard`: the dashboard on Cloudflare Pages instead of the Worker's own assets.
// Builds it with the API's origin (local/build.ts), then `wrangler pages deploy`. The Worker must
// name the Pages origin in DASHBOARD_ORIGIN (docs/SETUP_AND_DEPLOYMENT.md, "Dashboard on Cloudflare Pages").
//
//   npm run deploy:dashboard -- --api-origin https://api.example.com [--project-name parley-dashboard]
//                               [--branch main] [--out-dir dist/dashboard] [--build-only]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildDashboardForPages, PAGES_OUT_DIR } from './build.ts';
import { SetupError } from './services.ts';

export interface DashboardDeployPlan {
  apiOrigin: string;
  outDir: string;
  /** Only build (a rehearsal, or for another uploader): no wrangler, no account needed. */
  buildOnly: boolean;
  /** `wrangler …` arguments of the upload. */
  wranglerArgs: string[];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The API's origin as the dashboard will call it: one bare origin, https except on this machine. */
export function parseApiOrigin(value: string | undefined): string {
  if (!value) throw new SetupError('--api-origin (or PARLEY_API_ORIGIN) is required, e.g. https://api.example.com');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SetupError(`--api-origin must be an origin such as https://api.example.com, got ${value}`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new SetupError(`--api-origin must be an origin only (no path or query), got ${value}`);
  }
  const local = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new SetupError(`--api-origin must be https (http only for localhost), got ${value}`);
  }
  return url.origin;
}

export function planDashboardDeploy(argv: string[], env: Record<string, string | undefined>): DashboardDeployPlan {
  const { values } = parseArgs({
    args: argv,
    options: {
      'api-origin': { type: 'string' },
      'project-name': { type: 'string' },
      branch: { type: 'string' },
      'out-dir': { type: 'string' },
      'build-only': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const apiOrigin = parseApiOrigin(values['api-origin'] ?? env.PARLEY_API_ORIGIN);
  const outDir = values['out-dir'] ?? PAGES_OUT_DIR;
  const projectName = values['project-name'] ?? env.PARLEY_PAGES_PROJECT ?? 'parley-dashboard';
  if (!/^[a-z0-9][a-z0-9-]{0,57}$/.test(projectName)) {
    throw new SetupError(`--project-name must be a Pages project name (a-z, 0-9, -), got ${projectName}`);
  }
  const branch = values.branch ?? env.PARLEY_PAGES_BRANCH;
  return {
    apiOrigin,
    outDir,
    buildOnly: values['build-only'] ?? false,
    wranglerArgs: ['pages', 'deploy', outDir, '--project-name', projectName, ...(branch ? ['--branch', branch] : [])],
  };
}

function wrangler(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Metrics off, as in every other script; the upload itself needs the network and an account.
    const child = spawn('wrangler', args, {
      stdio: 'inherit',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new SetupError(`wrangler pages deploy exited with ${code}`)),
    );
    child.on('error', reject);
  });
}

async function main(): Promise<void> {
  const plan = planDashboardDeploy(process.argv.slice(2), process.env);
  await buildDashboardForPages(plan.apiOrigin, plan.outDir);
  if (plan.buildOnly) {
    console.log(`parley: built ${plan.outDir}; to upload: npx wrangler ${plan.wranglerArgs.join(' ')}`);
    return;
  }
  await wrangler(plan.wranglerArgs);
  console.log(`parley: deployed. The Worker must have DASHBOARD_ORIGIN set to the dashboard's origin.`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await main();
  } catch (err) {
    if (!(err instanceof SetupError || err instanceof TypeError)) throw err;
    // One line for what the operator got wrong (TypeError: parseArgs on an unknown option).
    console.error(`parley: ${err.message}`);
    process.exitCode = 1;
  }
}
