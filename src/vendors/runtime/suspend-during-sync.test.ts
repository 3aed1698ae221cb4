/**
 * The runtime: a `suspend` (or a loss) that comes while the resync is still reading keeps its state when the
 * resync then ends — it does not turn back into `connected` with a watchdog armed (noticed moving Interact, whose
 * server can go down during the resync; DGPhone's UserLogoff can come then too).
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { DomainEvent } from '../../domain/events.js';
import { Connection, type LinkEvents } from './connection.js';
import { flush } from './testing/wait.js';

function setup(syncOutcome: 'resolve' | 'reject') {
  const clock = new ManualClock();
  const emitted: DomainEvent[] = [];
  let events: LinkEvents<string> | undefined;
  let finishSync: (() => void) | undefined;
  const conn: Connection<string> = new Connection<string>({
    name: 'SuspendDuringSync',
    host: { emit: (e) => emitted.push(e), log: () => undefined, clock },
    random: () => 1,
    backoff: { baseMs: 1000, maxMs: 8000 },
    requestTimeoutMs: 5000,
    watchdog: { kind: 'silence', limitMs: 300 },
    open(e) {
      events = e;
      return { send: () => true, close: () => undefined, open: true };
    },
    authenticate: async () => undefined,
    synchronise: () =>
      new Promise<void>((resolve, reject) => {
        finishSync = () => (syncOutcome === 'resolve' ? resolve() : reject(conn.error('timeout', 'sync')));
      }),
    closeError: (code) => conn.error('connection-lost', 'connect', `close ${code}`),
    receive: () => undefined,
  });
  const statuses = () => emitted.flatMap((e) => (e.type === 'connection' ? [e.status] : []));
  const errors = () => emitted.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));
  return { clock, conn, statuses, errors, open: async () => (events!.opened(), await flush(3)), finishSync: async () => (finishSync!(), await flush(3)) };
}

describe('runtime: a suspend while the resync reads', () => {
  for (const outcome of ['resolve', 'reject'] as const) {
    it(`stays suspended when the resync then ${outcome}s (no connected, no watchdog, no second outage)`, async () => {
      const t = setup(outcome);
      t.conn.start();
      await t.open();
      expect(t.conn.state).to.equal('synchronising');
      t.conn.suspend(t.conn.error('softphone-unavailable', 'receive', 'down'));
      expect(t.conn.state).to.equal('suspended');
      await t.finishSync();
      expect(t.conn.state).to.equal('suspended');
      expect(t.statuses().at(-1)).to.equal('server-down');
      // No watchdog: a silence longer than its 300 ms reports nothing more than the one outage.
      t.clock.advance(500);
      await flush(3);
      expect(t.errors()).to.deep.equal(['softphone-unavailable']);
    });
  }
});
