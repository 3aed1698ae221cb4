/**
 * Vite: the demo server and the library build.
 *
 * `npm run build` runs four builds (see scripts/build.mjs), selected by `--mode`:
 * - `esm`     dist/esm/cti-elements.js     ES module for bundlers (lit, @lit/context, comlink external),
 *                                          the hub worker emitted as its own chunk, en/es catalogs as chunks.
 * - `dropin`  dist/cti-elements.module.js  the drop-in's ES module: Lit bundled; it finds the hub worker and
 *             dist/chunks/core-*           hub frame next to itself (import.meta.url); all it loads at once is in
 *             dist/chunks/*                chunks/core-*; lazy chunks (en, es, the in-call parts…).
 * - `loader`  dist/cti-elements.js         the one classic <script> tag: imports cti-elements.module.js
 *                                          from next to itself (document.currentScript). No dependencies.
 * - `hub`     dist/cti-hub.worker.js       the SharedWorker for the drop-in build (ES module worker: a stub entry,
 *             dist/chunks/hub-shared-*     the hub in a chunk the adapter chunks import too; the
 *             dist/hub-frame.html(+js)     XML codec is a lazy chunk) and the cross-origin hub frame.
 */
import { resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyLitCssPlugin } from './scripts/minify-lit-css.mjs';

const root = import.meta.dirname;
const external = [/^lit($|\/)/, /^@lit\//, /^comlink$/, /^fast-xml-parser$/];

/**
 * Chunk file names of the hub build that say which vendor an adapter chunk is for (`chunks/neon-adapter-<hash>.js`),
 * and the hub's resume check apart from the drop-in's copy of it (`chunks/hub-resume-check-<hash>.js`).
 */
function chunkFileName(chunk: { name: string; facadeModuleId: string | null }): string {
  const id = chunk.facadeModuleId ?? '';
  const vendor = /[\\/]vendors[\\/]([a-z]+)[\\/]adapter\.ts$/.exec(id)?.[1];
  if (vendor) return `chunks/${vendor}-adapter-[hash].js`;
  return /[\\/]hub[\\/]resume-check\.ts$/.test(id) ? 'chunks/hub-resume-check-[hash].js' : 'chunks/[name]-[hash].js';
}

/**
 * The drop-in always names its hub worker (src/dropin.ts: `cti-hub.worker.js` next to the module, built by the `hub`
 * mode), so the `new URL('../hub/hub.worker.ts', import.meta.url)` fallbacks in src/client/hub-script.ts are dead
 * code there — but vite sees the literal and emits a second, unused copy of the worker and its adapters under
 * dist/assets/. This drops the literal from the drop-in build (a throw, never reached). The build fails if the
 * literal form changes, so the copy cannot come back unnoticed.
 */
function dropinWithoutBundledWorker(): Plugin {
  const literal = "new URL('../hub/hub.worker.ts', import.meta.url)";
  return {
    name: 'cti-dropin-without-bundled-worker',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]client[\\/]hub-script\.ts$/.test(id)) return null;
      const found = code.split(literal).length - 1;
      if (found !== 2) this.error(`expected the hub worker URL literal twice in ${id}, found ${found}: update vite.config.ts`);
      return { code: code.replaceAll(literal, "(() => { throw new Error('the drop-in names its hub worker'); })()"), map: null };
    },
  };
}

/**
 * Vite wraps every `import()` of a page build in its preload helper (`vite/preload-helper`: it adds <link> tags for
 * a lazy chunk's own imports, and on a failed import dispatches `vite:preloadError` on `window`). The hub build is
 * not a page: `modulePreload: false` leaves it nothing to preload, yet the helper stayed in the worker (0.67 kB gzip
 * of chunks/hub-shared-*), and an adapter chunk that failed to load was reported as "window is not defined" instead
 * of its own error (a worker has no `window`). The helper becomes the plain call it amounts to there.
 */
function hubWithoutPreloadHelper(): Plugin {
  const id = '\0vite/preload-helper.js';
  return {
    name: 'cti-hub-without-preload-helper',
    enforce: 'pre',
    resolveId: (source) => (source === id ? id : null),
    load: (source) => (source === id ? 'export const __vitePreload = (load) => load();' : null),
  };
}

/** What a chunking pass can ask of the module graph (rolldown's `ChunkingContext`, the part used here). */
interface ModuleGraph {
  getModuleInfo(id: string): { readonly isEntry: boolean; readonly importers: readonly string[] } | null;
}

/**
 * Whether the drop-in's entry reaches `id` through static imports only (so the page loads it before it is interactive).
 * Left to itself, the bundler gives every module that the entry shares with a lazy chunk (Lit, the styles, the pt-BR
 * catalog, comlink, small domain helpers used by the hub fallback…) a chunk of its own: the initial load was 11 files,
 * each gzipped on its own and each naming what it imports from the others. One chunk for all of them, measured at
 * a2458a9: 38,981 -> 36,199 B gzip (35,047 -> 32,531 B brotli), nothing added to the lazy chunks.
 */
