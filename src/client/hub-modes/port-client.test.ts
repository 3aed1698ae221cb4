/**
 * The page's end of the hub RPC (port-client.ts) against both ends it meets: the hub's port-rpc.ts (the SharedWorker
 * hub) and comlink's own `expose` (the wire it imitates).
 */
import { expect } from '@open-wc/testing';
import { expose, releaseProxy, type Remote } from 'comlink';
import { serveApi } from '../../hub/port-rpc.js';
import { byRef, portClient } from './port-client.js';

const ctiError = { code: 'session-denied', at: 1, operation: 'attach' };

/** A small API in the shape of the hub's: data in and out, a thrown CtiError and Error, a listener kept and called. */
function makeApi(comlink = false) {
  const state: { listener?: (...args: unknown[]) => unknown } = {};
  const api = {
    echo: (a: unknown, b: unknown) => ({ a, b }),
    refuse: () => {
      throw ctiError;
    },
    crash: () => {
      throw new RangeError('out of range');
    },
    keep: (listener: (...args: unknown[]) => unknown) => {
      state.listener = listener;
      return 'kept';
    },
    callBack: async (...args: unknown[]) => state.listener!(...args),
    releaseIt: async () => {
      if (comlink) await (state.listener as unknown as Remote<unknown>)[releaseProxy]();
      else (state.listener as unknown as { release(): void }).release();
    },
  };
  return { api, state };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

for (const server of ['port-rpc.ts (the hub)', "comlink's expose"] as const) {
  describe(`port-client against ${server}`, () => {
    let client: ReturnType<typeof portClient>;
    let hub: ReturnType<typeof makeApi>;
    beforeEach(() => {
      const { port1, port2 } = new MessageChannel();
      hub = makeApi(server === "comlink's expose");
      if (server === "comlink's expose") expose(hub.api, port2);
      else serveApi(hub.api, new Set(Object.keys(hub.api)), port2);
      client = portClient(port1);
    });

    it('calls a method with structured data and resolves with its answer', async () => {
      expect(await client.call('echo', [{ n: 1, list: [1, 2] }, 'x'])).to.deep.equal({ a: { n: 1, list: [1, 2] }, b: 'x' });
    });

    it('rejects with a thrown CtiError as it is, and with an Error as an Error', async () => {
      const refused = await client.call('refuse', []).catch((e: unknown) => e);
      expect(refused).to.deep.equal(ctiError);
      expect(refused).not.to.be.instanceOf(Error);
      const crashed = await client.call('crash', []).catch((e: unknown) => e);
      expect(crashed).to.be.instanceOf(Error);
      expect((crashed as Error).message).to.equal('out of range');
    });

    it('passes a listener by reference: the hub calls it, gets its answer or its throw, and releases it', async () => {
      const seen: unknown[][] = [];
      const listener = byRef((...args: unknown[]) => {
        seen.push(args);
        if (args[0] === 'boom') throw new Error('listener failed');
        return args.length;
      });
      expect(await client.call('keep', [listener])).to.equal('kept');
      expect(await client.call('callBack', [{ version: 2 }, 'patch'])).to.equal(2);
      expect(seen).to.deep.equal([[{ version: 2 }, 'patch']]);
      const failed = await client.call('callBack', ['boom']).catch((e: unknown) => e);
      expect((failed as Error).message).to.equal('listener failed');
      await client.call('releaseIt', []);
      await tick();
      // Released: the listener's port is closed, a later call reaches nothing.
      void client.call('callBack', ['after']).catch(() => undefined);
      await tick();
      expect(seen.map((a) => a[0])).to.deep.equal([{ version: 2 }, 'boom']);
    });

    it('a function not marked byRef is not sent (it cannot be cloned): the call rejects', async () => {
      const error = await client.call('keep', [() => 1]).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(DOMException);
    });
  });
}

describe('port-client release', () => {
  it('tells the hub it lets go: port-rpc stops serving the port', async () => {
    const { port1, port2 } = new MessageChannel();
    const { api } = makeApi();
    serveApi(api, new Set(['echo']), port2);
    const client = portClient(port1);
    expect(await client.call('echo', [1, 2])).to.deep.equal({ a: 1, b: 2 });
    client.release();
    await tick();
    let answered = false;
    void client.call('echo', [3, 4]).then(() => (answered = true));
    await tick(50);
    expect(answered).to.equal(false);
  });
});
