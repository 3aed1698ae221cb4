/**
 * The agent lifecycle as a pure state machine: `agentTransition(state, event, now) → [state, effects]`.
 * Pure: no DOM, no Lit, no comlink, no clock of its own (`now` is injected).
 *
 * ```
 *                 logged-in, agent(ready)                 agent(paused)
 *   ┌────────────┐ ─────────────────────► ┌───────┐ ─────────────────────► ┌────────┐ reason,
 *   │ logged-out │                        │ ready │                        │ paused │ failure,
 *   └────────────┘ ◄──── logged-out ───── └───────┘ ◄───────────────────── └────────┘ endsAt
 *     │   │          (from every phase)     │   ▲          agent(ready)         ▲
 *     │   └── agent(paused) ────────────────┼───┼───────────────────────────────┤
 *     │                      offered,       │   │ calls over,                   │ calls over and
 *     ✗ agent(busy |         dialing,       ▼   │ no pause pending              │ pendingPause set
 *       after-call)          answered  ┌──────┐ │                               │
 *       = ILLEGAL                      │ busy │─┴───────────────────────────────┤
 *                                      └──────┘ pendingPause = pause asked      │
 *                    released with wrap-up │    while busy (Interact pre_pause) │
 *                    and/or classification ▼                                    │
 *                                  ┌────────────┐ call-ended (that call,        │
 *                                  │ after-call │ no call left) ────────────────┘ (or → ready)
 *                                  └────────────┘ wrapUpBy / classifyBy = now + seconds × 1000
 *
 *   unknown   a phase the vendor names that we cannot map; every transition out of it is legal.
 *   snapshot  authoritative resync: always accepted, from any phase, to any phase.
 * ```
 *
 * Rules:
 * - `agent` reports are the vendor's truth: they replace `detail`, `pause`, `pendingPause`, `changedBy`
 *   (and `agentId` / `extension` when given). The only illegal report is a call phase (`busy`,
 *   `after-call`) while logged out: the state is kept and an `illegal` effect makes it visible.
 * - Call events drive the phase for vendors without agent states: offered / dialing / answered make a
 *   ready or unknown agent `busy`; `call-released` with a wrap-up or classification enters `after-call`
 *   with deadlines `now + seconds`; `call-ended` (of the after-call call, or the last call) leaves to
 *   `paused` when a pause is pending, else `ready`. Call events while logged out do not move the agent.
 * - `since` changes only when the phase (or the pause reason) changes.
 * - `logged-in` with a different agent while logged in is illegal.
 */
import type { DomainEvent, DomainEventType } from './events.js';
import { AgentPhase } from './model.js';
import type { AfterCallInfo, AgentState, PauseInfo, Timestamp } from './model.js';

/** What an agent transition asks the outside world to know or do. Data, not callbacks. */
export type AgentEffect =
  | { readonly type: 'agent-changed'; readonly previous: AgentState; readonly next: AgentState }
  /** A transition the machine refused; the store logs it as a warning. */
  | { readonly type: 'illegal'; readonly from: AgentPhase; readonly event: DomainEventType; readonly reason: string };

export type AgentEffectType = AgentEffect['type'];

/** The state before any event: logged out, nothing known. */
export function initialAgentState(now: Timestamp): AgentState {
  return { phase: AgentPhase.LoggedOut, since: now, detail: '' };
}

/** Phases an `agent` report may move to from each phase. */
const REPORT_ALLOWED: Readonly<Record<AgentPhase, readonly AgentPhase[]>> = {
  [AgentPhase.LoggedOut]: [AgentPhase.LoggedOut, AgentPhase.Ready, AgentPhase.Paused, AgentPhase.Unknown],
  [AgentPhase.Ready]: Object.values(AgentPhase),
  [AgentPhase.Paused]: Object.values(AgentPhase),
  [AgentPhase.Busy]: Object.values(AgentPhase),
  [AgentPhase.AfterCall]: Object.values(AgentPhase),
  [AgentPhase.Unknown]: Object.values(AgentPhase),
};