function inInitialLoad(id: string, graph: ModuleGraph): boolean {
  // The entry itself stays in its own chunk: src/dropin.ts finds the hub worker next to itself (`import.meta.url`).
  if (graph.getModuleInfo(id)?.isEntry) return false;
  const seen = new Set<string>();
  const queue = [id];
  for (let m = queue.pop(); m !== undefined; m = queue.pop()) {
    if (seen.has(m)) continue;
    seen.add(m);
    const info = graph.getModuleInfo(m);
    if (info?.isEntry) return true;
    if (info) queue.push(...info.importers);
  }
  return false;
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
      plugins: [minifyLitCssPlugin(), dropinWithoutBundledWorker()],
      build: {
        ...common.build,
        outDir: 'dist',
        emptyOutDir: false,
        lib: { entry: resolve(root, 'src/dropin.ts'), formats: ['es'], fileName: () => 'cti-elements.module.js' },
        rolldownOptions: {
          output: {
            chunkFileNames: 'chunks/[name]-[hash].js',
            // Everything the page loads at once, in one chunk (chunks/core-*.js) beside the entry: see
            // `inInitialLoad`. Lazy chunks import what they share with it from there. The five vendors' capability
            // tables, which the unavailable-snapshot path and the hub fallback's adapters share, are one chunk
            // (chunks/capabilities-*.js) rather than five of 0.3 kB.
            codeSplitting: {
              groups: [
                { name: (id: string, ctx: ModuleGraph) => (inInitialLoad(id, ctx) ? 'core' : null), priority: 2 },
                { name: 'capabilities', test: /[\\/]vendors[\\/][a-z]+[\\/]capabilities\.ts$/, priority: 1 },
              ],
            },
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
        hubWithoutPreloadHelper(),
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
            // The hub itself (src/hub, src/domain, the adapter registry, vite's import() helper) is one chunk,
            // chunks/hub-shared-*.js, and the entry a stub that imports it: so no adapter chunk imports the worker
            // entry back (WebKit evaluates a module worker's entry again when its own lazy chunk imports it; the
            // guard in src/hub/worker-main.ts stays). Measured in WebKitGTK 2.50 (test/engines, "reload mid-call"):
            // with only src/domain split out, the entry and the adapters sharing that chunk, the hang-up after a
            // reload was lost in 4 runs of 5; with no split 0 of 4, with this one 0 of 3 — keep the whole hub in
            // the one chunk.
            // The connection runtime the adapters run on (connection, requests, the silence watchdog, the WebSocket
            // opener) and the backoff join the hub's chunk too: every adapter runs on the runtime since Interact's
            // move, and a hub never runs without an adapter. As a chunk of its own (chunks/runtime-*, a824fc8) it cost
            // each hub + adapter ~0.5 kB more; measured on 70401fe (gzip, hub + one adapter): Catix 29015 -> 28593 B,
            // DGPhone 27257 -> 26784, Interact 29129 -> 28651, NEON 23369 -> 22896, Tactium 25758 -> 25310; all five
            // 66258 -> 65772 (hub-shared alone 13.4 -> 15.9 kB). DGPhone's correlation by name (runtime/by-name.ts)
            // stays out: only DGPhone installs it, so it goes with that adapter (in the shared chunk it cost the other
            // four ~0.5 kB each). The relay link (relay-link-*) stays a chunk of its own: NEON and Interact do not use it.
            // Out of it: what a hub needs only after a hub died (src/hub/resume-check.ts, the comparison of a recreated
            // session with what the memory kept), a lazy chunk `HubCore` loads then (chunks/hub-resume-check-*.js, see
            // `chunkFileName`). Measured (gzip): hub-shared −108 B, hub + one adapter −79 to −115 B for every vendor; the
            // chunk is 0.5 kB. (As a group of its own it drew session-memory in and hub-shared imported it at once.)
            codeSplitting: {
              groups: [
                {
                  name: 'hub-shared',
                  test: (id) =>
                    /[\\/]src[\\/](domain|hub)[\\/]|vite[\\/]preload-helper|[\\/]vendors[\\/](registry|backoff|socket|runtime[\\/](connection|requests|silence-watch))\.ts$/.test(
                      id,
                    ) && !/hub\.worker\.ts$|hub-frame|frame-protocol|resume-check/.test(id),
                },
              ],
            },
            assetFileNames: 'assets/[name]-[hash][extname]',
          },
        },
      },
    };
  }
  // Dev server (npm start serves the demo through scripts in demo/).
  return { ...common, root, server: { port: 5173, strictPort: false } };
});
