/**
 * Mode "frame" (reported as `shared-worker`, `viaFrame`): the widget is served from another origin than the
 * page, so a hidden hub frame from the widget's origin starts the SharedWorker and hands the page its port
 * (`hub/hub-frame.ts`, `hub/frame-protocol.ts`). The frame is removed when the mode fails or closes.
 */
import type { CtiError } from '../../domain/model.js';
import { isFrameReply } from '../../hub/frame-protocol.js';
import { ctiError } from '../../hub/rpc.js';
import { comlinkTransport, helloOrFailure } from './comlink-port.js';
import type { HubModeStarter } from './mode.js';

/** `frameUrl` is resolved when the mode starts: a URL that does not parse is this mode's failure. */
export function frameMode(frameUrl: () => URL, timeoutMs: number): HubModeStarter {
  return {
    label: 'hub frame',
    async start(ctx) {
      const frame = frameConnector(frameUrl(), ctx.name, ctx.tabId, timeoutMs);
      let port: MessagePort;
      try {
        port = await frame.requestPort();
      } catch (e) {
        frame.remove();
        throw e;
      }
      const viaPort = comlinkTransport(port, true, frame.requestPort, frame.failed);
      const transport = {
        ...viaPort,
        close: () => {
          viaPort.close();
          frame.remove();
        },
      };
      return ctx.greet(transport, helloOrFailure(transport, ctx.tabId));
    },
  };
}

/** Ask the hub frame for a port to the hub worker. Creates the frame on first use. */
function frameConnector(frameUrl: URL, name: string, tabId: string, timeoutMs: number) {
  const frameOrigin = frameUrl.origin;
  let iframe: HTMLIFrameElement | undefined;
  let loaded: Promise<void> | undefined;
  // After handing a port, the frame still reports a worker that failed to start (`hub-error`).
  let fail!: (error: CtiError) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  const onLateError = (event: MessageEvent) => {
    if (!iframe || event.source !== iframe.contentWindow || event.origin !== frameOrigin) return;
    const msg: unknown = event.data;
    if (isFrameReply(msg) && msg.tabId === tabId && msg.cti === 'hub-error') fail(ctiError('hub-unavailable', 'connect', msg.detail));
  };
  const ensureFrame = () => {
    if (!iframe) {
      const el = document.createElement('iframe');
      el.hidden = true;
      el.tabIndex = -1;
      el.title = 'cti hub';
      el.setAttribute('aria-hidden', 'true');
      // The hub frame's worker opens the vendor socket; for a softphone on this computer (NEON,
      // ws://localhost) Chromium's Local Network Access asks the frame to be delegated the
      // permission (`local-network-access` until Chrome 145, `loopback-network` / `local-network` after).
      el.allow = 'local-network-access; loopback-network; local-network';
      el.src = frameUrl.href;
      loaded = new Promise((resolve) => el.addEventListener('load', () => resolve(), { once: true }));
      (document.body ?? document.documentElement).append(el);
      iframe = el;
      window.addEventListener('message', onLateError);
    }
    return loaded!;
  };
  const requestPort = async (): Promise<MessagePort> => {
    await withDeadline(ensureFrame(), timeoutMs, 'hub frame did not load');
    const frame = iframe!;
    return new Promise<MessagePort>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        window.removeEventListener('message', onMessage);
      };
      const timer = setTimeout(() => {
        done();
        reject(ctiError('hub-unavailable', 'connect', 'the hub frame did not answer'));
      }, timeoutMs);
      const onMessage = (event: MessageEvent) => {
        if (event.source !== frame.contentWindow || event.origin !== frameOrigin) return;
        const msg: unknown = event.data;
        if (!isFrameReply(msg) || msg.tabId !== tabId) return;
        if (msg.cti === 'hub-error') {
          done();
          reject(ctiError('hub-unavailable', 'connect', msg.detail));
          return;
        }
        const port = event.ports[0];
        if (!port) return;
        done();
        resolve(port);
      };
      window.addEventListener('message', onMessage);
      frame.contentWindow?.postMessage({ cti: 'hub-connect', v: 1, tabId, name }, frameOrigin);
    });
  };
  return {
    requestPort,
    failed,
    remove: () => {
      window.removeEventListener('message', onLateError);
      iframe?.remove();
    },
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number, detail: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(ctiError('hub-unavailable', 'connect', detail)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
