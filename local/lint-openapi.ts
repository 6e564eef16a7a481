// `npm run check` step: builds the Worker's OpenAPI document in Node from the app's route
// definitions (no server, no bindings: nothing here handles a request), writes it to
// .parley/openapi.json and lints it with `redocly lint` (rules in redocly.yaml). Type-checked with
// the Worker (worker/tsconfig.json), whose types it needs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createApp } from '../worker/app.ts';
import { openApiDocument } from '../worker/routes/openapi.ts';

// The ignore list (.redocly.lint-ignore.yaml) names this path.
const OUT = '.parley/openapi.json';

// A served document names the deployment (PUBLIC_URL); this one is only linted, so a reserved
// name stands in (redocly warns about localhost and example.com).
const document = openApiDocument(createApp(), 'https://parley.invalid');
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(document, null, 2)}\n`);
const operations = Object.values(document.paths ?? {}).reduce((n, item) => n + Object.keys(item).length, 0);
console.log(`${OUT}: ${operations} operations`);

const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
// No telemetry: checks run offline and report to no one.
const lint = spawnSync(process.execPath, [redocly, 'lint', '--format=summary', OUT], {
  stdio: 'inherit',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
});
process.exit(lint.status ?? 1);
