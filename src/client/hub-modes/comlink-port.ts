/** The transport of both SharedWorker modes (direct and through the hub frame): comlink over a MessagePort. */
import { proxy, releaseProxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { CommandResult, HubApi, HubInfo } from '../../hub/contract.js';
import type { HubTransport } from './mode.js';

export function comlinkTransport(port: MessagePort, viaFrame: boolean, renewPort: () => Promise<MessagePort>, failed?: Promise<never>): HubTransport {
  let current = port;
  let remote = wrap<HubApi>(current);
  const api: HubApi = {
    hello: (...a) => remote.hello(...a),
    attach: (tabId, config, listener, secret) => (remote as unknown as HubApi).attach(tabId, config, listener, secret),
    detach: (...a) => remote.detach(...a),
    command: (...a) => remote.command(...a) as Promise<CommandResult>,
    diagnostics: (...a) => remote.diagnostics(...a),
    goodbye: (...a) => remote.goodbye(...a),
    tabFocus: (...a) => remote.tabFocus(...a),
    ping: () => remote.ping(),
    stats: () => remote.stats(),
  };
  const drop = () => {
    try {
      (remote as Remote<HubApi>)[releaseProxy]();
    } catch {
      /* the port is gone */
    }
    current.close();
  };
  return {
    mode: 'shared-worker',
    api,
    viaFrame,
    ...(failed ? { failed } : {}),
    wrapListener: (listener) => proxy(listener),
    async renew() {
      const next = await renewPort();
      drop();
      current = next;
      remote = wrap<HubApi>(current);
    },
    close: drop,
  };
}

/** A worker that fails to start fires `error` (refused) or says nothing (a bad script): whichever comes first. */
export function helloOrFailure(transport: HubTransport, tabId: string) {
  return (api: HubApi, lock: string): Promise<HubInfo> =>
    transport.failed ? Promise.race([api.hello(tabId, lock), transport.failed]) : api.hello(tabId, lock);
}
