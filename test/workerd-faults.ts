// Global setup of the workers tests: watches the run's output for uncaught exceptions workerd
// reports only as log lines (local/workerd-faults.ts) and fails the run with them. Tests ask the
// list over HTTP (test/setup-faults.ts), so a fault fails the test it happened in; teardown fails
// the run for any fault at all, also those after a file's last test. It tears down before the
// services (test/global-setup.ts) stop under the runtime, which vitest closes only after both.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { FaultLog, tapStream } from '../local/workerd-faults.ts';

export default async function setup(project: TestProject) {
  const log = new FaultLog();
  const untap = [tapStream(process.stderr, log), tapStream(process.stdout, log)];
  const server = createServer((req, res) => {
    const from = Number(new URL(req.url ?? '/', 'http://faults').searchParams.get('from') ?? 0);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ faults: log.all.slice(from), next: log.all.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('faultsUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}/faults`);

  return async () => {
    // The last test's log lines reach this process a moment after the test.
    await new Promise((r) => setTimeout(r, 200));
    for (const undo of untap) undo();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    if (log.all.length > 0) {
      throw new Error(
        `workerd reported ${log.all.length} uncaught exception(s) during the run (a Worker or Durable ` +
          `Object threw outside any request; see test/workerd-faults.ts):\n\n${log.all.join('\n\n')}`,
      );
    }
  };
}
