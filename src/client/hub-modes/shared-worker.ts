/** Mode `shared-worker`: the widget's SharedWorker, started by this page (the widget is on the page's origin). */
import { ctiError } from '../../hub/rpc.js';
import { newSharedWorker } from '../hub-script.js';
import { comlinkTransport, helloOrFailure } from './comlink-port.js';
import { errorText } from './mode.js';
import type { HubModeStarter } from './mode.js';

/**
 * Rejects with `hub-unavailable` when `worker` fires `error`: a refused SharedWorker (a third-party frame
 * without storage) says nothing else, and comlink would wait for ever.
 */
function workerFailure(worker: SharedWorker): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', () => reject(ctiError('hub-unavailable', 'connect', 'hub SharedWorker refused or failed')), { once: true });
  });
  failed.catch(() => {});
  return failed;
}

/** `required`: the mode was forced, so a browser without SharedWorker is an error rather than a skip. */
export function sharedWorkerMode(workerUrl: string | URL | undefined, required: boolean): HubModeStarter {
  return {
    label: 'SharedWorker',
    async start(ctx) {
      if (typeof SharedWorker !== 'function') {
        if (required) throw ctiError('unsupported', 'connect', 'no SharedWorker in this browser');
        return undefined;
      }
      let worker: SharedWorker;
      try {
        worker = newSharedWorker(workerUrl, ctx.name);
      } catch (e) {
        throw ctiError('hub-unavailable', 'connect', errorText(e));
      }
      const renew = async () => newSharedWorker(workerUrl, ctx.name).port;
      const transport = comlinkTransport(worker.port, false, renew, workerFailure(worker));
      return ctx.greet(transport, helloOrFailure(transport, ctx.tabId));
    },
  };
}
