/**
 * The runtime's `server-down` waits (Interact: a 503 on opening the channel or subscribing; the server says
 * it is down): `serverDown` names the errors, the wait reads `server-down` and starts at
 * `backoff.serverDownBaseMs` (not the link's backoff), the condition is shown once per outage, and `suspend`
 * waits with the same base. A scripted link and a `ManualClock`.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { DomainEvent } from '../../domain/events.js';
import type { CtiError } from '../../domain/model.js';
import { Connection, type LinkEvents } from './connection.js';
import { flush } from './testing/wait.js';

/** `serverDownBaseMs`: given or not; `random` 1 → the full delay. */
function setup(serverDownBaseMs?: number) {
  const clock = new ManualClock();
  const emitted: DomainEvent[] = [];
  const links: { events: LinkEvents<string>; up: boolean; ended: boolean }[] = [];
  const conn: Connection<string> = new Connection<string>({
    name: 'Down',
    host: { emit: (e) => emitted.push(e), log: () => undefined, clock },
    random: () => 1,
    backoff: { baseMs: 100, maxMs: 60_000, ...(serverDownBaseMs !== undefined ? { serverDownBaseMs } : {}) },
    requestTimeoutMs: 5000,
    open(events) {
      const s = { events, up: false, ended: false };
      links.push(s);
      return {
        send: () => false,
        close: () => void ((s.ended = true), (s.up = false)),
        get open() {
          return s.up;
        },
      };
    },
    authenticate: async () => undefined,
    synchronise: async () => undefined,
    // The close code is the HTTP status the link learnt (0: unreachable).
    closeError: (code, _reason, opened) =>
      code === 503
        ? { ...conn.error('server-unavailable', 'open_channel'), httpStatus: 503 }
        : conn.error(opened ? 'connection-lost' : 'network', 'open_channel', `close ${code}`),
    serverDown: (error: CtiError) => error.code === 'server-unavailable',
    receive: () => undefined,
  });
  const statuses = () => emitted.flatMap((e) => (e.type === 'connection' ? [`${e.status}${e.attempt ? `#${e.attempt}` : ''}`] : []));
  const waits = () => emitted.flatMap((e) => (e.type === 'connection' && e.retryAt !== undefined ? [e.retryAt - clock.now()] : []));
  const errors = () => emitted.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));
  const fail = (code: number, opened = false) => {
    const s = links.at(-1)!;
    s.up = false;
    s.events.closed(code, '', opened);
  };
  const open = async () => {
    const s = links.at(-1)!;
    s.up = true;
    s.events.opened();
    await flush(3);
  };
  return { clock, conn, links, statuses, waits, errors, fail, open };
}

describe('runtime: server-down waits (the server says it is down)', () => {
  it('a server-down error waits with status server-down from serverDownBaseMs; a plain drop from baseMs', async () => {
    const t = setup(5000);
    t.conn.start();
    t.fail(503);
    expect(t.conn.state).to.equal('waiting');
    expect(t.statuses()).to.deep.equal(['connecting', 'server-down#1']);
    expect(t.waits()).to.deep.equal([5000]);
    expect(t.conn.ready).to.equal(false);
    t.clock.advance(4999);
    expect(t.links).to.have.length(1);
    t.clock.advance(1);
    expect(t.links).to.have.length(2);
    // Still down: the wait doubles from the server-down base.
    t.fail(503);
    expect(t.statuses().at(-1)).to.equal('server-down#2');
    expect(t.waits().at(-1)).to.equal(10_000);
    t.clock.advance(10_000);
    await t.open();
    expect(t.conn.state).to.equal('connected');
    // A plain drop afterwards: the link's backoff, status reconnecting, the attempts start over.
    t.fail(0, true);
    expect(t.statuses().at(-1)).to.equal('reconnecting#1');
    expect(t.waits().at(-1)).to.equal(100);
  });

  it('the condition is shown once per outage (the same code again only logged); a new outage shows it again', async () => {
    const t = setup(5000);
    t.conn.start();
    t.fail(503);
    t.clock.advance(5000);
    t.fail(503);
    expect(t.errors()).to.deep.equal(['server-unavailable']);
    t.clock.advance(10_000);
    await t.open();
    t.fail(0, true);
    t.clock.advance(100);
    t.fail(503);
    expect(t.errors()).to.deep.equal(['server-unavailable', 'connection-lost', 'server-unavailable']);
  });

  it('without serverDownBaseMs the server-down wait uses baseMs; an error serverDown does not name waits as reconnecting', async () => {
    const t = setup();
    t.conn.start();
    t.fail(503);
    expect(t.statuses().at(-1)).to.equal('server-down#1');
    expect(t.waits()).to.deep.equal([100]);
    t.clock.advance(100);
    t.fail(0);
    expect(t.statuses().at(-1)).to.equal('reconnecting#2');
  });

  it('suspend waits from serverDownBaseMs too', async () => {
    const t = setup(5000);
    t.conn.start();
    await t.open();
    t.conn.suspend(t.conn.error('server-unavailable', 'on_server_state_change'));
    expect(t.conn.state).to.equal('suspended');
    expect(t.statuses().at(-1)).to.equal('server-down#1');
    expect(t.waits().at(-1)).to.equal(5000);
    expect(t.links[0]!.ended).to.equal(false);
    expect(t.errors()).to.deep.equal(['server-unavailable']);
  });
});