/**
 * Apply one event to the agent.
 * @param openCalls calls still open (not ended) after the event, as the store knows them; decides whether
 *   the end of a call leaves the agent busy. Defaults to 0.
 */
export function agentTransition(
  state: AgentState,
  event: DomainEvent,
  now: Timestamp,
  openCalls = 0,
): [AgentState, AgentEffect[]] {
  const next = nextState(state, event, now, openCalls);
  if (typeof next === 'string') {
    return [state, [{ type: 'illegal', from: state.phase, event: event.type, reason: next }]];
  }
  if (plainEquals(state, next)) return [state, []];
  return [next, [{ type: 'agent-changed', previous: state, next }]];
}

/** The next state, or the reason the event is illegal in this state. */
function nextState(state: AgentState, event: DomainEvent, now: Timestamp, openCalls: number): AgentState | string {
  const loggedOut = state.phase === AgentPhase.LoggedOut;
  switch (event.type) {
    case 'snapshot': {
      const report = event.agent;
      const keepAfterCall =
        state.afterCall && report.phase !== AgentPhase.LoggedOut && event.calls.some((c) => c.id === state.afterCall?.callId)
          ? state.afterCall
          : undefined;
      const derivedAfterCall =
        report.phase === AgentPhase.AfterCall && !keepAfterCall
          ? afterCallFromCalls(event.calls.find((c) => c.state === 'wrap-up')?.id)
          : undefined;
      return fromReport(state, report, now, keepAfterCall ?? derivedAfterCall);
    }
    case 'agent': {
      const report = event.agent;
      if (!REPORT_ALLOWED[state.phase].includes(report.phase)) {
        return `agent reported ${report.phase} while ${state.phase}`;
      }
      const keep =
        state.afterCall && report.phase !== AgentPhase.LoggedOut &&
        (report.phase === AgentPhase.AfterCall || state.afterCall.mustClassify)
          ? state.afterCall
          : undefined;
      return fromReport(state, report, now, keep);
    }
    case 'logged-in': {
      if (!loggedOut && state.agentId !== undefined && state.agentId !== event.agentId) {
        return `logged-in as ${event.agentId} while logged in as ${state.agentId}`;
      }
      const base: AgentState = { ...state, agentId: event.agentId, extension: event.extension ?? state.extension };
      return loggedOut ? enter(base, AgentPhase.Ready, now, { detail: '' }) : base;
    }
    case 'logged-out':
      return {
        phase: AgentPhase.LoggedOut,
        since: loggedOut ? state.since : now,
        detail: '',
        ...(state.agentId !== undefined ? { agentId: state.agentId } : {}),
        ...(state.extension !== undefined ? { extension: state.extension } : {}),
      };
    case 'call-offered':
    case 'call-dialing':
    case 'call-answered':
    case 'call-conference':
      if (state.phase === AgentPhase.Ready || state.phase === AgentPhase.Unknown) {
        return enter(state, AgentPhase.Busy, now, {});
      }
      return state;
    case 'call-released': {
      if (loggedOut) return state;
      if (owesWork(event)) {
        const afterCall: AfterCallInfo = {
          callId: event.callId,
          mustClassify: event.mustClassify === true,
          ...((event.classifySeconds ?? 0) > 0 ? { classifyBy: now + event.classifySeconds! * 1000 } : {}),
          ...((event.wrapUpSeconds ?? 0) > 0 ? { wrapUpBy: now + event.wrapUpSeconds! * 1000 } : {}),
        };
        if (state.phase === AgentPhase.Paused) return { ...state, afterCall };
        return enter(state, AgentPhase.AfterCall, now, { afterCall });
      }
      return state.phase === AgentPhase.Busy && openCalls === 0 ? leaveCalls(state, now) : state;
    }
    case 'call-ended': {
      if (loggedOut) return state;
      if (state.afterCall?.callId === event.callId) {
        const { afterCall: _done, ...rest } = state;
        return state.phase === AgentPhase.AfterCall && openCalls === 0 ? leaveCalls(rest, now) : rest;
      }
      return state.phase === AgentPhase.Busy && openCalls === 0 ? leaveCalls(state, now) : state;
    }
    case 'call-transferred':
      return !loggedOut && state.phase === AgentPhase.Busy && !event.stays && openCalls === 0
        ? leaveCalls(state, now)
        : state;
    default:
      return state;
  }
}

