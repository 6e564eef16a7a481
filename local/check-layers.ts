// `npm run check` step: the layer rule. The Worker (`worker/`) and the Durable Objects
// (`durable-objects/`) both depend on `core/` and `contract/`, never on each other — except the
// Worker's entry re-exporting the two DO classes. `core/` depends on neither, `contract/` on
// nothing of ours, and the browser bundles take only types from the contract (zod stays out).
// `ui-shared/` holds pure browser helpers both front ends import; it imports nothing of ours.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const layerOf = (path: string) => path.split('/')[0] ?? '';

/** Imports allowed across layers in spite of the rule: the entry exports the DO classes. */
const ENTRY_EXPORTS = new Set([
  'worker/index.ts -> durable-objects/conversation-room.ts',
  'worker/index.ts -> durable-objects/project-inbox.ts',
]);

/** What each layer must not import (by top-level folder). */
const FORBIDDEN: Record<string, readonly string[]> = {
  worker: ['durable-objects'],
  'durable-objects': ['worker'],
  core: ['worker', 'durable-objects'],
  contract: ['worker', 'durable-objects', 'core', 'drizzle'],
  /** Pure browser helpers both front ends import at run time (linkify, the emoji list): nothing of ours. */
  'ui-shared': ['worker', 'durable-objects', 'core', 'contract', 'drizzle', 'widget', 'dashboard', 'realtime-client'],
};
/** Layers shipped to browsers: they may take only types from these (their tests may take more). */
const TYPES_ONLY: Record<string, readonly string[]> = {
  widget: ['contract', 'core', 'worker', 'durable-objects'],
  'realtime-client': ['contract', 'core', 'worker', 'durable-objects'],
};

/**
 * Contract modules of plain functions, without zod, that both front ends run: how attachment
 * limits read and whether a file fits them. Browsers may import these at run time (the widget's
 * size check still fails if zod reaches its bundle; local/check-layers.test.ts keeps them plain).
 */
export const PLAIN_CONTRACT = new Set(['contract/attachment-limits.ts', 'contract/attachment-check.ts']);

/** Broken rules as one readable line each; empty when the layers hold. */
export function violations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = layerOf(e.from);
    const to = layerOf(e.to);
    if (from === to || ENTRY_EXPORTS.has(`${e.from} -> ${e.to}`)) continue;
    if (FORBIDDEN[from]?.includes(to)) out.push(`${e.from} imports ${e.to}: ${from}/ must not depend on ${to}/`);
    else if (
      !e.typeOnly &&
      !e.from.endsWith('.test.ts') &&
      !PLAIN_CONTRACT.has(e.to) &&
      TYPES_ONLY[from]?.includes(to)
    ) {
      out.push(`${e.from} imports ${e.to} at run time: ${from}/ may take only types from ${to}/`);
    }
  }
  return out;
}

const SPECIFIER =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Relative imports of one file's source, resolved to repository paths. */
export function importsOf(file: string, source: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const spec = m[3] ?? m[4];
    if (!spec) continue;
    const to = relative('.', resolve(dirname(file), spec))
      .split('\\')
      .join('/');
    edges.push({ from: file, to, typeOnly: Boolean(m[2]) });
  }
  return edges;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export function repositoryEdges(root = '.'): ImportEdge[] {
  const layers = [...Object.keys(FORBIDDEN), ...Object.keys(TYPES_ONLY)];
  return layers
    .flatMap((layer) => sourceFiles(join(root, layer)))
    .flatMap((file) => importsOf(relative(root, file), readFileSync(file, 'utf8')));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const broken = violations(repositoryEdges());
  for (const line of broken) console.error(`layers: ${line}`);
  if (broken.length > 0) process.exit(1);
  console.log('layers: worker/ and durable-objects/ meet only in core/ and contract/');
}
