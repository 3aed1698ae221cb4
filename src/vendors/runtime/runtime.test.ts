/**
 * The connection runtime, tested once for every vendor: the state machine against a fake link and a
 * `ManualClock`, request correlation in its four kinds, the watchdogs, and the relay link against the shared
 * fake relay socket.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { DomainEvent } from '../../domain/events.js';
import type { CtiError } from '../../domain/model.js';
import type { AdapterHost } from '../adapter.js';
import { DollarFramer } from '../relay/framing-dollar.js';
import { Connection, type ConnectionSpec, type Link, type LinkEvents, type Watchdog } from './connection.js';
import { openRelayLink, relayCloseError } from './relay-link.js';
import type { RequestSpec } from './requests.js';
import { FakeRelaySocket } from './testing/fake-relay-socket.js';
import { scriptedRequests } from './testing/requests.js';
import { flush, rejection } from './testing/wait.js';

/* --------------------------------------------------------------- requests */

const ordered = (op: string, reply: string, more: Partial<RequestSpec<string>> = {}): RequestSpec<string> => ({
  op,
  payload: op,
  by: 'order',
  accepts: (m) => m === reply,
  fails: (m) => (m.startsWith('ERR') ? m : undefined),
  ...more,
});

describe('runtime: request correlation', () => {
  it('by id: answers find their request in any order; a late or unknown answer finds nothing', async () => {
    const { clock, sent, r } = scriptedRequests();
    const a = r.request({ op: 'dial', payload: 'a', by: 'id', id: '1' });
    const b = r.request({ op: 'hold', payload: 'b', by: 'id', id: '2', timeoutMs: 500 });
    expect(sent).to.deep.equal(['a', 'b']);
    expect(r.answer('1', 'one')).to.equal(true);
    expect(await a).to.equal('one');
    expect(r.answer('1', 'again')).to.equal(false);
    expect(r.answer('9', 'stranger')).to.equal(false);
    clock.advance(500);
    const e = await rejection(b);
    expect(e).to.include({ code: 'timeout', operation: 'hold' });
    // The late answer to the timed-out request revives nothing and fails nothing.
    const c = r.request({ op: 'mute', payload: 'c', by: 'id', id: '3' });
    expect(r.answer('2', 'late')).to.equal(false);
    expect(r.refuse('3', { code: 'command-failed', at: 0, operation: 'mute', detail: 'no' })).to.equal(true);
    expect(await rejection(c)).to.include({ code: 'command-failed', detail: 'no' });
    expect(clock.pending).to.equal(0);
  });

  it('by order: one on the wire at a time; reply, absorbed, failure, not its business', async () => {
    const { clock, sent, r } = scriptedRequests();
    const absorbed: string[] = [];
    const first = r.request(ordered('first', 'OK', { absorbs: (m) => m.startsWith('CALL') && absorbed.push(m) > 0 }));
    const second = r.request(ordered('second', 'S'));
    expect(sent).to.deep.equal(['first']);
    expect(r.inflight?.op).to.equal('first');
    expect(r.match('EVENT')).to.equal(undefined);
    expect(r.match('CALL 1')).to.deep.include({ outcome: 'absorbed' });
    expect(r.match('OK')).to.deep.include({ outcome: 'reply' });
    expect(await first).to.equal('OK');
    expect(absorbed).to.deep.equal(['CALL 1']);
    expect(sent).to.deep.equal(['first', 'second']);
    expect(r.match('ERR busy')).to.deep.include({ outcome: 'failed' });
    expect(await rejection(second)).to.include({ code: 'command-failed', operation: 'second', detail: 'ERR busy' });
    expect(r.size).to.equal(0);
    expect(clock.pending).to.equal(0);
  });

  it('by order: after a timeout the next request goes; the late reply is offered to it, never to the one that timed out', async () => {
    const { clock, sent, timedOut, r } = scriptedRequests();
    const slow = r.request(ordered('slow', 'OK'));
    const next = r.request(ordered('next', 'S'));
    clock.advance(1000);
    expect(await rejection(slow)).to.include({ code: 'timeout', operation: 'slow' });
    expect(timedOut).to.deep.equal(['slow:fail']);
    expect(sent).to.deep.equal(['slow', 'next']);
    expect(r.match('OK')).to.equal(undefined); // late, and not what `next` waits for
    expect(r.match('S')).to.deep.include({ outcome: 'reply' });
    expect(await next).to.equal('S');
  });

  it('by confirming event: the oldest request the event confirms is settled by it; a failure event fails it', async () => {
    const { clock, r } = scriptedRequests();
    const hold1 = r.request({ op: 'hold', payload: 'h1', by: 'event', accepts: (m) => m === 'held' });
    const hold2 = r.request({ op: 'hold', payload: 'h2', by: 'event', accepts: (m) => m === 'held' });
    const dial = r.request({ op: 'dial', payload: 'd', by: 'event', accepts: (m) => m === 'ringing', fails: (m) => (m === 'busy' ? 'busy' : undefined) });
    expect(r.match('held')?.outcome).to.equal('reply');
    expect(r.size).to.equal(2);
    expect(r.match('busy')).to.deep.include({ outcome: 'failed' });
    expect(await hold1).to.equal('held');
    expect(await rejection(dial)).to.include({ code: 'command-failed', detail: 'busy' });
    clock.advance(1000);
    expect(await rejection(hold2)).to.include({ code: 'timeout' });
  });

  it('fire-and-forget resolves once sent; silence that means yes resolves; nothing sent while the link is down', async () => {
    let open = true;
    const { clock, timedOut, r } = scriptedRequests({ open: () => open });
    expect(await r.request({ op: 'dtmf', payload: '1', by: 'none' })).to.equal(undefined);
    expect(clock.pending).to.equal(0);
    const bind = r.request({ op: 'bind', payload: 'b', by: 'order', accepts: () => false, silence: 'resolve', timeoutMs: 300 });
    clock.advance(300);
    expect(await bind).to.equal(undefined);
    expect(timedOut).to.deep.equal(['bind:resolve']);
    open = false;
    for (const by of ['id', 'order', 'event', 'none'] as const) {
      expect(await rejection(r.request({ op: by, payload: by, by, id: 'x' }))).to.include({ code: 'not-connected', operation: by });
    }
    expect(r.size).to.equal(0);
  });

  it('failAll rejects every kind of wait and leaves no timer behind', async () => {
    const { clock, r } = scriptedRequests();
    const waits = [
      r.request({ op: 'a', payload: 'a', by: 'id', id: '1' }),
      r.request(ordered('b', 'OK')),
      r.request(ordered('c', 'OK')),
      r.request({ op: 'd', payload: 'd', by: 'event', accepts: () => false }),
    ];
    r.failAll('connection-lost', 'gone');
    for (const w of waits) expect(await rejection(w)).to.include({ code: 'connection-lost', detail: 'gone' });
    expect(clock.pending).to.equal(0);
    expect(r.size).to.equal(0);
  });
});

