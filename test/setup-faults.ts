// Fails the test during which workerd logged an uncaught exception (test/workerd-faults.ts keeps
// them): the test's name and the exception's stack, instead of a log line nobody reads.
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';

let seen = 0;

async function faultsSince(from: number): Promise<{ faults: string[]; next: number }> {
  const res = await fetch(`${inject('faultsUrl')}?from=${from}`);
  return res.json();
}

async function expectNoNewFaults(): Promise<void> {
  const { faults, next } = await faultsSince(seen);
  seen = next;
  expect(faults, 'workerd logged an uncaught exception during this test (or just before it)').toEqual([]);
}

beforeAll(async () => {
  seen = (await faultsSince(0)).next;
});

afterEach(expectNoNewFaults);

afterAll(async () => {
  // workerd's log reaches the runner a moment after the fact: the file's last test gets that moment.
  await new Promise((r) => setTimeout(r, 100));
  await expectNoNewFaults();
});
