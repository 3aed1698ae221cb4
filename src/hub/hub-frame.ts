/**
 * The cross-origin hub frame. A page whose origin differs from the widget's origin cannot start
 * the widget's SharedWorker (SecurityError), so it embeds this hidden frame, served from the
 * widget's origin. The frame:
 *  1. accepts one `hub-connect` from its parent (exact source, allowed origin, valid shape); a parent whose
 *     origin is not allowed gets `hub-error` at once (and nothing else: no port, no lock, no worker);
 *  2. takes the tab's Web Lock `cti-tab-<tabId>` in its own storage partition, the same partition
 *     as the worker, so the hub notices when the page (and so this frame) goes away;
 *  3. starts the SharedWorker and transfers its MessagePort to the parent, with an exact targetOrigin.
 * When the browser refuses the lock or the worker (storage refused to third-party frames: Chrome Incognito,
 * Safari, Brave…), it answers `hub-error` with the browser's reason, and the page runs a hub of its own.
 *
 * Configuration, from the frame document (no inline script; CSP-friendly):
 *  - `<meta name="cti-hub-worker" content="./cti-hub.worker.js">` worker URL, relative to the frame;
 *    must be same-origin. Default `./cti-hub.worker.js`.
 *  - `<meta name="cti-allowed-origins" content="https://crm.example https://crm2.example">` the parent
 *    origins this frame serves, exact, space or comma separated (no wildcards). CLOSED BY DEFAULT: absent
 *    or empty, the frame serves only a parent of its own origin. The deployer edits it in the served file
 *    (README "Cross-origin deployment"); the parent cannot widen it (it controls the frame's URL, not the
 *    document). Why it matters: with storage partitioning the worker is shared per SITE, so any origin of
 *    the CRM's site (another subdomain or port) embedding this frame would reach the CRM's hub; without
 *    partitioning, any site would.
 */
import { trustedScriptUrl } from '../shared/trusted-url.js';
import { FRAME_PROTOCOL_VERSION, isFrameConnect, originAllowed, parseAllowList } from './frame-protocol.js';
import type { FrameError, FramePort } from './frame-protocol.js';

function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content.trim() || undefined;
}

function startFrame(): void {
  if (window.parent === window) return; // not framed: nothing to do
  const { origins: allowList, ignored } = parseAllowList(meta('cti-allowed-origins'));
  if (ignored.length > 0) console.warn(`cti hub frame: not exact origins, ignored in cti-allowed-origins: ${ignored.join(' ')}`);
  const workerUrl = new URL(meta('cti-hub-worker') ?? './cti-hub.worker.js', document.baseURI);
  let servedTab: string | undefined;
  let lockHeld: Promise<void> | undefined;

  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window.parent) return;
    const msg: unknown = event.data;
    if (!isFrameConnect(msg)) return;
    if (!originAllowed(event.origin, allowList, location.origin)) {
      // Refused visibly, so the page falls back to a hub of its own origin at once (no wait for a timeout).
      const detail = `the hub frame does not serve ${event.origin}: it is not in the frame's cti-allowed-origins`;
      console.warn(`cti hub frame: ${detail}`);
      if (event.origin !== 'null') {
        (event.source as Window).postMessage({ cti: 'hub-error', v: FRAME_PROTOCOL_VERSION, tabId: msg.tabId, detail } satisfies FrameError, event.origin);
      }
      return;
    }
    // One frame serves one tab; a repeated connect (hub restart) for the same tab gets a new port.
    if (servedTab !== undefined && servedTab !== msg.tabId) return;
    servedTab = msg.tabId;
    const parent = event.source as Window;
    const origin = event.origin;
    const reply = (m: FramePort | FrameError, transfer: Transferable[] = []) => parent.postMessage(m, origin, transfer);
    // A parent of this origin already holds the tab's lock in this same partition (asking again would wait for ever).
    lockHeld ??= origin === location.origin ? Promise.resolve() : holdTabLock(msg.tabId);
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