/* ------------------------------------------------------------- connection */

class FakeLink implements Link {
  open = false;
  closed = false;
  readonly sent: string[] = [];
  constructor(readonly events: LinkEvents<string>) {}
  send(payload: string): boolean {
    if (!this.open) return false;
    this.sent.push(payload);
    return true;
  }
  close(): void {
    this.closed = true;
    this.open = false;
  }
  /* the test's side */
  accept(): void {
    this.open = true;
    this.events.opened();
  }
  serve(m: string): void {
    this.events.message(m);
  }
  drop(code = 1006, opened = true): void {
    this.open = false;
    this.events.closed(code, '', opened);
  }
}

interface Rig {
  conn: Connection<string>;
  clock: ManualClock;
  links: FakeLink[];
  link(): FakeLink;
  events: DomainEvent[];
  statuses(): string[];
  errors(): CtiError[];
  syncs: number;
  lost: number;
  received: string[];
  logs: string[];
  /** What `receive` does with a message the requests did not take (default: keep it in `received`). */
  handle: (m: string) => void;
  /** What `synchronise` does (default: count). */
  sync: () => Promise<void>;
  /** What `authenticate` does (default: a `by: 'order'` login answered by `OK`). */
  auth: () => Promise<void>;
  /** Open the latest link, answer the login and let the resync finish. */
  up(): Promise<void>;
}

