/**
 * The cross-origin hub frame. A page whose origin differs from the widget's origin cannot start
 * the widget's SharedWorker (SecurityError), so it embeds this hidden frame, served from the
 * widget's origin. The frame:
 *  1. accepts one `hub-connect` from its parent (exact source, allowed origin, valid shape);
 *  2. takes the tab's Web Lock `cti-tab-<tabId>` in its own storage partition, the same partition
 *     as the worker, so the hub notices when the page (and so this frame) goes away;
 *  3. starts the SharedWorker and transfers its MessagePort to the parent, with an exact targetOrigin.
 * When the browser refuses the lock or the worker (storage refused to third-party frames: Chrome Incognito,
 * Safari, Brave…), it answers `hub-error` with the browser's reason, and the page runs a hub of its own.
 *
 * Configuration, from the frame document (no inline script; CSP-friendly):
 *  - `<meta name="cti-hub-worker" content="./cti-hub.worker.js">` worker URL, relative to the frame;
 *    must be same-origin. Default `./cti-hub.worker.js`.
 *  - `<meta name="cti-allowed-origins" content="https://crm.example https://*.example">` optional
 *    allow-list of parent origins (space or comma separated; `*` prefix wildcard on the host).
 *    Absent: any parent may connect (it only ever reaches the hub of its own top-level site).
 */
import { trustedScriptUrl } from '../client/trusted-url.js';
import { FRAME_PROTOCOL_VERSION, isFrameConnect, originAllowed } from './frame-protocol.js';
import type { FrameError, FramePort } from './frame-protocol.js';

function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim() || undefined;
}

function startFrame(): void {
  if (window.parent === window) return; // not framed: nothing to do
  const allowList = meta('cti-allowed-origins');
  const workerUrl = new URL(meta('cti-hub-worker') ?? './cti-hub.worker.js', document.baseURI);
  let servedTab: string | undefined;
  let lockHeld: Promise<void> | undefined;

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window.parent) return;
    if (!originAllowed(event.origin, allowList)) return;
    const msg: unknown = event.data;
    if (!isFrameConnect(msg)) return;
    // One frame serves one tab; a repeated connect (hub restart) for the same tab gets a new port.
    if (servedTab !== undefined && servedTab !== msg.tabId) return;
    servedTab = msg.tabId;
    const parent = event.source as Window;
    const origin = event.origin;
    const reply = (m: FramePort | FrameError, transfer: Transferable[] = []) => parent.postMessage(m, origin, transfer);
    lockHeld ??= holdTabLock(msg.tabId);
    lockHeld
      .then(() => {
        if (workerUrl.origin !== location.origin) throw new Error('hub worker must be same-origin as the hub frame');
        // extendedLifetime: the hub outlives a reload of the only tab (Chromium; ignored elsewhere), as in hub-connection.ts.
        const worker = new SharedWorker(trustedScriptUrl(workerUrl), { type: 'module', name: msg.name, extendedLifetime: true } as WorkerOptions);
        // A refused worker (a third-party frame without storage) only fires `error`: say so, the page falls back.
        worker.addEventListener('error', () => {
          reply({ cti: 'hub-error', v: FRAME_PROTOCOL_VERSION, tabId: msg.tabId, detail: 'hub SharedWorker refused or failed' });
        });
        reply({ cti: 'hub-port', v: FRAME_PROTOCOL_VERSION, tabId: msg.tabId }, [worker.port]);
      })
      .catch((e: unknown) => {
        reply({ cti: 'hub-error', v: FRAME_PROTOCOL_VERSION, tabId: msg.tabId, detail: e instanceof Error ? e.message : String(e) });
      });
  });
}

/** Hold `cti-tab-<tabId>` for the frame's whole life; resolves once granted. */
function holdTabLock(tabId: string): Promise<void> {
  const locks = navigator.locks;
  if (!locks) return Promise.resolve();
  return new Promise<void>((granted, failed) => {
    locks
      .request(`cti-tab-${tabId}`, () => {
        granted();
        return new Promise<never>(() => {});
      })
      .catch(failed);
  });
}

startFrame();
