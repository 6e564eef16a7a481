// Builds the widget into dist/public: the full widget (Preact) as one content-hashed ES module in
// dist/public/widget/, then the loader as a classic script at the stable dist/public/widget.js with
// the full widget's hashed path baked in. Two builds because the loader must be an IIFE (a plain
// <script async>) while the full widget is an ES module the loader import()s.
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const outDir = here('../dist/public');

const shared: InlineConfig = {
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
};

/** After the full widget is written, build the loader pointing at its hashed file. */
function buildLoader(): Plugin {
  let appFile: string | undefined;
  return {
    name: 'parley-build-loader',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.isEntry) appFile = chunk.fileName;
      }
    },
    async closeBundle() {
      if (!appFile) throw new Error('widget build produced no entry chunk');
      await build({
        ...shared,
        define: { __PARLEY_APP__: JSON.stringify(`widget/${appFile}`) },
        build: {
          outDir,
          emptyOutDir: false,
          target: 'es2020',
          minify: true,
          lib: {
            entry: here('src/loader/loader.ts'),
            formats: ['iife'],
            name: 'ParleyLoader',
            fileName: () => 'widget.js',
          },
        },
      });
    },
  };
}

export default defineConfig({
  ...shared,
  root: here('.'),
  publicDir: false,
  plugins: [buildLoader()],
  build: {
    outDir: `${outDir}/widget`,
    emptyOutDir: true,
    target: 'es2020',
    minify: true,
    modulePreload: false,
    // Library mode: Vite then leaves import() alone (no preload helper that would write <link>
    // tags into the host page's <head>); the lazy chunks are plain ES modules next to the app.
    lib: { entry: here('src/app/main.tsx'), formats: ['es'] },
    rolldownOptions: {
      preserveEntrySignatures: 'allow-extension',
      output: {
        format: 'es',
        entryFileNames: 'app-[hash].js',
        chunkFileNames: 'app-[hash].js',
        minify: true,
        comments: false,
      },
    },
  },
});