function rig(opts: { watchdog?: 'poll' | 'silence'; problem?: CtiError; random?: number } = {}): Rig {
  const clock = new ManualClock();
  const events: DomainEvent[] = [];
  const logs: string[] = [];
  const host: AdapterHost = { emit: (e) => events.push(e), log: (level, message) => logs.push(`${level} ${message}`), clock };
  const r: Rig = {
    clock,
    links: [],
    link: () => r.links.at(-1)!,
    events,
    statuses: () => events.flatMap((e) => (e.type === 'connection' ? [e.status + (e.attempt ? `#${e.attempt}` : '')] : [])),
    errors: () => events.flatMap((e) => (e.type === 'error' ? [e.error] : [])),
    syncs: 0,
    lost: 0,
    received: [],
    logs,
    handle: (m) => void r.received.push(m),
    sync: async () => void r.syncs++,
    auth: async () => {
      await r.conn.request({ op: 'login', payload: 'LOGIN', by: 'order', accepts: (m) => m === 'OK', fails: (m) => (m === 'DENIED' ? m : undefined) }).catch((e: CtiError) => {
        throw e.code === 'command-failed' ? { ...e, code: 'auth-failed' } : e;
      });
    },
    async up() {
      r.link().accept();
      await flush(2);
      r.link().serve('OK');
      await flush(2);
    },
    conn: undefined as unknown as Connection<string>,
  };
  const watchdogs: Record<string, Watchdog> = {
    poll: { kind: 'poll', everyMs: 10_000, probe: () => r.conn.request({ op: 'status', payload: 'PING', by: 'order', accepts: (m) => m === 'PONG', silence: 'drop' }) },
    silence: { kind: 'silence', limitMs: 30_000 },
  };
  const spec: ConnectionSpec<string, RequestSpec<string>> = {
    name: 'Test',
    host,
    random: () => opts.random ?? 0.5,
    backoff: { baseMs: 1000, maxMs: 8000 },
    requestTimeoutMs: 5000,
    open(ev) {
      const link = new FakeLink(ev);
      r.links.push(link);
      return link;
    },
    configProblem: () => opts.problem,
    authenticate: () => r.auth(),
    synchronise: () => r.sync(),
    closeError: (code, _reason, opened) => r.conn.error(opened ? 'connection-lost' : 'relay-unavailable', 'connect', `close ${code}`),
    receive(m) {
      if (!r.conn.requests.match(m)) r.handle(m);
    },
    lost: () => void r.lost++,
    ...(opts.watchdog ? { watchdog: watchdogs[opts.watchdog] } : {}),
  };
  r.conn = new Connection(spec);
  return r;
}

