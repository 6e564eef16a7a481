// The widget's size budget, checked in CI: the loader every host page downloads ≤ 2 KB gzip, the
// full widget's first load ≤ 25 KB gzip (its entry and any chunk it imports statically), and no
// runtime zod in any of it (the widget imports protocol types only). Chunks loaded with import()
// on first use (the upload code) are reported beside it, outside the first-load budget.
// Reads the build in dist/public (run `npm run size:widget`, which builds first); prints real figures.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGETS = { loader: 2 * 1024, widget: 25 * 1024, lazy: Number.POSITIVE_INFINITY } as const;

export interface SizeReport {
  name: 'loader' | 'widget' | 'lazy';
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

/** Chunks a bundle imports statically (`import … from "./x.js"`, `import "./x.js"`) and with import(). */
export function chunkImports(code: string): { staticImports: string[]; lazyImports: string[] } {
  const staticImports = [
    ...code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["'`]\.\/([\w-]+\.js)["'`]/g),
  ].map((m) => m[1] ?? '');
  const lazyImports = [...code.matchAll(/import\(\s*["'`]\.\/([\w-]+\.js)["'`]\s*\)/g)].map((m) => m[1] ?? '');
  return { staticImports: [...new Set(staticImports)], lazyImports: [...new Set(lazyImports)] };
}

/** zod's runtime leaves these names in any bundle that includes it. */
export const bundlesZod = (code: string) => /\bZodError\b|\$ZodType|zod\/v4/.test(code);

export async function checkWidgetSize(
  dir = join('dist', 'public'),
): Promise<{ reports: SizeReport[]; problems: string[] }> {
  const loader = await readFile(join(dir, 'widget.js'), 'utf8');
  const appFile = widgetPath(loader);
  const app = await readFile(join(dir, appFile), 'utf8');
  const folder = appFile.slice(0, appFile.lastIndexOf('/') + 1);
  const { staticImports, lazyImports } = chunkImports(app);
  // The first load is the entry with what it imports statically: all of it, before anything shows.
  const firstLoad = [app, ...(await Promise.all(staticImports.map((f) => readFile(join(dir, folder, f), 'utf8'))))];
  const lazy = await Promise.all(
    lazyImports.map(async (f) => [`${folder}${f}`, await readFile(join(dir, folder, f), 'utf8')] as const),
  );
  const reports = [
    measure('loader', 'widget.js', loader),
    measure('widget', [appFile, ...staticImports].join(' + '), firstLoad.join('\n')),
    ...lazy.map(([file, code]) => measure('lazy', file, code)),
  ];
  const problems = reports
    .filter((r) => !r.ok)
    .map((r) => `${r.name} is ${r.gzip} B gzip, over its ${r.budget} B budget`);
  for (const [file, code] of [['widget.js', loader] as const, [appFile, firstLoad.join('\n')] as const, ...lazy]) {
    if (bundlesZod(code)) problems.push(`${file} bundles zod at run time: import protocol types with \`import type\``);
  }
  return { reports, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { reports, problems } = await checkWidgetSize();
  for (const r of reports) {
    const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(6)} ${r.file.padEnd(28)} ${kb(r.bytes).padStart(9)} raw  ${kb(r.gzip).padStart(8)} gzip  ${r.name === 'lazy' ? '(loaded on first use)' : `(budget ${kb(r.budget)}, ${Math.round((r.gzip / r.budget) * 100)}%)`}`,
    );
  }
  for (const problem of problems) console.error(`size check: ${problem}`);
  process.exit(problems.length ? 1 : 0);
}
