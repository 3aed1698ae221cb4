/**
 * Host-page events, computed from two snapshots.
 *
 * `diffSnapshots(prev, next)` is pure: it returns data (`HostEvent[]`) in a stable order
 * (connection, agent, calls by position in `next.calls`, then removed calls, then notices, then error).
 * `toDomEvent(hostEvent)` turns one into the event class `<cti-provider>` dispatches.
 *
 * Rules:
 * - `cti-connection-changed`: `connection.status` differs (or the first snapshot).
 * - `cti-agent-state-changed`: phase, vendor detail or pause reason differs (or the first snapshot).
 * - `cti-incoming-call`: an inbound call is `ringing` now and was not ringing before; or a call first
 *   appears already talking (`active`/`held`/`conference`, never seen ringing or dialing) and is inbound,
 *   of unknown direction, or a dialer call (`detail` `dialer`): a queue or dialer call put straight
 *   through (Tactium `<R>`/`<A>`, Catix). Its detail says `connected: true`; `cti-call-answered` follows.
 *   This holds for the first snapshot too (a tab opened during a call gets its screen pop). `primary` is true
 *   in the one tab the hub pinned the call to (`popCalls`: the elected tab when it appeared, or the elected
 *   one once that tab is gone); without a hub election (`popCalls` absent) the tab counts as elected.
 * - `cti-call-answered`: `answeredAt` became set on a call that is not over.
 * - `cti-call-ended`: a call reached `wrap-up`/`ended`, or vanished, after being live.
 * - `cti-call-data`: a call's `data` has a key that is new or holds another value (a call not in `prev`
 *   counts as having had no data; keys that disappear alone are not reported).
 * - `cti-notice`: a notice whose id was not in `prev.notices` (after the call events).
 * - `cti-error`: `lastError` is a new error (other code or time). In the first snapshot (a tab opened later, a
 *   reload) only a condition that holds now fires: past failures are history, not news (issue #11).
 *
 * A rejected command is a failure the element shows too: `HostEventTracker` turns it into one
 * `cti-error` in the tab that issued it, and keeps the same failure from firing again when the
 * vendor adapter also publishes it as the snapshot's `lastError` (and the other way round).
 */
import type { Command } from '../domain/commands.js';
import { DIALER_CALL, type AgentState, type Call, type CtiError, type Notice, type SessionSnapshot } from '../domain/model.js';
import { CtiAgentStateChangedEvent, type CtiAgentStateChangedDetail, type CtiAgentStateSummary } from '../events/cti-agent-state-changed.js';
import { CtiCallAnsweredEvent, type CtiCallAnsweredDetail } from '../events/cti-call-answered.js';
import { CtiCallDataEvent, type CtiCallDataDetail } from '../events/cti-call-data.js';
import { CtiCallEndedEvent, type CtiCallEndedDetail } from '../events/cti-call-ended.js';
import { CtiConnectionChangedEvent, type CtiConnectionChangedDetail } from '../events/cti-connection-changed.js';
import { CtiErrorEvent } from '../events/cti-error.js';
import { CtiIncomingCallEvent, type CtiIncomingCallDetail } from '../events/cti-incoming-call.js';
import { CtiNoticeEvent } from '../events/cti-notice.js';
import { isCtiError } from '../vendors/adapter.js';
import { currentCondition } from '../domain/conditions.js';
import type { CtiSessionHandle } from './types.js';

export type HostEvent =
  | { readonly type: 'cti-connection-changed'; readonly detail: CtiConnectionChangedDetail }
  | { readonly type: 'cti-agent-state-changed'; readonly detail: CtiAgentStateChangedDetail }
  | { readonly type: 'cti-incoming-call'; readonly detail: CtiIncomingCallDetail }
  | { readonly type: 'cti-call-answered'; readonly detail: CtiCallAnsweredDetail }
  | { readonly type: 'cti-call-ended'; readonly detail: CtiCallEndedDetail }
  | { readonly type: 'cti-call-data'; readonly detail: CtiCallDataDetail }
  | { readonly type: 'cti-notice'; readonly detail: Notice }
  /** `command`: the type of the rejected command (absent for a snapshot's `lastError`). */
  | { readonly type: 'cti-error'; readonly detail: CtiError; readonly command?: string };

