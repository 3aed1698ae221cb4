/**
 * The drop-in build's ES module entry, `dist/cti-elements.module.js`: registers the elements with Lit
 * bundled. Integrators do not load it themselves: the classic `<script src=".../cti-elements.js">`
 * (src/dropin-loader.ts) imports it from next to itself. `<script type="module">` pointing here
 * works too. The `en`/`es` catalogs are chunks it loads on demand from `chunks/`.
 *
 * The hub worker and the hub frame are found next to this module (`import.meta.url`). When it is
 * served from another origin than the page (a CDN), a SharedWorker cannot be started from its URL:
 * the hub frame (served from the module's origin) starts it and hands the page a port.
 */
import { setHubLocation } from './client/hub-connection.js';

// Not `new URL('…', import.meta.url)` literally: the bundler would resolve (and inline) that path in src/.
const here = import.meta.url;
const base = new URL('.', here);
setHubLocation({
  workerUrl: new URL('cti-hub.worker.js', base).href,
  ...(base.origin !== location.origin ? { frameUrl: new URL('hub-frame.html', base).href } : {}),
});

export * from './index.js';
