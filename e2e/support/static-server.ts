// A stand-in for Cloudflare Pages in the end-to-end tests: serves a built folder on its own port
// (another origin than the Worker, the same site when both are on `localhost`), with the rules of
// its `_headers` file applied (the CSP among them) and the single-page-application fallback Pages
// uses when there is no 404.html: any path that is not a file gets index.html.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

interface HeaderRule {
  pattern: RegExp;
  set: [string, string][];
  unset: string[];
}

/** `_headers` as Pages reads it: a path pattern (`*` matches anything), then indented rules. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      const source = line.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      rules.push({ pattern: new RegExp(`^${source}$`), set: [], unset: [] });
      continue;
    }
    const rule = rules.at(-1);
    if (!rule) continue;
    if (line.startsWith('!')) rule.unset.push(line.slice(1).trim());
    else {
      const at = line.indexOf(':');
      rule.set.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

async function fileAt(root: string, path: string): Promise<string | null> {
  const file = normalize(join(root, decodeURIComponent(path)));
  if (!file.startsWith(root)) return null;
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? file : null;
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` (read on every request, so it may be built after the server starts) on 127.0.0.1. */
export async function startStaticServer(root: string, port = 0): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://pages.local').pathname;
      const file = (await fileAt(root, path)) ?? (await fileAt(root, '/index.html'));
      if (!file) {
        res.writeHead(404).end('not built yet');
        return;
      }
      const rules = parseHeadersFile(await readFile(join(root, '_headers'), 'utf8').catch(() => ''));
      for (const rule of rules.filter((r) => r.pattern.test(path))) {
        for (const name of rule.unset) res.removeHeader(name);
        for (const [name, value] of rule.set) res.setHeader(name, value);
      }
      res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.end(await readFile(file));
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    // `localhost`, not 127.0.0.1: the same site as the Worker at http://localhost:<E2E_PORT>.
    url: `http://localhost:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