describe('runtime: the connection state machine', () => {
  it('connecting → authenticating → synchronising → connected, status events, one resync', async () => {
    const r = rig();
    r.auth = async () => {
      expect(r.conn.state).to.equal('authenticating');
      expect(r.conn.ready).to.equal(false);
      await r.conn.request({ op: 'login', payload: 'LOGIN', by: 'order', accepts: (m) => m === 'OK' });
    };
    r.conn.start();
    expect(r.conn.state).to.equal('connecting');
    r.conn.start(); // once
    expect(r.links.length).to.equal(1);
    await r.up();
    expect(r.link().sent).to.deep.equal(['LOGIN']);
    expect(r.conn.state).to.equal('connected');
    expect(r.syncs).to.equal(1);
    expect(r.statuses()).to.deep.equal(['connecting', 'connected']);
    r.link().serve('EVENT');
    expect(r.received).to.deep.equal(['EVENT']);
  });

  it('commands fail fast with a typed not-connected while down, and are never sent later', async () => {
    const r = rig();
    expect(() => r.conn.requireReady('dial')).to.throw().that.includes({ code: 'not-connected', operation: 'dial' });
    r.conn.start();
    expect(await rejection(r.conn.request({ op: 'dial', payload: 'DIAL', by: 'order', accepts: () => true }))).to.include({ code: 'not-connected' });
    r.link().accept();
    expect(() => r.conn.requireReady('dial')).to.throw(); // authenticating
    r.link().serve('OK');
    await flush(2);
    expect(() => r.conn.requireReady('dial')).not.to.throw();
    r.link().drop();
    expect(await rejection(r.conn.request({ op: 'hold', payload: 'HOLD', by: 'id', id: '1' }))).to.include({ code: 'not-connected' });
    r.clock.advance(1000);
    await r.up();
    expect(r.links.every((l) => !l.sent.includes('DIAL') && !l.sent.includes('HOLD'))).to.equal(true);
  });

  it('a drop: pending requests fail, backoff with jitter, the outage reported once, a resync after the reconnect', async () => {
    const r = rig({ random: 0 });
    r.conn.start();
    await r.up();
    const pending = r.conn.request({ op: 'dial', payload: 'DIAL', by: 'order', accepts: () => false });
    r.link().drop(1006);
    expect(await rejection(pending)).to.include({ code: 'connection-lost' });
    expect(r.conn.state).to.equal('waiting');
    expect(r.lost).to.equal(1);
    // random 0: half the exponential delay (1000 → 500, then 1000, 2000…).
    const waits = () => r.events.flatMap((e) => (e.type === 'connection' && e.retryAt ? [e.retryAt] : []));
    expect(waits().at(-1)! - r.clock.now()).to.equal(500);
    r.clock.advance(500);
    expect(r.links.length).to.equal(2);
    r.link().drop(1006, false); // refused
    expect(waits().at(-1)! - r.clock.now()).to.equal(1000);
    r.clock.advance(1000);
    r.link().drop(1006, false); // refused again: same outage code, not shown again
    expect(r.errors().map((e) => e.code)).to.deep.equal(['connection-lost', 'relay-unavailable']);
    r.clock.advance(2000);
    await r.up();
    expect(r.syncs).to.equal(2);
    expect(r.statuses()).to.deep.equal(['connecting', 'connected', 'reconnecting#1', 'reconnecting#1', 'reconnecting#2', 'reconnecting#2', 'reconnecting#3', 'reconnecting#3', 'connected']);
    // A new outage after the reconnect is shown again.
    r.link().drop(1006);
    expect(r.errors().length).to.equal(3);
  });

  it('the jitter spreads retries between half and all of the exponential delay, capped', async () => {
    for (const [random, delay] of [
      [0, 500],
      [0.5, 750],
      [1, 1000],
    ] as const) {
      const r = rig({ random });
      r.conn.start();
      r.link().drop(1006, false);
      const e = r.events.find((x) => x.type === 'connection' && x.retryAt);
      expect(e && e.type === 'connection' && e.retryAt! - r.clock.now()).to.equal(delay);
    }
    const r = rig({ random: 1 });
    r.conn.start();
    for (let i = 0; i < 8; i++) {
      r.link().drop(1006, false);
      r.clock.advance(8000);
    }
    const last = r.events.filter((x) => x.type === 'connection' && x.retryAt).at(-1);
    expect(last?.type === 'connection' && last.retryAt! - (r.clock.now() - 8000)).to.equal(8000);
  });

  it('bad credentials: refused, no retry loop, closed; a refresh tries again', async () => {
    const r = rig();
    r.conn.start();
    r.link().accept();
    r.link().serve('DENIED');
    await flush(2);
    expect(r.conn.state).to.equal('refused');
    expect(r.errors().map((e) => e.code)).to.deep.equal(['auth-failed']);
    expect(r.statuses().at(-1)).to.equal('closed');
    expect(r.link().closed).to.equal(true);
    expect(r.clock.pending).to.equal(0);
    r.clock.advance(600_000);
    expect(r.links.length).to.equal(1);
    r.conn.retryNow();
    expect(r.links.length).to.equal(2);
    await r.up();
    expect(r.conn.state).to.equal('connected');
  });

  it('a configuration problem is refused without opening anything', () => {
    const r = rig({ problem: { code: 'bad-request', at: 0, operation: 'connect', detail: 'no URL' } });
    r.conn.start();
    expect(r.links.length).to.equal(0);
    expect(r.conn.state).to.equal('refused');
    expect(r.errors()[0]).to.include({ code: 'bad-request' });
    expect(r.statuses()).to.deep.equal(['closed']);
  });

  it('no answer to the sign-in is an outage (retried), not a refusal', async () => {
    const r = rig();
    r.conn.start();
    r.link().accept();
    r.clock.advance(5000);
    await flush(2);
    expect(r.conn.state).to.equal('waiting');
    expect(r.errors()[0]).to.include({ code: 'timeout', operation: 'login' });
    expect(r.link().closed).to.equal(true);
  });

  it('a failed resync is an outage: the link is dropped and opened again, and resynced', async () => {
    const r = rig();
    let fail = true;
    r.sync = async () => {
      r.syncs++;
      if (fail) throw r.conn.error('timeout', 'current-call', 'no answer');
    };
    r.conn.start();
    await r.up();
    expect(r.conn.state).to.equal('waiting');
    expect(r.errors()[0]).to.include({ code: 'timeout', operation: 'current-call' });
    expect(r.links[0]!.closed).to.equal(true);
    fail = false;
    r.clock.advance(1000);
    await r.up();
    expect(r.syncs).to.equal(2);
    expect(r.conn.state).to.equal('connected');
  });

  it('close(): everything pending fails, no timer left, later link events are ignored', async () => {
    const r = rig({ watchdog: 'poll' });
    r.conn.start();
    await r.up();
    const pending = r.conn.request({ op: 'dial', payload: 'DIAL', by: 'id', id: '7' });
    r.conn.close();
    expect(await rejection(pending)).to.include({ code: 'connection-lost', detail: 'closed' });
    expect(r.conn.state).to.equal('closed');
    expect(r.statuses().at(-1)).to.equal('closed');
    expect(r.clock.pending).to.equal(0);
    const before = r.events.length;
    r.link().serve('EVENT');
    r.link().drop();
    expect(r.events.length).to.equal(before);
    expect(r.received).to.deep.equal([]);
  });

  it('a refresh: resyncs while connected, reconnects at once while waiting, never opens a second link', async () => {
    const r = rig();
    r.conn.start();
    r.conn.retryNow(); // connecting: nothing more
    expect(r.links.length).to.equal(1);
    await r.up();
    r.conn.retryNow(); // connected: nothing to retry
    expect(r.links.length).to.equal(1);
    await r.conn.synchronise();
    expect(r.syncs).to.equal(2);
    expect(r.conn.state).to.equal('connected');
    r.link().drop();
    expect(r.conn.state).to.equal('waiting');
    r.conn.retryNow(); // waiting: now, not after the backoff
    expect(r.links.length).to.equal(2);
    expect(r.clock.pending).to.equal(0);
    await r.up();
    expect(r.syncs).to.equal(3);
  });

  it('an older link is ignored once a new one exists', async () => {
    const r = rig();
    r.conn.start();
    await r.up();
    const old = r.link();
    r.link().drop();
    r.clock.advance(1000);
    await r.up();
    const errors = r.errors().length;
    old.serve('STALE');
    old.drop();
    expect(r.received).to.deep.equal([]);
    expect(r.errors().length).to.equal(errors);
    expect(r.conn.state).to.equal('connected');
  });
});

