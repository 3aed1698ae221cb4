/**
 * The comparison a hub makes when it recreates a session a hub that died had (`hub-core.ts`, "When the hub itself
 * dies"): `checkMs` after the vendor connection is up, the facts the vendor shows now against the record; when the
 * vendor shows less (signed out now, fewer calls), a `state-lost` error. Given up, without a word, when the
 * connection is not up within 30 s.
 *
 * Needed only after a hub's death (the memory held a record), so the hub worker loads it then, with the adapter
 * (`HubCore`'s `#recall`): a lazy chunk of its own, never loaded by a session that starts afresh.
 */
import type { Clock, TimerHandle } from '../domain/clock.js';
import type { CtiError, SessionSnapshot } from '../domain/model.js';
import { factsOf } from './session-memory.js';
import type { RememberedSession } from './session-memory.js';

/** What the check reads of its session in the hub. */
export interface ResumedSession {
  readonly closed: boolean;
  readonly store: { readonly snapshot: SessionSnapshot };
}

/**
 * The check is over: the hub records the facts again from now on; when the vendor showed less, with the line for
 * the session's log and the `state-lost` error.
 */
export type ResumeSettled = (lost?: readonly [message: string, error: CtiError]) => void;

export interface ResumeCheck {
  /** The session was opened: compare once the connection is up, or give up in 30 s. */
  schedule(): void;
  /** A new state of the session: the first connected one arms the comparison. */
  seen(snapshot: SessionSnapshot): void;
  /** The session closed: no comparison. */
  stop(): void;
}

export function resumeCheck(previous: RememberedSession, session: ResumedSession, clock: Clock, checkMs: number, settled: ResumeSettled): ResumeCheck {
  let armed = false;
  let timer: TimerHandle | undefined;
  let over = false;
  const wait = (compare: boolean, ms: number): void => {
    if (timer) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => settle(compare), ms);
  };
  const check: ResumeCheck = {
    schedule() {
      if (!armed) wait(false, 30_000);
      check.seen(session.store.snapshot);
    },
    seen(snapshot) {
      if (over || armed || snapshot.connection.status !== 'connected') return;
      armed = true;
      wait(true, checkMs);
    },
    stop() {
      if (timer) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
  function settle(compare: boolean): void {
    timer = undefined;
    if (session.closed || over) return;
    const snapshot = session.store.snapshot;
    if (compare && snapshot.connection.status !== 'connected') {
      // The connection dropped again before the resync settled: wait for the next one.
      armed = false;
      check.schedule();
      return;
    }
    over = true;
    const now = factsOf(snapshot);
    settled(
      compare && ((previous.signedIn && !now.signedIn) || previous.liveCalls > now.liveCalls)
        ? [
            `a previous hub showed more than the vendor reports now (signed in ${previous.signedIn}→${now.signedIn}, calls ${previous.liveCalls}→${now.liveCalls})`,
            { code: 'state-lost', at: clock.now(), operation: 'reload', vendorCode: 'reload' },
          ]
        : undefined,
    );
  }
  return check;
}
