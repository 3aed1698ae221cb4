import { expect, waitUntil } from '@open-wc/testing';
import type { SessionSnapshot } from '../domain/model.js';
import type { SnapshotListener } from '../hub/contract.js';
import { fakeConfig } from '../../test/fixtures/hub/fake-vendor.js';
import type { HubConnection, HubStatus } from './hub-connection.js';
import { createCtiSession } from './session.js';

function fakeConnection() {
  let push: SnapshotListener = () => {};
  let status: (s: HubStatus) => void = () => {};
  let detached = 0;
  const snap = (version: number) =>
    ({ key: 'fake|http://fake.invalid|alice', version, tabs: 1, connection: { status: 'connected', since: 0 } }) as unknown as SessionSnapshot;
  const connection = {
    mode: 'shared-worker',
    onStatus: (listener: (s: HubStatus) => void) => {
      status = listener;
      return () => {};
    },
    latest: () => undefined,
    attach: async (_config: unknown, listener: SnapshotListener) => {
      push = listener;
      return { key: 'fake|http://fake.invalid|alice', snapshot: snap(1), detach: () => void detached++ };
    },
    command: async (_key: string, command: { type: string }) =>
      command.type === 'dtmf' ? { ok: false, error: { code: 'unsupported', at: 1 } } : { ok: true },
  } as unknown as HubConnection;
  return { connection, push: (v: number) => push(snap(v)), pushSnapshot: (s: SessionSnapshot) => push(s), status: (s: HubStatus) => status(s), detached: () => detached };
}

/** A task later: every microtask of this one has run. */
const task = () => new Promise((r) => setTimeout(r, 0));