describe('runtime: a handler bug', () => {
  it('costs one message: one internal error (detail handler), the exception in the log, the link and its waits go on', async () => {
    const r = rig();
    r.handle = (m) => {
      if (m === 'BAD') throw new TypeError('cannot read properties of undefined (reading "line")');
      r.received.push(m);
    };
    r.conn.start();
    await r.up();
    const pending = r.conn.request({ op: 'dial', payload: 'DIAL', by: 'order', accepts: (m) => m === 'DIALED' });
    expect(() => r.link().serve('BAD')).not.to.throw();
    expect(r.errors()).to.deep.equal([{ code: 'internal', at: r.clock.now(), operation: 'receive', detail: 'handler' }]);
    expect(r.logs).to.include('error Test: handling a message failed, the message is dropped: cannot read properties of undefined (reading "line")');
    expect(r.conn.state).to.equal('connected');
    expect(r.statuses()).to.deep.equal(['connecting', 'connected']);
    // The next message is handled, the waiting request is still waiting and takes its answer.
    r.link().serve('EVENT');
    expect(r.received).to.deep.equal(['EVENT']);
    r.link().serve('DIALED');
    expect(await pending).to.equal('DIALED');
    expect(r.link().closed).to.equal(false);
    expect(r.lost).to.equal(0);
    // Each bad message is its own error (one per message, never a loop).
    r.link().serve('BAD');
    expect(r.errors().map((e) => e.detail)).to.deep.equal(['handler', 'handler']);
  });
});

