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
  return { connection, push: (v: number) => push(snap(v)), status: (s: HubStatus) => status(s), detached: () => detached };
}

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

describe('createCtiSession', () => {
  it('coalesces snapshots: at most one listener call per animation frame, latest wins', async () => {
    const fake = fakeConnection();
    const session = createCtiSession(fakeConfig('alice'), { connection: Promise.resolve(fake.connection) });
    const seen: number[] = [];
    session.subscribe((s) => seen.push(s.version));
    await frame();
    await frame();
    expect(seen).to.deep.equal([1]);
    for (let v = 2; v <= 50; v++) fake.push(v);
    expect(session.snapshot!.version).to.equal(50); // the getter is never stale
    await frame();
    await frame();
    expect(seen).to.deep.equal([1, 50]);
    expect(session.hubMode).to.equal('shared-worker');
    // The page says which hub it goes through, in the snapshot's connection (cti-connection-changed carries it).
    expect(session.snapshot!.connection.hubMode).to.equal('shared-worker');
    session.dispose();
    fake.push(51);
    await frame();
    expect(seen).to.deep.equal([1, 50]);
    expect(fake.detached()).to.equal(1);
  });

  it('a hidden page (no animation frames at all) gets every snapshot at once, so host events still fire', async () => {
    const fake = fakeConnection();
    let hidden = false;
    const frames: (() => void)[] = [];
    const session = createCtiSession(fakeConfig('alice'), {
      connection: Promise.resolve(fake.connection),
      requestFrame: (cb) => frames.push(cb),
      cancelFrame: (h) => {
        frames[h - 1] = () => {};
      },
      isHidden: () => hidden,
    });
    const seen: number[] = [];
    session.subscribe((s) => seen.push(s.version));
    await Promise.resolve();
    await Promise.resolve();
    hidden = true;
    fake.push(2);
    fake.push(3);
    expect(seen, 'delivered without waiting for a frame').to.deep.equal([2, 3]);
    hidden = false;
    fake.push(4);
    expect(seen, 'visible again: back to one delivery per frame').to.deep.equal([2, 3]);
    for (const f of frames.splice(0)) f();
    expect(seen).to.deep.equal([2, 3, 4]);
    session.dispose();
  });

  it('a page that says it is visible but gets no frames (an iframe kept unrendered) still gets snapshots after the fallback', async () => {
    const fake = fakeConnection();
    const frames: (() => void)[] = [];
    const timers: (() => void)[] = [];
    let cancelled = 0;
    const session = createCtiSession(fakeConfig('alice'), {
      connection: Promise.resolve(fake.connection),
      requestFrame: (cb) => frames.push(cb),
      cancelFrame: () => void cancelled++,
      isHidden: () => false,
      setTimer: (cb) => timers.push(cb),
      clearTimer: (h) => {
        timers[(h as number) - 1] = () => {};
      },
    });
    const seen: number[] = [];
    session.subscribe((s) => seen.push(s.version));
    await Promise.resolve();
    await Promise.resolve();
    fake.push(2);
    fake.push(3);
    expect(seen, 'waiting for a frame').to.deep.equal([]);
    expect(timers.length, 'one fallback per pending delivery, not one per snapshot').to.be.at.most(2);
    // No frame ever comes: the fallback delivers the latest snapshot, once, and drops the frame.
    for (const t of timers.splice(0)) t();
    expect(seen).to.deep.equal([3]);
    expect(cancelled, 'the frame that never came is cancelled').to.be.greaterThan(0);
    // When the frame does come first, the fallback is cleared: one delivery, not two.
    fake.push(4);
    for (const f of frames.splice(0)) f();
    expect(seen).to.deep.equal([3, 4]);
    for (const t of timers.splice(0)) t();
    expect(seen).to.deep.equal([3, 4]);
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
    const session = createCtiSession(fakeConfig('alice'), { connection: Promise.resolve(fake.connection), isHidden: () => true });
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
