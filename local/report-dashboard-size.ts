// Reports the dashboard bundle's size, for CI: every file in dist/public/assets (raw and gzip),
// and what a first visit downloads (the entry script, its static imports and the stylesheet,
// as index.html references them), checked against a budget. Run `npm run size:dashboard`
// (it builds first); exits 1 when the first load is over budget.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** First-load JavaScript, gzip: React, TanStack Query, zod (the wire protocol), the inbox and conversation screens. */
export const INITIAL_JS_BUDGET = 180 * 1024;

export interface AssetSize {
  file: string;
  bytes: number;
  gzip: number;
  initial: boolean;
}

export const gzipSize = (content: string | Uint8Array) => gzipSync(content, { level: 9 }).length;

/** Files index.html loads up front: its module script, modulepreloads and stylesheets. */
export function initialAssets(indexHtml: string): string[] {
  const files = new Set<string>();
  for (const match of indexHtml.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)) {
    if (match[1]) files.add(match[1]);
  }
  return [...files];
}

export function summarise(assets: AssetSize[]) {
  const sum = (list: AssetSize[], key: 'bytes' | 'gzip') => list.reduce((n, a) => n + a[key], 0);
  const js = assets.filter((a) => a.file.endsWith('.js'));
  const initialJs = js.filter((a) => a.initial);
  const css = assets.filter((a) => a.file.endsWith('.css'));
  return {
    totalJs: { bytes: sum(js, 'bytes'), gzip: sum(js, 'gzip') },
    initialJs: { bytes: sum(initialJs, 'bytes'), gzip: sum(initialJs, 'gzip') },
    css: { bytes: sum(css, 'bytes'), gzip: sum(css, 'gzip') },
    withinBudget: sum(initialJs, 'gzip') <= INITIAL_JS_BUDGET,
  };
}

export async function measureDashboard(dir = join('dist', 'public')): Promise<AssetSize[]> {
  const index = await readFile(join(dir, 'index.html'), 'utf8');
  const initial = new Set(initialAssets(index));
  const files = (await readdir(join(dir, 'assets'))).filter((f) => f.endsWith('.js') || f.endsWith('.css')).sort();
  const assets: AssetSize[] = [];
  for (const name of files) {
    const content = await readFile(join(dir, 'assets', name));
    assets.push({
      file: `assets/${name}`,
      bytes: content.length,
      gzip: gzipSize(content),
      initial: initial.has(`assets/${name}`),
    });
  }
  return assets.sort((a, b) => b.gzip - a.gzip);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const assets = await measureDashboard();
  if (assets.length === 0) throw new Error('no dashboard build in dist/public/assets: run the build first');
  console.log(`${'file'.padEnd(44)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}`);
  for (const a of assets) {
    console.log(
      `${`${a.file}${a.initial ? ' *' : ''}`.padEnd(44)} ${kb(a.bytes).padStart(10)} ${kb(a.gzip).padStart(10)}`,
    );
  }
  const s = summarise(assets);
  console.log(`\n* loaded on first visit; the rest load with the screen that needs them`);
  console.log(`dashboard JS total     ${kb(s.totalJs.bytes).padStart(10)} raw ${kb(s.totalJs.gzip).padStart(10)} gzip`);
  console.log(
    `dashboard JS first load ${kb(s.initialJs.bytes).padStart(9)} raw ${kb(s.initialJs.gzip).padStart(10)} gzip (budget ${kb(INITIAL_JS_BUDGET)})`,
  );
  console.log(`dashboard CSS          ${kb(s.css.bytes).padStart(10)} raw ${kb(s.css.gzip).padStart(10)} gzip`);
  if (!s.withinBudget) {
    console.error(`FAIL: the dashboard's first-load JavaScript is over its ${kb(INITIAL_JS_BUDGET)} gzip budget`);
    process.exit(1);
  }
}