const OVER: ReadonlySet<Call['state']> = new Set(['wrap-up', 'ended']);
const TALKING: ReadonlySet<Call['state']> = new Set(['active', 'held', 'conference']);

/** A call nobody saw ringing that is already talking, put through to the agent (not one the agent dialled). */
function arrivedConnected(call: Call, old: Call | undefined): boolean {
  return !old && TALKING.has(call.state) && (call.direction !== 'outbound' || call.detail === DIALER_CALL);
}

function summary(agent: AgentState): CtiAgentStateSummary {
  return agent.pause
    ? { phase: agent.phase, detail: agent.detail, pauseReasonId: agent.pause.reasonId }
    : { phase: agent.phase, detail: agent.detail };
}

function sameAgent(a: AgentState, b: AgentState): boolean {
  return a.phase === b.phase && a.detail === b.detail && a.pause?.reasonId === b.pause?.reasonId;
}

function sameError(a: CtiError | undefined, b: CtiError | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.code === b.code && a.at === b.at && a.detail === b.detail && a.operation === b.operation;
}

function ended(call: Call, answered: boolean): CtiCallEndedDetail {
  const talkMs =
    call.answeredAt !== undefined && call.endedAt !== undefined ? Math.max(0, call.endedAt - call.answeredAt) : undefined;
  return {
    callId: call.id,
    direction: call.direction,
    remote: call.remote,
    ...(call.service !== undefined ? { service: call.service } : {}),
    data: call.data,
    answered,
    ...(talkMs !== undefined ? { talkMs } : {}),
  };
}

/** The host-page events that lead from `prev` to `next` (`prev` undefined: the first snapshot). */
export function diffSnapshots(prev: SessionSnapshot | undefined, next: SessionSnapshot): HostEvent[] {
  const out: HostEvent[] = [];
  if (prev === next) return out;

  if (!prev || prev.connection.status !== next.connection.status) {
    out.push({
      type: 'cti-connection-changed',
      detail: { previous: prev?.connection.status, next: next.connection.status, connection: next.connection },
    });
  }

  if (!prev || !sameAgent(prev.agent, next.agent)) {
    out.push({
      type: 'cti-agent-state-changed',
      detail: { previous: prev ? summary(prev.agent) : undefined, next: summary(next.agent), agent: next.agent },
    });
  }

  const before = new Map((prev?.calls ?? []).map((c) => [c.id, c]));
  for (const call of next.calls) {
    const old = before.get(call.id);
    const connected = arrivedConnected(call, old);
    if ((call.state === 'ringing' && call.direction !== 'outbound' && old?.state !== 'ringing') || connected) {
      out.push({
        type: 'cti-incoming-call',
        detail: {
          callId: call.id,
          from: call.remote[0] ?? { number: '' },
          ...(call.service !== undefined ? { service: call.service } : {}),
          data: call.data,
          ...(call.lineId !== undefined ? { lineId: call.lineId } : {}),
          mustAccept: call.mustAccept,
          // The hub pins each call to the tab elected when it appeared: one tab of the browser pops it.
          primary: next.popCalls ? next.popCalls.includes(call.id) : next.primary !== false,
          ...(connected ? { connected: true as const } : {}),
        },
      });
    }
    if (call.answeredAt !== undefined && old?.answeredAt === undefined && !OVER.has(call.state)) {
      out.push({
        type: 'cti-call-answered',
        detail: {
          callId: call.id,
          direction: call.direction,
          remote: call.remote,
          ...(call.service !== undefined ? { service: call.service } : {}),
          data: call.data,
          answeredAt: call.answeredAt,
        },
      });
    }
    if (OVER.has(call.state) && old && !OVER.has(old.state)) {
      out.push({ type: 'cti-call-ended', detail: ended(call, call.answeredAt !== undefined) });
    }
    if (call.data !== old?.data && Object.entries(call.data).some(([k, v]) => old?.data[k] !== v)) {
      out.push({
        type: 'cti-call-data',
        detail: {
          callId: call.id,
          direction: call.direction,
          remote: call.remote,
          data: call.data,
          ...(call.lineId !== undefined ? { lineId: call.lineId } : {}),
        },
      });
    }
  }
  const now = new Set(next.calls.map((c) => c.id));
  for (const old of prev?.calls ?? []) {
    if (!now.has(old.id) && !OVER.has(old.state)) {
      out.push({ type: 'cti-call-ended', detail: ended(old, old.answeredAt !== undefined) });
    }
  }

  const known = new Set((prev?.notices ?? []).map((n) => n.id));
  for (const notice of next.notices) if (!known.has(notice.id)) out.push({ type: 'cti-notice', detail: notice });

  const news = prev ? !sameError(prev.lastError, next.lastError) : sameError(next.lastError, currentCondition(next));
  if (next.lastError && news) {
    out.push({ type: 'cti-error', detail: next.lastError });
  }
  return out;
}

