/**
 * The transport of both SharedWorker modes (direct and through the hub frame): comlink's wire over a MessagePort,
 * spoken by port-client.ts (the page no longer bundles comlink: issue 13 §3).
 */
import type { HubApi, HubInfo } from '../../hub/contract.js';
import type { HubTransport } from './mode.js';
import { byRef, portClient } from './port-client.js';

export function comlinkTransport(port: MessagePort, viaFrame: boolean, renewPort: () => Promise<MessagePort>, failed?: Promise<never>): HubTransport {
  let current = port;
  let remote = portClient(current);
  const method =
    <K extends keyof HubApi>(name: K) =>
    (...args: Parameters<HubApi[K]>) =>
      remote.call(name, args) as ReturnType<HubApi[K]>;
  const api: HubApi = {
    hello: method('hello'),
    attach: method('attach'),
    detach: method('detach'),
    command: method('command'),
    diagnostics: method('diagnostics'),
    goodbye: method('goodbye'),
    tabFocus: method('tabFocus'),
    ping: method('ping'),
    stats: method('stats'),
  };
  const drop = () => {
    try {
      remote.release();
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
    wrapListener: byRef,
    async renew() {
      const next = await renewPort();
      drop();
      current = next;
      remote = portClient(current);
    },
    close: drop,
  };
}

/** A worker that fails to start fires `error` (refused) or says nothing (a bad script): whichever comes first. */
export function helloOrFailure(transport: HubTransport, tabId: string) {
  return (api: HubApi, lock: string): Promise<HubInfo> =>
    transport.failed ? Promise.race([api.hello(tabId, lock), transport.failed]) : api.hello(tabId, lock);
}
