/**
 * The agent's picture as the Interact server reports it: its events (with the calls' memory, `calls.ts`), the
 * authoritative `get_status` snapshot (an answer older than an event is stale), the sign-in wait (the login
 * answer carries no state, L3716-3753; on_login may come without one, A-34) and the poll while a call we
 * dialled is not known to be answered. Never "ready" on our own: only what the server said.
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import type { AgentReport, DomainEvent } from '../../domain/events.js';
import type { CtiError, PauseInfo } from '../../domain/model.js';
import { InteractCalls } from './calls.js';
import { LOGIN_PENDING, isFailurePause, snapshotFromStatus, type WireEvent, type WireObject } from './codec.js';

/** The states a pre-pause goes with (L6664). */
const BUSY = /^ready_(service|private)$/;

export interface AgentHost {
  readonly clock: Clock;
  readonly dialingPollMs: number;
  /** The agent signed in (it may change at login). */
  agent(): string;
  getStatus(): Promise<WireObject>;
  emit(e: DomainEvent): void;
  log(level: 'debug' | 'info', message: string): void;
  /** Whether work started now still belongs to the connection when it ends. */
  current(): () => boolean;
  /** Commands may go (the dialing poll waits otherwise). */
  ready(): boolean;
}

export class InteractAgent {
  readonly calls = new InteractCalls(() => void this.refreshQuietly());
  readonly #host: AgentHost;
  /** Agent events received so far: a `get_status` answer older than an event is stale. */
  #eventSeq = 0;
  /** Agent reports (state, snapshot, login) received so far: did the server tell the state since X? */
  #stateSeq = 0;
  /** A login was answered and no state came yet: a `get_status` still saying "not logged in" is late. */
  #loginPending = false;
  /** `set_state` requests sent. */
  #stateAsks = 0;
  /** The agent as the server last reported it (state, pause, pre-pause). */
  #report: AgentReport | undefined;
  #dialingTimer: TimerHandle | undefined;

  constructor(host: AgentHost) {
    this.#host = host;
  }

  get stateSeq(): number {
    return this.#stateSeq;
  }

  /** Publish an agent or call event, filled in and remembered. */
  publish(e: DomainEvent): void {
    // After-call work is a call's state, not the agent's (L1424, L1345-1363): the agent stays ready_service /
    // ready_private, so that report while a released call owes its work keeps the agent in after-call work.
    if (e.type === 'agent' && this.calls.owes && BUSY.test(e.agent.detail)) e = { ...e, agent: { ...e.agent, phase: 'after-call' } };
    if (e.type === 'agent' || e.type === 'snapshot' || e.type === 'logged-in' || e.type === 'logged-out') {
      this.#stateSeq += 1;
      if ('agent' in e) this.#report = e.agent;
      // A reported state ends the wait; `logged-in` alone (on_login without a state) does not.
      if (e.type !== 'logged-in' && (e.type !== 'agent' || e.agent.detail !== LOGIN_PENDING)) this.#loginPending = false;
    }
    this.#host.emit(this.calls.track(this.calls.annotate(e)));
  }