/** The DOM event for a host event (bubbles, composed). */
export function toDomEvent(event: HostEvent): Event {
  switch (event.type) {
    case 'cti-connection-changed':
      return new CtiConnectionChangedEvent(event.detail);
    case 'cti-agent-state-changed':
      return new CtiAgentStateChangedEvent(event.detail);
    case 'cti-incoming-call':
      return new CtiIncomingCallEvent(event.detail);
    case 'cti-call-answered':
      return new CtiCallAnsweredEvent(event.detail);
    case 'cti-call-ended':
      return new CtiCallEndedEvent(event.detail);
    case 'cti-call-data':
      return new CtiCallDataEvent(event.detail);
    case 'cti-notice':
      return new CtiNoticeEvent(event.detail);
    case 'cti-error':
      return new CtiErrorEvent(event.detail, event.command);
  }
}

/* ------------------------------------------------------- one cti-error per failure */

/** The same failure seen twice (a rejection and the snapshot's `lastError`) has the same key. */
function errorKey(error: CtiError): string {
  return `${error.code}|${error.at}|${error.vendorCode ?? ''}|${error.detail ?? ''}`;
}

/** How many keys each side remembers while waiting for the other side (a few frames' worth). */
const REMEMBERED = 32;

function take(keys: string[], key: string): boolean {
  const i = keys.indexOf(key);
  if (i < 0) return false;
  keys.splice(i, 1);
  return true;
}

function remember(keys: string[], key: string): void {
  keys.push(key);
  if (keys.length > REMEMBERED) keys.shift();
}

/** A command's rejection as the typed error the host page gets (the command type as `operation` when it has none). */
export function commandError(reason: unknown, command: string): CtiError {
  if (isCtiError(reason)) return reason.operation ? reason : { ...reason, operation: command };
  const detail = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : undefined;
  return { code: 'internal', at: Date.now(), operation: command, ...(detail !== undefined ? { detail } : {}) };
}

/**
 * The host-page events of one session in one tab: the snapshot diffs, plus one `cti-error` per
 * rejected command. Adapters that also publish a command's failure as `lastError` (Catix, DGPhone,
 * Tactium) would make it fire twice: an error fired from one side is not fired again when the other
 * side brings it (same code, time, vendor code and detail), whichever arrives first. Other tabs, which
 * did not issue the command, see only the snapshot's `lastError` (their elements show that one).
 */
