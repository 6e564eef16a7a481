// The size check fails over budget or when zod sneaks into a bundle, and finds the bundle the loader names.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUDGETS, bundlesZod, checkWidgetSize, staticChunks, widgetPath } from './check-widget-size.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function build(loader: string, app: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-size-'));
  dirs.push(dir);
  await mkdir(join(dir, 'widget'));
  await writeFile(join(dir, 'widget.js'), loader);
  await writeFile(join(dir, 'widget', 'app-Xy_1.js'), app);
  return dir;
}

/** Text that gzip cannot shrink much: random bytes as base64. */
const incompressible = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64');

describe('checkWidgetSize', () => {
  it('passes small bundles and reports their gzip sizes', async () => {
    const dir = await build('import(new URL("widget/app-Xy_1.js", src))', 'export const mount = () => {};');
    const { reports, problems } = await checkWidgetSize(dir);
    expect(problems).toEqual([]);
    expect(reports.map((r) => [r.name, r.file, r.ok])).toEqual([
      ['loader', 'widget.js', true],
      ['widget', 'widget/app-Xy_1.js', true],
    ]);
    expect(reports[0]?.gzip).toBeGreaterThan(0);
  });

  it('fails a loader over 2 KB gzip', async () => {
    const dir = await build(`"widget/app-Xy_1.js";${incompressible(BUDGETS.loader)}`, 'x');
    const { problems } = await checkWidgetSize(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^loader is \d+ B gzip, over its 2048 B budget$/);
  });

  it('fails a widget over 25 KB gzip', async () => {
    const dir = await build('"widget/app-Xy_1.js"', incompressible(BUDGETS.widget));
    const { problems } = await checkWidgetSize(dir);
    expect(problems[0]).toMatch(/^widget is \d+ B gzip, over its 25600 B budget$/);
  });

  it('fails when zod is bundled', async () => {
    const dir = await build('"widget/app-Xy_1.js"', 'class ZodError extends Error {}');
    const { problems } = await checkWidgetSize(dir);
    expect(problems).toEqual(['widget/app-Xy_1.js bundles zod at run time: import protocol types with `import type`']);
    expect(bundlesZod('const x = 1')).toBe(false);
  });

  it('counts chunks the bundle imports statically as first load, not lazy ones', async () => {
    const dir = await build(
      '"widget/app-Xy_1.js"',
      'import{a as e}from"./app-Shared.js";const l=()=>import(`./app-Lazy.js`);export const mount=e;',
    );
    await writeFile(join(dir, 'widget', 'app-Shared.js'), incompressible(BUDGETS.widget));
    await writeFile(join(dir, 'widget', 'app-Lazy.js'), incompressible(BUDGETS.widget));
    const { problems } = await checkWidgetSize(dir);
    expect(problems[0]).toMatch(/^widget is \d+ B gzip, over its 25600 B budget$/);
    expect(staticChunks('import{a as e,n as t}from"./app-1.js";import"./app-2.js";import(`./app-3.js`)')).toEqual([
      'app-1.js',
      'app-2.js',
    ]);
  });

  it('needs the loader to name its bundle', () => {
    expect(() => widgetPath('no reference here')).toThrow(/does not reference/);
  });
});