describe('createCtiSession', () => {
  it('delivers in a microtask, latest wins within a task: one listener call for a burst, none after dispose', async () => {
    const fake = fakeConnection();
    const session = createCtiSession(fakeConfig('alice'), { connection: Promise.resolve(fake.connection) });
    const seen: number[] = [];
    session.subscribe((s) => seen.push(s.version));
    await task();
    expect(seen).to.deep.equal([1]);
    for (let v = 2; v <= 50; v++) fake.push(v);
    expect(session.snapshot!.version).to.equal(50); // the getter is never stale
    expect(seen, 'not inside the hub message itself').to.deep.equal([1]);
    await Promise.resolve();
    expect(seen, 'the same task: before any frame or timer').to.deep.equal([1, 50]);
    fake.push(51);
    await task();
    expect(seen).to.deep.equal([1, 50, 51]);
    expect(session.hubMode).to.equal('shared-worker');
    // The page says which hub it goes through, in the snapshot's connection (cti-connection-changed carries it).
    expect(session.snapshot!.connection.hubMode).to.equal('shared-worker');
    session.dispose();
    fake.push(52);
    await task();
    expect(seen).to.deep.equal([1, 50, 51]);
    expect(fake.detached()).to.equal(1);
  });

  it('never waits for an animation frame: a page that gets none (hidden, or an iframe kept unrendered) gets every snapshot in the task it came in', async () => {
    const raf = window.requestAnimationFrame;
    let asked = 0;
    window.requestAnimationFrame = () => ++asked; // frames that never come
    try {
      const fake = fakeConnection();
      const session = createCtiSession(fakeConfig('alice'), { connection: Promise.resolve(fake.connection) });
      const seen: number[] = [];
      session.subscribe((s) => seen.push(s.version));
      await task();
      fake.push(2);
      await task();
      fake.push(3);
      await task();
      expect(seen).to.deep.equal([1, 2, 3]);
      expect(asked, 'no frame asked for').to.equal(0);
      session.dispose();
    } finally {
      window.requestAnimationFrame = raf;
    }
  });

  it("keeps the page's copy of an unchanged connection slice: the elements see the same object until the hub's changes", async () => {
    const fake = fakeConnection();
    const session = createCtiSession(fakeConfig('alice'), { connection: Promise.resolve(fake.connection) });
    await waitUntil(() => session.snapshot?.version === 1, 'the first snapshot');
    const hubConnection = { status: 'connected', since: 3 } as const; // the hub's slice, without this tab's hub mode
    const at = (version: number, connection: SessionSnapshot['connection'] = hubConnection) =>
      ({ key: 'fake|http://fake.invalid|alice', version, tabs: 1, connection, queues: [{ version }] }) as unknown as SessionSnapshot;
    fake.pushSnapshot(at(2));
    const first = session.snapshot!.connection;
    expect(first).to.deep.equal({ status: 'connected', since: 3, hubMode: 'shared-worker' });
    fake.pushSnapshot(at(3));
    expect(session.snapshot!.version).to.equal(3);
    expect(session.snapshot!.connection, 'the same hub slice: the same copy').to.equal(first);
    fake.pushSnapshot(at(4, { status: 'reconnecting', since: 4 }));
    expect(session.snapshot!.connection).to.deep.equal({ status: 'reconnecting', since: 4, hubMode: 'shared-worker' });
    fake.pushSnapshot(at(5));
    expect(session.snapshot!.connection, 'a changed slice: a new copy').to.not.equal(first);
    expect(session.snapshot!.connection).to.deep.equal(first);
    session.dispose();
  });

  it('execute resolves on ok and rejects with the CtiError otherwise', async () => {
    const fake = fakeConnection();
    const session = createCtiSession(fakeConfig('alice'), { connection: Promise.resolve(fake.connection) });
    await session.execute({ type: 'ready' });
    let error: unknown;
    try {
      await session.execute({ type: 'dtmf', callId: '1', digits: '1' });
    } catch (e) {
      error = e;
    }
    expect(error).to.deep.include({ code: 'unsupported' });
  });

  it('execute rejects with hub-unavailable when the hub cannot be reached', async () => {
    const session = createCtiSession(fakeConfig('alice'), {
      connection: Promise.reject({ code: 'hub-unavailable', at: 1 }),
    });
    let error: unknown;
    try {
      await session.execute({ type: 'ready' });
    } catch (e) {
      error = e;
    }
    expect(error).to.deep.include({ code: 'hub-unavailable' });
  });

  it('when no hub can run, the session says so: connection closed and the hub-unavailable error (never "Connecting…")', async () => {
    const refused = { code: 'hub-unavailable', at: 5, operation: 'connect', detail: 'hub frame: The request was denied.' };
    const session = createCtiSession({ vendor: 'interact', server: 'http://x.invalid', agent: '1001' }, { connection: Promise.reject(refused) });
    const seen: SessionSnapshot[] = [];
    session.subscribe((s) => seen.push(s));
    await waitUntil(() => seen.length > 0, 'the unavailable snapshot');
    expect(seen).to.have.length(1);
    expect(seen[0]!.connection.status).to.equal('closed');
    expect(seen[0]!.lastError).to.deep.equal(refused);
    expect(seen[0]!.capabilities.vendor).to.equal('interact');
    expect(session.hubMode).to.equal(undefined);
    let error: unknown;
    await session.execute({ type: 'ready' }).catch((e: unknown) => (error = e));
    expect(error).to.deep.include({ code: 'hub-unavailable' });
    session.dispose();
  });

  it('a hub that stops answering and cannot be reached again closes what is on screen, with the error', async () => {
    const fake = fakeConnection();
    const session = createCtiSession(fakeConfig('alice'), { connection: Promise.resolve(fake.connection) });
    await waitUntil(() => session.snapshot?.version === 1, 'the first snapshot');
    const error = { code: 'hub-unavailable', at: 7, operation: 'reconnect', detail: 'no answer from the hub in 4000 ms' } as const;
    fake.status({ type: 'reconnecting', reason: 'the hub stopped answering' });
    expect(session.snapshot!.connection.status, 'reconnecting to the hub is not news yet').to.equal('connected');
    fake.status({ type: 'unavailable', error });
    expect(session.snapshot!.connection).to.deep.include({ status: 'closed', since: 7 });
    expect(session.snapshot!.lastError).to.deep.equal(error);
    // The hub came back: its snapshots are live again.
    fake.push(2);
    expect(session.snapshot!.connection.status).to.equal('connected');
    session.dispose();
  });
});
