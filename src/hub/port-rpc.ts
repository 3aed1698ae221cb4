/**
 * The hub's end of the tab ↔ hub RPC, on comlink's wire (4.x). Pages keep comlink (`wrap` the hub, `proxy` their
 * update listener); the worker speaks only the part of that protocol it needs, in a few hundred bytes instead of
 * comlink's 1.4 kB gzip:
 *
 * - `serveApi`: answers `APPLY` of the named methods (the `HubApi`) and `RELEASE`. Anything else a page may send
 *   (`GET`, `SET`, `CONSTRUCT`, `ENDPOINT`, another path: `dispose`, `info`, a private field) is refused with a
 *   thrown error, never run: comlink's `expose` would run any method of the hub, `dispose` included.
 * - `remoteFunction`: a listener a page passed as a comlink proxy (a MessagePort), called with `APPLY`; the
 *   promise settles with the page's answer (a rejection when the listener threw). `release()` tells the page
 *   (`RELEASE`) and closes the port.
 *
 * Wire, as comlink writes it: a request `{ id, type, path, argumentList }`, values as `{ type: 'RAW', value }` or
 * `{ type: 'HANDLER', name: 'proxy' | 'throw', value }`; the answer is the wire value with the request's `id`;
 * a thrown `Error` goes as `{ isError: true, value: { message, name, stack } }`, anything else thrown as
 * `{ isError: false, value }`. Tested against comlink itself (port-rpc.test.ts).
 */

/** What the RPC needs of a MessagePort or a dedicated worker's global scope. */
export interface RpcEndpoint {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  postMessage(message: unknown, transfer?: Transferable[]): void;
  start?(): void;
}

type WireValue = { readonly type: 'RAW'; readonly value: unknown } | { readonly type: 'HANDLER'; readonly name: string; readonly value: unknown };

/** A function on the page's side of a MessagePort. */
export interface RemoteFunction {
  (...args: unknown[]): Promise<unknown>;
  /** Tell the page the hub no longer calls it, and close the port. */
  release(): void;
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** What a thrown value goes as (the page's end, client/hub-modes/port-client.ts, answers its listener calls so too). */
export const thrown = (value: unknown): WireValue => ({
  type: 'HANDLER',
  name: 'throw',
  value: value instanceof Error ? { isError: true, value: { message: value.message, name: value.name, stack: value.stack } } : { isError: false, value },
});

/** A wire value the page sent: plain data, or a listener (a comlink proxy's port). */
function fromWire(wire: unknown): unknown {
  if (isObject(wire) && wire.type === 'RAW') return wire.value;
  if (isObject(wire) && wire.type === 'HANDLER' && wire.name === 'proxy' && wire.value instanceof MessagePort) return remoteFunction(wire.value);
  throw new TypeError('unsupported argument');
}

/** The other end's answer to a call: its return value, or a rejection with what it threw (port-client.ts too). */
export function settle(wire: Record<string, unknown>): unknown {
  if (wire.type === 'RAW') return wire.value;
  const error = wire.type === 'HANDLER' && wire.name === 'throw' && isObject(wire.value) ? wire.value : { isError: false, value: wire };
  throw error.isError && isObject(error.value) ? Object.assign(new Error(String(error.value.message)), error.value) : error.value;
}

/** Serve `methods` of `api` on `endpoint`. */
export function serveApi(api: object, methods: ReadonlySet<string>, endpoint: RpcEndpoint): void {
  const onMessage = (event: MessageEvent): void => {
    const data: unknown = event.data;
    if (!isObject(data)) return;
    const { id, type, path, argumentList } = data;
    const name = Array.isArray(path) && path.length === 1 ? path[0] : undefined;
    let answer: Promise<unknown>;
    if (type === 'RELEASE') answer = Promise.resolve();
    else if (type === 'APPLY' && typeof name === 'string' && methods.has(name)) {
      answer = (async () => (api as Record<string, (...args: unknown[]) => unknown>)[name]!(...(Array.isArray(argumentList) ? argumentList : []).map(fromWire)))();
    } else if (typeof type === 'string') answer = Promise.reject(new TypeError(`the hub does not serve ${type} ${String(path)}`));
    else return;
    void answer
      .then((value): WireValue => ({ type: 'RAW', value }), thrown)
      .then((wire) => {
        try {
          endpoint.postMessage({ ...wire, id });
        } catch {
          endpoint.postMessage({ ...thrown(new TypeError('Unserializable return value')), id });
        }
        if (type === 'RELEASE') {
          endpoint.removeEventListener('message', onMessage);
          // A port is closed; a dedicated worker's scope is not (closing it would end the worker).
          if (endpoint instanceof MessagePort) endpoint.close();
        }
      });
  };
  endpoint.addEventListener('message', onMessage);
  endpoint.start?.();
}

/**
 * Requests on `port`, each answered by the message with its `id` (the page's end, client/hub-modes/port-client.ts,
 * calls the hub so too). `forget()` drops the waiting ones: they never settle (as with comlink).
 */
export function requester(port: MessagePort): { request(message: object, transfer?: Transferable[]): Promise<Record<string, unknown>>; forget(): void } {
  const pending = new Map<number, (data: Record<string, unknown>) => void>();
  let seq = 0;
  port.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data;
    const resolve = isObject(data) && pending.get(data.id as number);
    if (!resolve) return;
    pending.delete(data.id as number);
    resolve(data);
  });
  port.start();
  return {
    request: (message, transfer = []) =>
      new Promise((resolve) => {
        const id = ++seq;
        pending.set(id, resolve);
        port.postMessage({ id, ...message }, transfer);
      }),
    forget: () => pending.clear(),
  };
}

/** The function a page exposed on `port` (a comlink proxy it passed as an argument). */
export function remoteFunction(port: MessagePort): RemoteFunction {
  const { request, forget } = requester(port);
  let released = false;
  const call = (...args: unknown[]): Promise<unknown> =>
    released ? Promise.reject(new Error('released')) : request({ type: 'APPLY', path: [], argumentList: args.map((value) => ({ type: 'RAW', value })) }).then(settle);
  return Object.assign(call, {
    release(): void {
      if (released) return;
      released = true;
      // Calls still waiting never settle (as with comlink): the page may be gone.
      forget();
      void request({ type: 'RELEASE' }).then(() => port.close());
    },
  });
}
