/**
 * Lifecycle edges the NEON adapter's tests used to check by hand, now the runtime's (moved here when NEON went
 * onto it): close() while waiting or while signing in, and the backoff starting over after a reconnect.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { DomainEvent } from '../../domain/events.js';
import { Connection, type Link, type LinkEvents } from './connection.js';
import { flush } from './testing/wait.js';

interface Fake extends Link {
  readonly events: LinkEvents<string>;
  open: boolean;
}

function setup(random = 0) {
  const clock = new ManualClock();
  const emitted: DomainEvent[] = [];
  const links: Fake[] = [];
  let signIn: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const conn: Connection<string> = new Connection<string>({
    name: 'Edges',
    host: { emit: (e) => emitted.push(e), log: () => undefined, clock },
    random: () => random,
    backoff: { baseMs: 1000, maxMs: 10_000 },
    requestTimeoutMs: 5000,
    open(events) {
      const link: Fake = { events, open: false, send: () => link.open, close: () => void (link.open = false) };
      links.push(link);
      return link;
    },
    authenticate: () => new Promise<void>((resolve, reject) => (signIn = { resolve, reject })),
    synchronise: async () => undefined,
    closeError: (code, _reason, opened) => conn.error(opened ? 'connection-lost' : 'softphone-unavailable', 'connect', `close ${code}`),
    receive: () => undefined,
  });
  const accept = (): void => {
    links.at(-1)!.open = true;
    links.at(-1)!.events.opened();
  };
  const up = async (): Promise<void> => {
    accept();
    await flush(2);
    signIn!.resolve();
    await flush(2);
  };
  const refuse = (): void => links.at(-1)!.events.closed(1006, '', false);
  const drop = (): void => {
    links.at(-1)!.open = false;
    links.at(-1)!.events.closed(1006, '', true);
  };
  const waits = () => emitted.flatMap((e) => (e.type === 'connection' && e.retryAt !== undefined ? [e] : []));
  const errors = () => emitted.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));
  return { clock, emitted, links, conn, accept, up, refuse, drop, waits, errors, signIn: () => signIn! };
}

describe('runtime: lifecycle edges', () => {
  it('close() while waiting to reconnect: no new link ever, no timer left', () => {
    const s = setup();
    s.conn.start();
    s.refuse();
    expect(s.conn.state).to.equal('waiting');
    s.conn.close();
    s.clock.advance(10 * 60_000);
    expect(s.links).to.have.length(1);
    expect(s.clock.pending).to.equal(0);
    expect(s.conn.state).to.equal('closed');
  });

  it('close() while signing in: nothing reported after, no retry, even when the sign-in then fails', async () => {
    const s = setup();
    s.conn.start();
    s.accept();
    await flush(2);
    expect(s.conn.state).to.equal('authenticating');
    s.conn.close();
    const mark = s.emitted.length;
    s.signIn().reject(s.conn.error('timeout', 'login'));
    await flush(2);
    s.clock.advance(60_000);
    expect(s.emitted.slice(mark)).to.deep.equal([]);
    expect(s.links).to.have.length(1);
    expect(s.conn.state).to.equal('closed');
  });

  it('after a reconnect a later outage is reported again and its backoff starts over at attempt 1', async () => {
    const s = setup(0);
    s.conn.start();
    s.refuse();
    s.clock.advance(500);
    s.refuse();
    expect(s.waits().at(-1)).to.include({ attempt: 2 });
    s.clock.advance(1000);
    await s.up();
    expect(s.conn.state).to.equal('connected');
    s.drop();
    expect(s.waits().at(-1)).to.deep.equal({ type: 'connection', status: 'reconnecting', attempt: 1, retryAt: s.clock.now() + 500 });
    s.clock.advance(500);
    s.refuse();
    expect(s.errors()).to.deep.equal(['softphone-unavailable', 'connection-lost', 'softphone-unavailable']);
  });
});