describe('runtime: unknown events', () => {
  it('a name is shown once per link (typed, clipped, logged), then debug only; a new link starts over; at most 50 names', async () => {
    const r = rig({ random: 0 });
    r.handle = (m) => r.conn.unknownEvent(m);
    r.conn.start();
    await r.up();
    const long = `X${'y'.repeat(100)}`;
    for (const m of ['NEW_THING', 'NEW_THING', long, `${long}z`]) r.link().serve(m);
    expect(r.errors()).to.deep.equal([
      { code: 'unknown-event', at: r.clock.now(), operation: 'receive', detail: 'NEW_THING' },
      { code: 'unknown-event', at: r.clock.now(), operation: 'receive', detail: long.slice(0, 80) },
    ]);
    expect(r.logs.filter((l) => l.includes('unknown event NEW_THING'))).to.deep.equal(['warn Test: unknown event NEW_THING', 'debug Test: unknown event NEW_THING']);
    expect(r.conn.state).to.equal('connected');
    for (let i = 0; i < 60; i++) r.link().serve(`E${i}`);
    // 2 + 48 more names are shown; the 11 past the bound are logged only.
    expect(r.errors().length).to.equal(50);
    expect(r.logs.filter((l) => l === 'warn Test: unknown event E59').length).to.equal(1);
    r.link().drop(1006);
    r.clock.advance(500);
    await r.up();
    const before = r.errors().length;
    r.link().serve('NEW_THING');
    r.link().serve('NEW_THING');
    expect(r.errors().slice(before).map((e) => [e.code, e.detail])).to.deep.equal([['unknown-event', 'NEW_THING']]);
  });
});

describe('runtime: watchdogs', () => {
  it('poll: a probe every interval once connected; an unanswered probe drops the link as keep-alive-lost', async () => {
    const r = rig({ watchdog: 'poll' });
    r.conn.start();
    await r.up();
    r.clock.advance(10_000);
    expect(r.link().sent).to.deep.equal(['LOGIN', 'PING']);
    r.link().serve('PONG');
    await flush(2);
    r.clock.advance(10_000);
    expect(r.link().sent).to.deep.equal(['LOGIN', 'PING', 'PING']);
    r.clock.advance(5000);
    await flush(2);
    expect(r.errors().at(-1)).to.include({ code: 'keep-alive-lost', vendorCode: 'no-reply' });
    expect(r.conn.state).to.equal('waiting');
    expect(r.links[0]!.closed).to.equal(true);
    // pollNow: asks at once (e.g. after a command met silence).
    r.clock.advance(1000);
    await r.up();
    r.conn.pollNow();
    expect(r.link().sent.at(-1)).to.equal('PING');
  });

  it('silence: any message re-arms it; nothing heard for the limit → keep-alive-lost and a reconnect', async () => {
    const r = rig({ watchdog: 'silence' });
    r.conn.start();
    await r.up();
    r.clock.advance(20_000);
    r.link().serve('KEEPALIVE');
    r.clock.advance(20_000);
    expect(r.conn.state).to.equal('connected');
    r.clock.advance(10_000);
    expect(r.errors().at(-1)).to.include({ code: 'keep-alive-lost' });
    expect(r.conn.state).to.equal('waiting');
    r.clock.advance(1000);
    expect(r.links.length).to.equal(2);
  });
});

