/**
 * The drop-in build's entry: one `<script src=".../cti-elements.js">` registers the elements.
 *
 * An IIFE has no `import.meta.url`, so the hub worker and the hub frame are found next to this
 * script, from `document.currentScript.src` captured while the script runs. When the script is
 * served from another origin than the page (a CDN), a SharedWorker cannot be started from its
 * URL: the hub frame (served from the script's origin) starts it and hands the page a port.
 */
import { setHubLocation } from './client/hub-connection.js';

const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) {
  const base = new URL('.', script.src);
  setHubLocation({
    workerUrl: new URL('cti-hub.worker.js', base).href,
    ...(base.origin !== location.origin ? { frameUrl: new URL('hub-frame.html', base).href } : {}),
  });
}

export * from './index.js';
