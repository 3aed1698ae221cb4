/**
 * Where the hub script is, and how the page starts it. These stay in `src/client/` on purpose: the
 * `new URL('../hub/…', import.meta.url)` literals below are what the bundler recognises to emit the
 * worker chunk, and what the dev server resolves against this file.
 */
import { trustedScriptUrl } from '../shared/trusted-url.js';

// `extendedLifetime` (Chromium 148+; ignored elsewhere): the hub may outlive its last tab, so a reload
// mid-call finds the vendor connection during the hub's reload grace (README, "Reloading the page").
export function newSharedWorker(workerUrl: string | URL | undefined, name: string): SharedWorker {
  if (workerUrl !== undefined) return new SharedWorker(trustedScriptUrl(workerUrl), { type: 'module', name, extendedLifetime: true } as WorkerOptions);
  // This literal form is what the bundler recognises to emit the worker chunk: keep it as is.
  return new SharedWorker(new URL('../hub/hub.worker.ts', import.meta.url), { type: 'module', name, extendedLifetime: true } as WorkerOptions);
}

/** The same hub script as a dedicated Worker: the leader tab's hub in the fallback. */
export function newDedicatedWorker(workerUrl: string | URL | undefined, name: string): Worker {
  if (workerUrl !== undefined) return new Worker(trustedScriptUrl(workerUrl), { type: 'module', name: `${name}-leader` });
  // The same hub script as the SharedWorker: keep this literal form for the bundler too.
  return new Worker(new URL('../hub/hub.worker.ts', import.meta.url), { type: 'module', name: `${name}-leader` });
}

/** The origin the hub script is served from (`undefined` when the URL does not parse). */
export function scriptOrigin(workerUrl: string | URL | undefined): string | undefined {
  try {
    return new URL(workerUrl ?? import.meta.url, location.href).origin;
  } catch {
    return undefined;
  }
}

/** The hub frame next to the hub script. */
export function defaultFrameUrl(workerUrl: string | URL | undefined): URL {
  const rel = workerUrl !== undefined ? 'hub-frame.html' : '../hub/hub-frame.html';
  return new URL(rel, workerUrl !== undefined ? new URL(workerUrl, location.href) : import.meta.url);
}