describe('runtime: relay link', () => {
  it('bytes in the vendor encoding, split anywhere, become whole messages; sends binary frames', () => {
    FakeRelaySocket.reset('windows-1252');
    const got: string[] = [];
    const closes: string[] = [];
    let opened = 0;
    const link = openRelayLink(
      {
        WebSocket: FakeRelaySocket as unknown as typeof WebSocket,
        url: 'ws://relay.test/?token=t',
        encoding: 'windows-1252',
        framer: () => new DollarFramer(),
        decode: (item) => JSON.stringify(item),
      },
      { opened: () => void opened++, message: (m) => got.push(m), closed: (code, _r, o) => closes.push(`${code}:${o}`) },
    );
    const ws = FakeRelaySocket.last();
    expect(ws.protocols).to.deep.equal(['binary']);
    ws.open();
    expect(opened).to.equal(1);
    expect(link.send('<jose><S>$')).to.equal(true);
    expect(ws.texts()).to.deep.equal(['<jose><S>$']);
    ws.serve('<jose><R><São Paulo>$<jose><OK>$', [3, 9, 10]);
    expect(got.length).to.equal(2);
    expect(got[0]).to.contain('São Paulo');
    ws.drop(1011);
    expect(closes).to.deep.equal(['1011:true']);
    expect(link.open).to.equal(false);
  });

  it('one close mapping for every relay vendor: never opened → relay-unavailable; 1011 → vendor-unreachable, signed in or not; any other close → connection-lost', () => {
    const clock = new ManualClock();
    const logs: string[] = [];
    const host: AdapterHost = { emit: () => undefined, log: (level, message) => logs.push(`${level} ${message}`), clock };
    clock.advance(42);
    const at = clock.now();
    const read = (code: number, reason: string, opened: boolean) => relayCloseError(host, 'Vendor', code, reason, opened);
    // websockify: no listener or an unknown token (dropped before the handshake).
    expect(read(1006, '', false)).to.deep.equal({ code: 'relay-unavailable', at, operation: 'connect', detail: 'close-1006' });
    // Its TCP connect to the vendor failed: open, then 1011 — before the sign-in (a first attempt, a reconnect) or, from another relay, after it.
    expect(read(1011, 'Failed to connect to downstream server', true)).to.deep.equal({ code: 'vendor-unreachable', at, operation: 'connect', detail: 'close-1011' });
    // The vendor was reached and closed its side (before or after the sign-in), or the relay / network went.
    expect(read(1000, 'Target closed', true)).to.deep.equal({ code: 'connection-lost', at, operation: 'connect', detail: 'close-1000' });
    expect(read(1006, '', true)).to.include({ code: 'connection-lost', detail: 'close-1006' });
    // The relay's English reason only in the log, with the sentence.
    expect(logs).to.deep.equal([
      'info Vendor: the relay did not accept the connection (relay down, or the token is not in its allow-list) (close 1006)',
      'info Vendor: the relay could not reach the Vendor server (close 1011 Failed to connect to downstream server)',
      'info Vendor: connection closed (close 1000 Target closed)',
      'info Vendor: connection closed (close 1006)',
    ]);
  });
});
