/**
 * The page's end of the tab ↔ hub RPC over a MessagePort, on comlink's wire (4.x) — the hub's end is
 * src/hub/port-rpc.ts — in a few hundred bytes instead of comlink's 1.7 kB gzip in the page's initial load (issue 13
 * §3). Only what the page does: call a named method of the hub (`APPLY` of a one-name path) and pass its update
 * listener by reference (`HANDLER proxy`: a MessagePort on which the page answers the hub's calls of it, and
 * `RELEASE`), then let go of the hub (`RELEASE`). comlink itself stays in the lazily loaded local fallback
 * (src/hub/dedicated-core.ts). Tested against comlink's `expose` and against port-rpc.ts (port-client.test.ts).
 *
 * Wire, as comlink writes it: a request `{ id, type, path, argumentList }`, values as `{ type: 'RAW', value }` or
 * `{ type: 'HANDLER', name: 'proxy' | 'throw', value }`; the answer is the wire value with the request's `id`; a
 * thrown `Error` goes as `{ isError: true, value: { message, name, stack } }`, anything else thrown (a `CtiError`)
 * as `{ isError: false, value }` and is rejected with as it is. A call waiting when the hub is gone never settles
 * (as with comlink): the connection's timeouts end it.
 */

import { isObject, requester, settle, thrown } from '../../hub/port-rpc.js';

type Wire = { readonly type: 'RAW'; readonly value: unknown } | { readonly type: 'HANDLER'; readonly name: string; readonly value: unknown };

/** Functions to pass by reference (their own port), not by value. */
const byReference = new WeakSet<object>();

/** Mark `fn` to go to the hub by reference when it is an argument (comlink's `proxy`). */
export function byRef<F extends (...args: never[]) => unknown>(fn: F): F {
  byReference.add(fn);
  return fn;
}

/** Answer the hub's calls of `fn` on `port` until it releases it. */
function serve(fn: (...args: unknown[]) => unknown, port: MessagePort): void {
  port.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data;
    if (!isObject(data)) return;
    const { id, type, argumentList } = data;
    if (type === 'RELEASE') {
      port.postMessage({ type: 'RAW', value: undefined, id });
      port.close();
      return;
    }
    if (type !== 'APPLY') return;
    const args = (Array.isArray(argumentList) ? argumentList : []).map((w: unknown) => (isObject(w) ? w.value : undefined));
    void (async () => fn(...args))()
      .then((value): Wire => ({ type: 'RAW', value }), thrown)
      .then((wire) => {
        try {
          port.postMessage({ ...wire, id });
        } catch {
          port.postMessage({ ...thrown(new TypeError('Unserializable return value')), id });
        }
      });
  });
  port.start();
}

/** An argument on the wire, with what it transfers (a function by reference: the other end of its port). */
function toWire(value: unknown): [Wire, Transferable[]] {
  if (typeof value !== 'function' || !byReference.has(value)) return [{ type: 'RAW', value }, []];
  const { port1, port2 } = new MessageChannel();
  serve(value as (...args: unknown[]) => unknown, port1);
  return [{ type: 'HANDLER', name: 'proxy', value: port2 }, [port2]];
}

export interface PortClient {
  /** Call the hub's method `name`; resolves with its answer, rejects with what it threw. */
  call(name: string, args: readonly unknown[]): Promise<unknown>;
  /** Tell the hub this page lets go of the port (it stops serving it). */
  release(): void;
}

export function portClient(port: MessagePort): PortClient {
  const { request } = requester(port);
  return {
    call: (name, args) => {
      const wires = args.map(toWire);
      return request({ type: 'APPLY', path: [name], argumentList: wires.map(([w]) => w) }, wires.flatMap(([, t]) => t)).then(settle);
    },
    release: () => void request({ type: 'RELEASE', path: [] }),
  };
}
