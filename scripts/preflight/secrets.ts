// Where `npm run preflight` learns an environment's secrets: Cloudflare itself (`wrangler secret
// list`, names only, needs a login), a `.dev.vars`-style file (the same file `wrangler deploy
// --secrets-file` uploads), or the process environment. Pluggable, so tests need no network.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { KnownSecrets } from './checks.ts';

export interface SecretSource {
  /** Said in the report: where the secrets were looked up. */
  label: string;
  read(): Promise<KnownSecrets>;
}

/** A secret source that could not answer; its message is one line saying what to do. */
export class SecretSourceError extends Error {}

/** Secrets the Worker reads besides wrangler.toml's `[secrets] required` (optional ones). */
export const OPTIONAL_SECRETS = ['MAIL_API_TOKEN', 'OAUTH_GITHUB_CLIENT_SECRET', 'OAUTH_GOOGLE_CLIENT_SECRET'];

/** `KEY=value` lines as dotenv writes them: `export ` allowed, "double" (JSON escapes) or 'single' quotes, # comments. */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m?.[1]) throw new SecretSourceError(`line ${i + 1} is not KEY=value`);
    const rest = m[2] ?? '';
    let value: string;
    if (rest.startsWith('"')) {
      const end = rest.lastIndexOf('"');
      try {
        value = JSON.parse(rest.slice(0, end + 1)) as string;
      } catch {
        throw new SecretSourceError(`line ${i + 1}: unterminated or malformed "quoted" value`);
      }
    } else if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      if (end < 0) throw new SecretSourceError(`line ${i + 1}: unterminated 'quoted' value`);
      value = rest.slice(1, end);
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
    }
    out.set(m[1], value);
  }
  return out;
}

export function fileSecrets(path: string): SecretSource {
  return {
    label: path,
    read: async () => {
      const text = await readFile(path, 'utf8').catch((err: unknown) => {
        throw new SecretSourceError(`cannot read ${path} (${err instanceof Error ? err.message : String(err)})`);
      });
      let values: Map<string, string>;
      try {
        values = parseDotenv(text);
      } catch (err) {
        throw new SecretSourceError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
      // An empty value is not a secret that is set.
      for (const [name, value] of values) if (!value) values.delete(name);
      return { names: new Set(values.keys()), values };
    },
  };
}

/** The named secrets (required + optional) from the environment, e.g. exported by a CI secret store. */
export function environmentSecrets(
  vars: Record<string, string | undefined>,
  required: readonly string[],
): SecretSource {
  return {
    label: 'the environment',
    read: async () => {
      const values = new Map<string, string>();
      for (const name of new Set([...required, ...OPTIONAL_SECRETS])) {
        const value = vars[name];
        if (value) values.set(name, value);
      }
      return { names: new Set(values.keys()), values };
    },
  };
}

export type RunWrangler = (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

const runWrangler: RunWrangler = (args) =>
  new Promise((resolve) => {
    execFile(
      'wrangler',
      args,
      { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, maxBuffer: 4 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr: err && !stderr ? err.message : stderr });
      },
    );
  });

/** wrangler's colours stripped (ESC [ … m), so its error reads as one plain line. */
const ESC = String.fromCharCode(27);
const plain = (text: string) =>
  text
    .split(ESC)
    .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
    .join('');

/** Names only: Cloudflare never gives a secret's value back. */
export function wranglerSecrets(env: string, run: RunWrangler = runWrangler): SecretSource {
  return {
    label: `wrangler secret list --env ${env}`,
    read: async () => {
      const { code, stdout, stderr } = await run(['secret', 'list', '--env', env, '--format', 'json']);
      const json = stdout.slice(Math.max(0, stdout.indexOf('[')));
      if (code === 0) {
        try {
          const list = JSON.parse(json) as { name?: unknown }[];
          return { names: new Set(list.flatMap((s) => (typeof s.name === 'string' ? [s.name] : []))) };
        } catch {
          // fall through to the error below
        }
      }
      const why = plain(`${stderr}\n${stdout}`)
        .split('\n')
        .map((l) => l.replace(/^[✘\s]*\[ERROR\]\s*/, '').trim())
        .find((l) => l.length > 0);
      throw new SecretSourceError(
        `wrangler secret list --env ${env} failed (${why ?? `exit ${code}`}): log in (npx wrangler login, or CLOUDFLARE_API_TOKEN), or pass --secrets-file <file> or --secrets-from-env`,
      );
    },
  };
}