/** Whether a released call leaves work owed (a wrap-up or a classification): the call and the agent enter it. */
export function owesWork(event: Extract<DomainEvent, { type: 'call-released' }>): boolean {
  return event.mustClassify === true || (event.wrapUpSeconds ?? 0) > 0 || (event.classifySeconds ?? 0) > 0;
}

/** Calls are over: enter the pending pause, or ready. */
function leaveCalls(state: AgentState, now: Timestamp): AgentState {
  const { pendingPause, afterCall: _afterCall, ...rest } = state;
  if (pendingPause) return enter(rest, AgentPhase.Paused, now, { pause: pendingPause });
  return enter(rest, AgentPhase.Ready, now, {});
}

/** Enter `phase`; `since` moves only if the phase (or pause reason) really changes. */
function enter(
  state: AgentState,
  phase: AgentPhase,
  now: Timestamp,
  patch: { detail?: string; pause?: PauseInfo; afterCall?: AfterCallInfo },
): AgentState {
  const { pause: _p, afterCall: _a, pendingPause, ...rest } = state;
  const pause = phase === AgentPhase.Paused ? (patch.pause ?? state.pause) : undefined;
  const afterCall = patch.afterCall ?? (phase === AgentPhase.AfterCall ? state.afterCall : undefined);
  const sameReason = state.pause?.reasonId === pause?.reasonId;
  return {
    ...rest,
    phase,
    since: state.phase === phase && sameReason ? state.since : now,
    detail: patch.detail ?? (state.phase === phase ? state.detail : ''),
    ...(pause ? { pause } : {}),
    ...(afterCall ? { afterCall } : {}),
    ...(pendingPause && phase !== AgentPhase.Paused ? { pendingPause } : {}),
  };
}

function fromReport(
  state: AgentState,
  report: {
    readonly phase: AgentPhase;
    readonly detail: string;
    readonly since?: Timestamp;
    readonly agentId?: string;
    readonly extension?: string;
    readonly pause?: PauseInfo;
    readonly pendingPause?: PauseInfo;
    readonly changedBy?: string;
  },
  now: Timestamp,
  afterCall: AfterCallInfo | undefined,
): AgentState {
  const pause = report.phase === AgentPhase.Paused ? report.pause : undefined;
  const samePhase = state.phase === report.phase && state.pause?.reasonId === pause?.reasonId;
  const agentId = report.agentId ?? state.agentId;
  const extension = report.extension ?? state.extension;
  return {
    phase: report.phase,
    // A vendor-given start is trusted only in the past (clocks differ; a future start would count down).
    since: samePhase ? state.since : Math.min(report.since ?? now, now),
    detail: report.detail,
    ...(agentId !== undefined ? { agentId } : {}),
    ...(extension !== undefined ? { extension } : {}),
    ...(pause ? { pause } : {}),
    ...(report.pendingPause && report.phase !== AgentPhase.Paused ? { pendingPause: report.pendingPause } : {}),
    ...(afterCall ? { afterCall } : {}),
    ...(report.changedBy !== undefined ? { changedBy: report.changedBy } : {}),
  };
}

function afterCallFromCalls(callId: string | undefined): AfterCallInfo | undefined {
  return callId === undefined ? undefined : { callId, mustClassify: false };
}

/**
 * Structural equality of two plain-data values (`undefined` properties count as absent). Two lists are compared item
 * by item, so a list that kept most of its items (a 1,000-agent team where one changed) costs one identity check per
 * kept item instead of a copy and a serialisation of the whole list.
 */
export function plainEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => plainEquals(x, b[i]));
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sorted(v);
    }
    return out;
  }
  return value;
}