export class HostEventTracker {
  #last: SessionSnapshot | undefined;
  /** Fired from a rejection, not yet seen as `lastError`. */
  readonly #fromCommands: string[] = [];
  /** Fired from `lastError`, not yet seen as a rejection. */
  readonly #fromSnapshots: string[] = [];
  /** Commands of this tab not settled yet (`started` / `settled`). */
  #inFlight = 0;
  /** `lastError`s held while a command is in flight: the hub sends an agent's change at once, so a failure can
   * arrive as `lastError` just before the command's own rejection, which names the command (issue #13 §2). */
  #held: { event: Extract<HostEvent, { type: 'cti-error' }>; key: string }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #late: ((event: HostEvent) => void) | undefined;
  readonly #holdMs: number;

  /**
   * `late`: where a held `lastError` goes when no rejection claimed it (its commands settled, or `holdMs`
   * passed). Without it nothing is held: a `lastError` fires at once, as before.
   */
  constructor(late?: (event: HostEvent) => void, holdMs = 250) {
    this.#late = late;
    this.#holdMs = holdMs;
  }

  /** A command of this tab was sent. */
  started(): void {
    this.#inFlight++;
  }

  /** A command of this tab settled (after `rejected` when it failed): held errors nobody claimed fire now. */
  settled(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (this.#inFlight === 0) this.#release();
  }

  /** Forget what is held (the session is gone). */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#held = [];
  }

  #release(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const held = this.#held;
    this.#held = [];
    for (const { event, key } of held) {
      remember(this.#fromSnapshots, key);
      this.#late?.(event);
    }
  }

  /** The events from the last snapshot to `next` (`[]` for the same snapshot again). */
  snapshot(next: SessionSnapshot): HostEvent[] {
    if (next === this.#last) return [];
    const events = diffSnapshots(this.#last, next);
    this.#last = next;
    return events.filter((event) => {
      if (event.type !== 'cti-error') return true;
      const key = errorKey(event.detail);
      if (take(this.#fromCommands, key)) return false;
      if (this.#late && this.#inFlight > 0) {
        this.#held.push({ event, key });
        this.#timer ??= setTimeout(() => this.#release(), this.#holdMs);
        return false;
      }
      remember(this.#fromSnapshots, key);
      return true;
    });
  }

  /** The `cti-error` for a rejected command, or `undefined` when it already fired as `lastError`. */
  rejected(reason: unknown, command: string): Extract<HostEvent, { type: 'cti-error' }> | undefined {
    const error = commandError(reason, command);
    const key = errorKey(error);
    const held = this.#held.findIndex((h) => h.key === key);
    if (held >= 0) {
      // The same failure came as lastError first and was held: it fires once, naming its command.
      this.#held.splice(held, 1);
      return { type: 'cti-error', detail: error, command };
    }
    if (take(this.#fromSnapshots, key)) return undefined;
    remember(this.#fromCommands, key);
    return { type: 'cti-error', detail: error, command };
  }
}

/**
 * `session`, whose `execute` also hands every rejection to `onRejected` (then rejects as before, with
 * the same reason). What `<cti-provider>` gives its elements and the host page.
 */
export function reportingRejections(
  session: CtiSessionHandle,
  onRejected: (reason: unknown, command: Command) => void,
  inFlight?: { started(): void; settled(): void },
): CtiSessionHandle {
  return {
    get config() {
      return session.config;
    },
    get snapshot() {
      return session.snapshot;
    },
    get hubMode() {
      return session.hubMode;
    },
    subscribe: (listener) => session.subscribe(listener),
    // The log and connection history the diagnostics ask the hub for.
    ...(session.hubDiagnostics ? { hubDiagnostics: () => session.hubDiagnostics!() } : {}),
    execute(command) {
      inFlight?.started();
      let result: Promise<void>;
      try {
        result = session.execute(command);
      } catch (e) {
        result = Promise.reject(e);
      }
      return result.then(
        () => inFlight?.settled(),
        (reason: unknown) => {
          try {
            onRejected(reason, command);
          } catch (e) {
            queueMicrotask(() => {
              throw e;
            });
          }
          inFlight?.settled();
          throw reason;
        },
      );
    },
    dispose: () => session.dispose(),
  };
}