  /** An agent event from the channel (events of other agents are not ours). */
  event(ev: Extract<WireEvent, { kind: 'agent' }>): void {
    if (ev.agent && ev.agent.toLowerCase() !== this.#host.agent().toLowerCase()) return;
    this.#eventSeq += 1;
    // A call event carries the agent's fields (L1277-1279): a pre-pause set or dropped from another client (no
    // event of its own, L1252) is told there, before the call moves the agent (its end enters the pause, L1336).
    const f = ev.fields;
    if (f && BUSY.test(f.detail) && JSON.stringify(f.pendingPause) !== JSON.stringify(this.#report?.pendingPause)) this.publish({ type: 'agent', agent: f });
    for (const e of ev.events) this.publish(e);
    // on_login without a state: ask for it rather than guess.
    if (ev.name === 'on_login' && ev.events.some((e) => e.type === 'agent' && e.agent.detail === LOGIN_PENDING)) {
      this.#loginPending = true;
      void this.refreshQuietly();
    }
    // A failure pause: a call not accepted in time went back to the queue (L4363) with no event of its own;
    // get_status tells which calls are left.
    else if (ev.events.some((e) => e.type === 'agent' && isFailurePause(e.agent.detail))) void this.refreshQuietly();
    this.armDialingPoll();
  }

  /**
   * `set_state` sent (`pending`: the pause asked, none for ready). Accepted while the agent is busy (ready_service,
   * ready_private), a pause is a pre-pause, entered once every call is over, and ready drops it (L1336, L6664);
   * the state does not change, so no on_state_change is promised (L1252): the last report, with it. Two in
   * flight may be answered in the other order: the one sent last decides.
   */
  async setState(request: Promise<unknown>, pending: PauseInfo | undefined): Promise<void> {
    const asked = ++this.#stateAsks;
    await request;
    const r = this.#report;
    // A pending pause the server named stays as it named it.
    if (asked === this.#stateAsks && r && BUSY.test(r.detail) && r.pendingPause?.reasonId !== pending?.reasonId)
      this.publish({ type: 'agent', agent: { ...r, pendingPause: pending } });
  }

  /** The login was answered; `stateSeq`: `this.stateSeq` when it was sent. */
  loggedIn(agentId: string, extension: string | undefined, stateSeq: number): void {
    const ext = extension ? { extension } : {};
    // on_login (or another state report) came before the answer: it already told the state. Else the answer
    // carries no state (L3716-3753): signed in, state not known until on_login or get_status says it.
    const untold = stateSeq === this.#stateSeq;
    if (untold) {
      this.#loginPending = true;
      this.publish({ type: 'agent', agent: { phase: 'unknown', detail: LOGIN_PENDING, agentId, ...ext } });
    }
    this.#host.emit({ type: 'logged-in', agentId, ...ext });
    if (untold) void this.refreshQuietly();
  }

  /**
   * `get_status` → the authoritative snapshot. An answer is discarded when an agent event arrived
   * while it was in flight (the event is newer than the answer): ask again, a few times at most;
   * if events keep coming, they are keeping the state current and no snapshot is needed.
   */
  async snapshot(): Promise<void> {
    const host = this.#host;
    const current = host.current();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const seq = this.#eventSeq;
      const body = await host.getStatus();
      if (!current()) return;
      if (seq === this.#eventSeq) {
        const snapshot = snapshotFromStatus(body, host.agent());
        if (!snapshot) {
          // Nothing about us: what we know stays (the answer is no news, not "logged out").
          host.log('info', 'get_status did not list the agent; keeping the known state');
        } else if (this.#loginPending && snapshot.agent.phase === 'logged-out') {
          host.log('info', 'get_status still says not logged in after the login answer; waiting for on_login');
        } else {
          // get_status has no pre_pause (L3926-4060): a pause pending while the state stays busy stays pending.
          const p = this.#report?.pendingPause;
          this.publish(p && BUSY.test(snapshot.agent.detail) ? { ...snapshot, agent: { pendingPause: p, ...snapshot.agent } } : snapshot);
          this.armDialingPoll();
        }
        return;
      }
      host.log('debug', 'get_status answer older than an event: asking again');
    }
  }

  /** `get_status` → snapshot, for the adapter's own needs: a failure is logged, never shown. */
  async refreshQuietly(): Promise<void> {
    const current = this.#host.current();
    try {
      await this.snapshot();
    } catch (e) {
      if (current()) this.#host.log('info', `get_status failed (${(e as CtiError).code}); keeping the known state`);
    }
  }

  /**
   * While a call we dialled (outbound or consultation) is not known to be answered, ask `get_status`
   * now and then: the manual promises no event when the far end answers (on_call_accept is "aceita/
   * atendida pelo agente"), while `get_status` reports each call's `call_state`.
   */
  armDialingPoll(): void {
    const host = this.#host;
    if (this.#dialingTimer || this.calls.dialing.size === 0 || !host.ready()) return;
    const current = host.current();
    this.#dialingTimer = host.clock.setTimeout(() => {
      this.#dialingTimer = undefined;
      if (!current() || this.calls.dialing.size === 0 || !host.ready()) return;
      void this.refreshQuietly().then(() => this.armDialingPoll());
    }, host.dialingPollMs);
  }

  /** The connection went: no poll. */
  stop(): void {
    if (this.#dialingTimer) this.#host.clock.clearTimeout(this.#dialingTimer);
    this.#dialingTimer = undefined;
  }
}
