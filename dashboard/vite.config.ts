// Builds the agents' dashboard (React + Tailwind) into dist/public, beside the widget: index.html at
// the root (the Worker's SPA fallback serves it for every client-side route) and hashed files in
// dist/public/assets. The output folder is shared with the widget, so it is never emptied wholesale:
// only this build's own outputs (index.html, assets/) are cleared before writing. For Cloudflare
// Pages, local/build.ts passes `--outDir dist/dashboard` and VITE_PARLEY_API_ORIGIN (src/lib/api-origin.ts).
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const outDir = here('../dist/public');

/** Removes the previous dashboard build (not the widget's files) so stale hashed assets do not pile up. */
function cleanOwnOutput(): Plugin {
  // Where this build really writes: `--outDir` on the command line overrides the config's.
  let dir = outDir;
  return {
    name: 'parley-clean-dashboard-output',
    apply: 'build',
    configResolved(config) {
      dir = resolve(config.root, config.build.outDir);
    },
    async buildStart() {
      await rm(`${dir}/assets`, { recursive: true, force: true });
      await rm(`${dir}/index.html`, { force: true });
    },
  };
}

export default defineConfig({
  root: here('.'),
  publicDir: here('public'),
  plugins: [react(), tailwindcss(), cleanOwnOutput()],
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `vite --config dashboard/vite.config.ts` for hot reload against a running `npm run dev`.
    proxy: {
      '/api': 'http://127.0.0.1:8787',
      '/dev': 'http://127.0.0.1:8787',
      '/widget.js': 'http://127.0.0.1:8787',
      '/widget': 'http://127.0.0.1:8787',
      '/ws': { target: 'ws://127.0.0.1:8787', ws: true },
    },
  },
});
