// The widget's size budget, checked in CI: the loader every host page downloads ≤ 2 KB gzip, the
// full widget ≤ 25 KB gzip, and no runtime zod in it (the widget imports protocol types only).
// Reads the build in dist/public (run `npm run size:widget`, which builds first); prints real figures.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGETS = { loader: 2 * 1024, widget: 25 * 1024 } as const;

export interface SizeReport {
  name: 'loader' | 'widget';
  file: string;
  bytes: number;
  gzip: number;
  budget: number;
  ok: boolean;
}

export const gzipSize = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;

/** The loader names the full widget's hashed file; that is the one every visitor gets. */
export function widgetPath(loader: string): string {
  const match = loader.match(/widget\/[A-Za-z0-9_-]+\.js/);
  if (!match) throw new Error('the loader does not reference a widget/<hash>.js bundle');
  return match[0];
}

export function measure(name: SizeReport['name'], file: string, code: string): SizeReport {
  const gzip = gzipSize(code);
  return { name, file, bytes: Buffer.byteLength(code), gzip, budget: BUDGETS[name], ok: gzip <= BUDGETS[name] };
}

/**
 * Chunks a bundle imports statically (`import … from "./app-….js"`): they load with it, so they
 * are part of the first load. Dynamic `import("./…")` chunks (lazy: the emoji list) are not.
 */
export function staticChunks(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w*${}\s,]+?\s*from\s*)?["'`](\.\/[\w.-]+\.js)["'`]/g)) {
    if (m[1]) found.push(m[1].slice(2));
  }
  return found;
}

/** zod's runtime leaves these names in any bundle that includes it. */
export const bundlesZod = (code: string) => /\bZodError\b|\$ZodType|zod\/v4/.test(code);

export async function checkWidgetSize(
  dir = join('dist', 'public'),
): Promise<{ reports: SizeReport[]; problems: string[] }> {
  const loader = await readFile(join(dir, 'widget.js'), 'utf8');
  const appFile = widgetPath(loader);
  let app = await readFile(join(dir, appFile), 'utf8');
  // The first load is the entry and every chunk it imports statically (a split-out shared chunk).
  const folder = appFile.slice(0, appFile.lastIndexOf('/') + 1);
  for (const chunk of staticChunks(app)) app += `\n${await readFile(join(dir, folder, chunk), 'utf8')}`;
  const reports = [measure('loader', 'widget.js', loader), measure('widget', appFile, app)];
  const problems = reports
    .filter((r) => !r.ok)
    .map((r) => `${r.name} is ${r.gzip} B gzip, over its ${r.budget} B budget`);
  for (const [file, code] of [
    ['widget.js', loader],
    [appFile, app],
  ] as const) {
    if (bundlesZod(code)) problems.push(`${file} bundles zod at run time: import protocol types with \`import type\``);
  }
  return { reports, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { reports, problems } = await checkWidgetSize();
  for (const r of reports) {
    const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(6)} ${r.file.padEnd(28)} ${kb(r.bytes).padStart(9)} raw  ${kb(r.gzip).padStart(8)} gzip  (budget ${kb(r.budget)}, ${Math.round((r.gzip / r.budget) * 100)}%)`,
    );
  }
  for (const problem of problems) console.error(`size check: ${problem}`);
  process.exit(problems.length ? 1 : 0);
}
