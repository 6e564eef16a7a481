import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importsOf, PLAIN_CONTRACT, repositoryEdges, violations } from './check-layers.ts';

const edge = (from: string, to: string, typeOnly = false) => ({ from, to, typeOnly });

describe('layer check', () => {
  it('refuses a Durable Object importing Worker internals', () => {
    expect(violations([edge('durable-objects/room/x.ts', 'worker/config.ts')])).toEqual([
      'durable-objects/room/x.ts imports worker/config.ts: durable-objects/ must not depend on worker/',
    ]);
  });

  it('refuses the Worker importing Durable Object internals, even for types', () => {
    expect(violations([edge('worker/routes/a.ts', 'durable-objects/room/types.ts', true)])).toHaveLength(1);
  });

  it('lets only the entry re-export the two DO classes', () => {
    expect(
      violations([
        edge('worker/index.ts', 'durable-objects/conversation-room.ts'),
        edge('worker/index.ts', 'durable-objects/project-inbox.ts'),
      ]),
    ).toEqual([]);
    expect(violations([edge('worker/index.ts', 'durable-objects/room/state.ts')])).toHaveLength(1);
  });

  it('keeps core free of both sides and the contract free of everything of ours', () => {
    expect(violations([edge('core/a.ts', 'worker/b.ts'), edge('core/a.ts', 'durable-objects/b.ts')])).toHaveLength(2);
    expect(violations([edge('contract/a.ts', 'core/b.ts')])).toHaveLength(1);
    expect(violations([edge('worker/a.ts', 'core/b.ts'), edge('durable-objects/a.ts', 'contract/b.ts')])).toEqual([]);
  });

  it('lets the widget take only types from the contract, outside its tests', () => {
    expect(violations([edge('widget/src/a.ts', 'contract/frames.ts')])).toHaveLength(1);
    expect(violations([edge('widget/src/a.ts', 'contract/frames.ts', true)])).toEqual([]);
    expect(violations([edge('widget/src/a.test.ts', 'contract/frames.ts')])).toEqual([]);
  });

  it('lets browsers run the plain contract modules, which import no zod and nothing else of ours', () => {
    expect(violations([edge('widget/src/a.ts', 'contract/attachment-limits.ts')])).toEqual([]);
    for (const file of PLAIN_CONTRACT) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/from ['"]zod['"]/);
      for (const { to } of importsOf(file, source)) expect(PLAIN_CONTRACT.has(to), `${file} imports ${to}`).toBe(true);
    }
  });

  it('reads static, type-only, re-export and dynamic imports', () => {
    const source = [
      "import { a } from '../core/a.ts';",
      "import type { B } from './b.ts';",
      "export { C } from '../../durable-objects/c.ts';",
      "const d = await import('./d.ts');",
      "import 'zod';",
    ].join('\n');
    expect(importsOf('worker/routes/x.ts', source)).toEqual([
      edge('worker/routes/x.ts', 'worker/core/a.ts'),
      edge('worker/routes/x.ts', 'worker/routes/b.ts', true),
      edge('worker/routes/x.ts', 'durable-objects/c.ts'),
      edge('worker/routes/x.ts', 'worker/routes/d.ts'),
    ]);
  });

  it('lets both front ends use ui-shared/ at run time, and keeps it free of everything of ours', () => {
    expect(
      violations([
        edge('widget/src/app/x.tsx', 'ui-shared/linkify.ts'),
        edge('dashboard/src/x.tsx', 'ui-shared/emoji.ts'),
      ]),
    ).toEqual([]);
    expect(violations([edge('ui-shared/a.ts', 'contract/frames.ts', true)])).toHaveLength(1);
  });

  it('holds for this repository', () => {
    expect(violations(repositoryEdges())).toEqual([]);
  });
});
