// axe-core in a Playwright page: injects node_modules/axe-core/axe.min.js (pages need a context
// with bypassCSP, since the dashboard's and the demo page's CSP allow no inline script), runs it
// over the whole document — axe walks open shadow roots, so the widget inside <parley-widget> is
// checked too — and turns serious and critical violations into a report a person can act on.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, NodeResult, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: Promise<string> | undefined;

/** The impacts that fail the check. */
export const BLOCKING: readonly string[] = ['serious', 'critical'];

/** WCAG 2.1 A/AA plus axe's best practices (landmarks, headings, regions). */
const OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  resultTypes: ['violations'],
};

export async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => 'axe' in window)) return;
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: await source });
}

/** Waits for the page's running CSS transitions and animations that end (the document's and its
 * open shadow roots') to end, so axe reads the colours a screen settles on rather than a frame of a
 * fade; endless ones (a spinner, the typing dots) are left alone. A fixed sleep guessed at how long
 * that takes, which a loaded machine (a late start) can outlast. */
export async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const roots: (Document | ShadowRoot)[] = [document];
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    const ending = roots
      .flatMap((root) => root.getAnimations())
      .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY);
    await Promise.all(ending.map((a) => a.finished.catch(() => undefined)));
  });
}

/** Runs axe on the page as it is now and returns its violations (every impact). */
export async function runAxe(page: Page): Promise<Result[]> {
  await injectAxe(page);
  const results = await page.evaluate(
    (options) => (window as unknown as { axe: { run(o: object): Promise<AxeResults> } }).axe.run(options),
    OPTIONS as object,
  );
  return results.violations;
}

/** The serious and critical violations only. */
export const blocking = (violations: Result[]) => violations.filter((v) => BLOCKING.includes(v.impact ?? ''));

function describeNode(node: NodeResult): string {
  // Shadow DOM targets are arrays (host, then the selector inside it): show them as host >>> inner.
  const target = node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' ');
  const contrast = node.any.find((check) => check.id === 'color-contrast')?.data as
    | { fgColor?: string; bgColor?: string; contrastRatio?: number; fontSize?: string; expectedContrastRatio?: string }
    | undefined;
  const detail = contrast?.fgColor
    ? ` — ${contrast.fgColor} on ${contrast.bgColor} at ${contrast.fontSize}: ${contrast.contrastRatio}:1, needs ${contrast.expectedContrastRatio}`
    : '';
  return `    ${target}${detail}\n      ${node.html.slice(0, 160).replace(/\s+/g, ' ')}`;
}

/** One block per violation: impact, rule, what it means, where (at most 5 nodes), and the rule's page. */
export function formatViolations(screen: string, violations: Result[]): string {
  if (violations.length === 0) return '';
  const blocks = violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map(describeNode).join('\n');
    const more = v.nodes.length > 5 ? `\n    …and ${v.nodes.length - 5} more` : '';
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
  });
  return `${screen}:\n${blocks.join('\n')}`;
}
