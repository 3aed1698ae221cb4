/**
 * Vite: the demo server and the library build.
 *
 * `npm run build` runs four builds (see scripts/build.mjs), selected by `--mode`:
 * - `esm`     dist/esm/cti-elements.js     ES module for bundlers (lit, @lit/context, comlink external),
 *                                          the hub worker emitted as its own chunk, en/es catalogs as chunks.
 * - `dropin`  dist/cti-elements.module.js  the drop-in's ES module: Lit bundled; it finds the hub worker and
 *             dist/chunks/*                hub frame next to itself (import.meta.url); lazy chunks (en, es).
 * - `loader`  dist/cti-elements.js         the one classic <script> tag: imports cti-elements.module.js
 *                                          from next to itself (document.currentScript). No dependencies.
 * - `hub`     dist/cti-hub.worker.js       the SharedWorker for the drop-in build (ES module worker; the
 *             dist/hub-frame.html(+js)     XML codec is a lazy chunk) and the cross-origin hub frame.
 */
import { resolve } from 'node:path';
import { defineConfig, type UserConfig } from 'vite';
import { minifyLitCssPlugin } from './scripts/minify-lit-css.mjs';

const root = import.meta.dirname;
const external = [/^lit($|\/)/, /^@lit\//, /^comlink$/, /^fast-xml-parser$/];

/** Chunk file names that say which vendor an adapter chunk is for (`chunks/neon-adapter-<hash>.js`). */
function chunkFileName(chunk: { name: string; facadeModuleId: string | null }): string {
  const vendor = /[\\/]vendors[\\/]([a-z]+)[\\/]adapter\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
  return vendor ? `chunks/${vendor}-adapter-[hash].js` : 'chunks/[name]-[hash].js';
}

export default defineConfig(({ mode }): UserConfig => {
  const common: UserConfig = {
    base: './',
    worker: { format: 'es' },
    build: { target: 'es2022', sourcemap: true, minify: true, reportCompressedSize: false },
  };
  if (mode === 'esm') {
    return {
      ...common,
      plugins: [minifyLitCssPlugin()],
      build: {
        ...common.build,
        outDir: 'dist/esm',
        emptyOutDir: true,
        lib: { entry: resolve(root, 'src/index.ts'), formats: ['es'], fileName: () => 'cti-elements.js' },
        rolldownOptions: { external },
      },
    };
  }
  if (mode === 'dropin') {
    return {
      ...common,
      plugins: [minifyLitCssPlugin()],
      build: {
        ...common.build,
        outDir: 'dist',
        emptyOutDir: false,
        lib: { entry: resolve(root, 'src/dropin.ts'), formats: ['es'], fileName: () => 'cti-elements.module.js' },
        rolldownOptions: {
          output: {
            chunkFileNames: 'chunks/[name]-[hash].js',
            // Library mode leaves an `es` build's whitespace and /*#__PURE__*/ comments for bundlers'
            // tree shaking; this file goes to browsers as is, so minify it fully.
            minify: true,
            comments: { annotation: false },
          },
        },
      },
    };
  }
  if (mode === 'loader') {
    return {
      ...common,
      build: {
        ...common.build,
        outDir: 'dist',
        emptyOutDir: false,
        lib: { entry: resolve(root, 'src/dropin-loader.ts'), formats: ['iife'], name: 'CtiElementsLoader', fileName: () => 'cti-elements.js' },
      },
    };
  }
  if (mode === 'hub') {
    return {
      ...common,
      root: resolve(root, 'src/hub'),
      plugins: [
        {
          // The hub frame names its worker in a <meta>; point it at the built worker.
          name: 'cti-hub-frame-worker-url',
          transformIndexHtml: (html: string) => html.replace('content="./hub.worker.ts"', 'content="./cti-hub.worker.js"'),
        },
      ],
      build: {
        ...common.build,
        outDir: resolve(root, 'dist'),
        emptyOutDir: false,
        // Vite's preload helper for chunks shared by lazy chunks uses `document`, which a worker has
        // not: with it, the hub worker throws as soon as it loads an adapter that shares a chunk.
        modulePreload: false,
        rolldownOptions: {
          input: {
            'cti-hub.worker': resolve(root, 'src/hub/hub.worker.ts'),
            'hub-frame': resolve(root, 'src/hub/hub-frame.html'),
          },
          output: {
            entryFileNames: '[name].js',
            chunkFileNames: chunkFileName,
            assetFileNames: 'assets/[name]-[hash][extname]',
          },
        },
      },
    };
  }
  // Dev server (npm start serves the demo through scripts in demo/).
  return { ...common, root, server: { port: 5173, strictPort: false } };
});
