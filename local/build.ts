// Builds the static front ends (widget, dashboard) into dist/public, which wrangler serves as assets.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assetHeadersFile } from '../worker/middleware/security-headers.ts';

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Production builds even when called from a test runner (vitest sets NODE_ENV=test, which
    // would make Vite bundle React's development build).
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
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

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildFrontEnds();
}
