import { expect } from '@open-wc/testing';
import { finalizer, proxy, releaseProxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import { serveApi } from './port-rpc.js';
import type { RemoteFunction } from './port-rpc.js';

/** What a page sees of a hub served with `serveApi`: the page side is comlink itself. */
interface Api {
  echo(value: unknown): Promise<unknown>;
  fail(value: unknown): Promise<never>;
  failError(message: string): Promise<never>;
  unclonable(): Promise<unknown>;
  listen(listener: (value: unknown) => unknown): Promise<void>;
  callListener(value: unknown): Promise<unknown>;
  releaseListener(): Promise<void>;
  dispose(): Promise<void>;
}

function serve() {
  const ran: string[] = [];
  let listener: RemoteFunction | undefined;
  const api = {
    async echo(value: unknown) {
      ran.push('echo');
      return value;
    },
    async fail(value: unknown) {
      throw value;
    },
    failError(message: string) {
      throw new RangeError(message);
    },
    async unclonable() {
      return () => 1;
    },
    async listen(l: RemoteFunction) {
      listener = l;
    },
    async callListener(value: unknown) {
      return listener!(value);
    },
    async releaseListener() {
      listener!.release();
    },
    async dispose() {
      ran.push('dispose');
    },
  };
  const { port1, port2 } = new MessageChannel();
  serveApi(api, new Set(['echo', 'fail', 'failError', 'unclonable', 'listen', 'callListener', 'releaseListener']), port1);
  const remote = wrap<Api>(port2);
  return { remote, ran, close: () => (remote as unknown as Remote<Api>)[releaseProxy]() };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('port-rpc (the hub end of comlink’s wire)', () => {
  it('answers a comlink call with the return value, structured-cloned', async () => {
    const { remote, close } = serve();
    expect(await remote.echo({ a: [1, 'two'], b: null })).to.deep.equal({ a: [1, 'two'], b: null });
    close();
  });

  it('a thrown plain object (a CtiError) reaches the page as that object; a thrown Error as an Error with its name and message', async () => {
    const { remote, close } = serve();
    expect(await rejection(remote.fail({ code: 'session-denied', at: 1 }))).to.deep.equal({ code: 'session-denied', at: 1 });
    const error = await rejection(remote.failError('out of range'));
    expect(error).to.be.instanceOf(Error);
    expect(error).to.include({ message: 'out of range', name: 'RangeError' });
    close();
  });

  it('an unclonable return value is a TypeError for the page, never a call left waiting', async () => {
    const { remote, close } = serve();
    const error = await rejection(remote.unclonable());
    expect(error).to.include({ message: 'Unserializable return value' });
    close();
  });

  it('refuses, without running it, a method it does not serve, and any other kind of request', async () => {
    const { remote, ran, close } = serve();
    expect(String(await rejection(remote.dispose()))).to.include('does not serve APPLY dispose');
    expect(String(await rejection(Promise.resolve((remote as unknown as { x: { y: Promise<unknown> } }).x.y)))).to.include('does not serve GET');
    expect(ran).to.deep.equal([]);
    close();
  });

  it("calls a listener the page passed as a comlink proxy: the page's return value, or a rejection with what it threw", async () => {
    const { remote, close } = serve();
    const seen: unknown[] = [];
    await remote.listen(
      proxy((value: unknown) => {
        seen.push(value);
        if (value === 'bad') throw new Error('listener failed');
        return `got ${String(value)}`;
      }),
    );
    expect(await remote.callListener('one')).to.equal('got one');
    expect(await remote.callListener({ t: 'patch', n: 2 })).to.equal('got [object Object]');
    expect(String(await rejection(remote.callListener('bad')))).to.include('listener failed');
    expect(seen).to.deep.equal(['one', { t: 'patch', n: 2 }, 'bad']);
    close();
  });

  it('release tells the page (comlink runs the listener’s finalizer) and later calls reject at once', async () => {
    const { remote, close } = serve();
    let finalized = false;
    const listener = Object.assign(() => 'x', { [finalizer]: () => void (finalized = true) });
    await remote.listen(proxy(listener));
    await remote.releaseListener();
    for (let i = 0; i < 50 && !finalized; i++) await new Promise((r) => setTimeout(r, 10));
    expect(finalized).to.equal(true);
    expect(String(await rejection(remote.callListener('late')))).to.include('released');
    close();
  });
});
