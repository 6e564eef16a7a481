// The build writes dist/public/_headers, through which Workers Assets give the dashboard's HTML
// and files the same CSP and protections as the Worker's own answers, and which leaves the
// widget's scripts loadable from customers' sites.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../worker/middleware/security-headers.ts';
import { writeAssetHeaders } from './build.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The file as Workers Assets read it: path lines, then indented `Name: value` or `! Name` lines. */
function parse(text: string): Map<string, { set: Map<string, string>; unset: string[] }> {
  const rules = new Map<string, { set: Map<string, string>; unset: string[] }>();
  let current: { set: Map<string, string>; unset: string[] } | undefined;
  for (const raw of text.split('\n')) {
    expect(raw.length).toBeLessThanOrEqual(2000);
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('/')) {
      current = { set: new Map(), unset: [] };
      rules.set(line, current);
    } else if (line.startsWith('!')) {
      current?.unset.push(line.slice(1).trim().toLowerCase());
    } else {
      const at = line.indexOf(':');
      current?.set.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
    }
  }
  return rules;
}

describe('the _headers file the build writes', () => {
  it("gives every asset the Worker's CSP, HSTS, Referrer-Policy, nosniff and no framing", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-build-'));
    dirs.push(dir);
    await writeAssetHeaders(dir);
    const all = parse(await readFile(join(dir, '_headers'), 'utf8')).get('/*');
    const csp = all?.set.get('content-security-policy') ?? '';
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).not.toContain('unsafe-inline');
    expect(all?.set.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(all?.set.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(all?.set.get('x-content-type-options')).toBe('nosniff');
    expect(all?.set.get('x-frame-options')).toBe('DENY');
  });

  it("takes framing, CSP and same-origin CORP off the widget's scripts", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-build-'));
    dirs.push(dir);
    await writeAssetHeaders(dir);
    const rules = parse(await readFile(join(dir, '_headers'), 'utf8'));
    for (const path of ['/widget.js', '/widget/*']) {
      const rule = rules.get(path);
      expect(rule?.unset, path).toEqual(
        expect.arrayContaining([
          'content-security-policy',
          'x-frame-options',
          'cross-origin-opener-policy',
          'cross-origin-resource-policy',
        ]),
      );
      expect(rule?.set.get('cross-origin-resource-policy'), path).toBe('cross-origin');
    }
    // Later rules win: the widget's come after the catch-all.
    expect([...rules.keys()][0]).toBe('/*');
  });
});
