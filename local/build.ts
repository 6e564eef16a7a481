// Builds the static front ends (widget, dashboard) into dist/public, which wrangler serves as assets;
// or the dashboard alone into dist/dashboard for Cloudflare Pages, talking to the API's origin.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { assetHeadersFile, pagesHeadersFile } from '../worker/middleware/security-headers.ts';

/** Where `npm run deploy:dashboard` builds the Pages dashboard. */
export const PAGES_OUT_DIR = join('dist', 'dashboard');

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    // Production builds even when called from a test runner (vitest sets NODE_ENV=test, which
    // would make Vite bundle React's development build).
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env, NODE_ENV: 'production' } });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`)),
    );
    child.on('error', reject);
  });
}

/** The security headers Workers Assets add to the files they serve (the Worker adds its own). */
export async function writeAssetHeaders(dir: string): Promise<void> {
  await writeFile(join(dir, '_headers'), assetHeadersFile());
}

export async function buildFrontEnds(): Promise<void> {
  await mkdir(join('dist', 'public'), { recursive: true });
  await writeAssetHeaders(join('dist', 'public'));
  for (const app of ['widget', 'dashboard']) {
    const config = join(app, 'vite.config.ts');
    if (existsSync(config)) {
      console.log(`parley: building ${app}…`);
      await run('vite', ['build', '--config', config, '--logLevel', 'warn']);
    }
  }
}

/**
 * The dashboard alone, for Cloudflare Pages: its API calls and sockets go to `apiOrigin` (read by
 * dashboard/src/lib/api-origin.ts), and its _headers let connect-src reach that origin (https + wss).
 */
export async function buildDashboardForPages(apiOrigin: string, outDir: string = PAGES_OUT_DIR): Promise<void> {
  const dir = resolvePath(outDir);
  console.log(`parley: building the dashboard for Pages (API ${apiOrigin}) into ${outDir}…`);
  await run(
    'vite',
    ['build', '--config', join('dashboard', 'vite.config.ts'), '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'],
    { VITE_PARLEY_API_ORIGIN: apiOrigin },
  );
  await writeFile(join(dir, '_headers'), pagesHeadersFile(apiOrigin));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildFrontEnds();
}
