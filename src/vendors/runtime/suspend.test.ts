/**
 * The runtime's `suspend` (the vendor's service behind a live link went away: sign in again on the same link
 * with backoff, status `server-down`) and `reopen` (a new link now, nothing reported), against a scripted link
 * and a `ManualClock`. DGPhone uses both (UserLogoff; the link the server closes after a logoff).
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { DomainEvent } from '../../domain/events.js';
import type { CtiError } from '../../domain/model.js';
import { Connection, type Link, type LinkEvents } from './connection.js';
import { flush, rejection } from './testing/wait.js';

interface Scripted {
  readonly events: LinkEvents<string>;
  readonly sent: string[];
  up: boolean;
  ended: boolean;
}

/** A connection whose `authenticate` answers what `answers` says next ('ok' or an error code). */
function setup() {
  const clock = new ManualClock();
  const emitted: DomainEvent[] = [];
  const links: Scripted[] = [];
  const answers: string[] = [];
  const counts = { auth: 0, sync: 0, lost: 0 };
  const conn: Connection<string> = new Connection<string>({
    name: 'Suspend',
    host: { emit: (e) => emitted.push(e), log: () => undefined, clock },
    random: () => 1,
    backoff: { baseMs: 1000, maxMs: 8000 },
    requestTimeoutMs: 5000,
    open(events): Link {
      const s: Scripted = { events, sent: [], up: false, ended: false };
      links.push(s);
      return {
        send: (p) => s.up && s.sent.push(p) > 0,
        close: () => void ((s.ended = true), (s.up = false)),
        get open() {
          return s.up;
        },
      };
    },
    async authenticate() {
      counts.auth++;
      const answer = answers.shift() ?? 'ok';
      if (answer === 'ok') return;
      const error = conn.error(answer as CtiError['code'], 'connect', 'refused');
      // As DGPhone does: a refusal after a first success is the service being down, not bad credentials.
      if (counts.sync > 0) conn.suspend(error);
      throw error;
    },
    synchronise: async () => void counts.sync++,
    closeError: (code) => conn.error('connection-lost', 'connect', `close ${code}`),
    receive: (m) => void conn.requests.match(m),
    lost: () => void counts.lost++,
  });
  const statuses = () => emitted.flatMap((e) => (e.type === 'connection' ? [e.status + (e.attempt ? `#${e.attempt}` : '')] : []));
  const errors = () => emitted.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));
  const openLatest = async () => {
    const s = links.at(-1)!;
    s.up = true;
    s.events.opened();
    await flush(3);
  };
  return { clock, conn, links, answers, counts, emitted, statuses, errors, openLatest };
}

describe('runtime: suspend (the service behind a live link is down)', () => {
  it('keeps the link, fails what waits, shows it once, server-down with backoff, signs in again on the same link', async () => {
    const t = setup();
    t.conn.start();
    await t.openLatest();
    expect(t.conn.state).to.equal('connected');
    const waiting = t.conn.request({ op: 'hold', payload: 'HOLD', by: 'event', accepts: (m) => m === 'held' });
    t.conn.suspend(t.conn.error('softphone-unavailable', 'receive', 'UserLogoff'));
    expect(await rejection(waiting)).to.include({ code: 'softphone-unavailable', operation: 'hold' });
    expect(t.counts.lost).to.equal(1);
    expect(t.conn.state).to.equal('suspended');
    expect(t.conn.ready).to.equal(false);
    expect(() => t.conn.requireReady('dial')).to.throw().that.includes({ code: 'not-connected' });
    const down = t.emitted.at(-1);
    expect(down).to.deep.include({ type: 'connection', status: 'server-down', attempt: 1, retryAt: t.clock.now() + 1000 });
    expect(t.errors()).to.deep.equal(['softphone-unavailable']);
    expect(t.links[0]!.ended).to.equal(false);
    // Still down: the refusal during the suspension is not shown again; the next try waits longer.
    t.answers.push('auth-failed');
    t.clock.advance(1000);
    await flush(3);
    expect(t.counts.auth).to.equal(2);
    expect(t.statuses().at(-1)).to.equal('server-down#2');
    expect(t.errors()).to.deep.equal(['softphone-unavailable']);
    t.clock.advance(1999);
    await flush(3);
    expect(t.counts.auth).to.equal(2);
    t.clock.advance(1);
    await flush(3);
    expect(t.counts.auth).to.equal(3);
    expect(t.conn.state).to.equal('connected');
    expect(t.counts.sync).to.equal(2);
    expect(t.links).to.have.length(1);
    expect(t.statuses().at(-1)).to.equal('connected');
    expect(t.clock.pending).to.equal(0);
    // The outage ended: a new one is shown again.
    t.conn.suspend(t.conn.error('softphone-unavailable', 'receive', 'UserLogoff'));
    expect(t.errors()).to.deep.equal(['softphone-unavailable', 'softphone-unavailable']);
  });

  it('a refresh signs in again at once; a link that closes meanwhile is a normal loss (the sign-in timer never fires)', async () => {
    const t = setup();
    t.conn.start();
    await t.openLatest();
    t.conn.suspend(t.conn.error('softphone-unavailable', 'receive', 'UserLogoff'));
    t.answers.push('auth-failed');
    t.conn.retryNow();
    await flush(3);
    expect(t.counts.auth).to.equal(2);
    expect(t.conn.state).to.equal('suspended');
    t.links[0]!.up = false;
    t.links[0]!.events.closed(1006, '', true);
    expect(t.conn.state).to.equal('waiting');
    expect(t.errors()).to.deep.equal(['softphone-unavailable', 'connection-lost']);
    // The attempts count on (a third one: 4 s); the suspended sign-in timer (2 s) was cleared.
    expect(t.statuses().at(-1)).to.equal('reconnecting#3');
    t.clock.advance(3999);
    await flush(3);
    expect(t.links).to.have.length(1);
    expect(t.counts.auth).to.equal(2);
    t.clock.advance(1);
    await flush(3);
    expect(t.links).to.have.length(2);
    expect(t.counts.auth).to.equal(2);
    await t.openLatest();
    expect(t.conn.state).to.equal('connected');
  });

  it('is ignored unless signed in or signing in', () => {
    const t = setup();
    t.conn.suspend(t.conn.error('softphone-unavailable', 'receive'));
    expect(t.conn.state).to.equal('idle');
    expect(t.emitted).to.have.length(0);
  });
});

describe('runtime: reopen (the server ended the session on purpose)', () => {
  it('a new link at once, nothing shown, what waited on the old one fails with connection-lost', async () => {
    const t = setup();
    t.conn.start();
    await t.openLatest();
    const waiting = t.conn.request({ op: 'logoff', payload: 'LOGOFF', by: 'event', accepts: () => false });
    t.conn.reopen();
    expect(await rejection(waiting)).to.include({ code: 'connection-lost', operation: 'logoff' });
    expect(t.links).to.have.length(2);
    expect(t.links[0]!.ended).to.equal(true);
    expect(t.counts.lost).to.equal(1);
    expect(t.errors()).to.deep.equal([]);
    expect(t.statuses()).to.deep.equal(['connecting', 'connected', 'reconnecting']);
    await t.openLatest();
    expect(t.conn.state).to.equal('connected');
    expect(t.counts.sync).to.equal(2);
    // Closed for good: nothing reopens.
    t.conn.close();
    t.conn.reopen();
    expect(t.links).to.have.length(2);
  });
});
