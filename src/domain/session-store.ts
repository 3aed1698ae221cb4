/**
 * The session store: folds `DomainEvent`s into immutable `SessionSnapshot`s through the agent and call
 * machines. Pure: no DOM, no Lit, no comlink; time and timers come from the injected `Clock`.
 *
 * ```
 *   DomainEvent ──► apply ──► agentTransition ─┐
 *                     │                        ├──► effects ──► log (illegal → warn)
 *                     └────► callsTransition ──┘               remove-later → clock.setTimeout
 *                     │                                                         │
 *                     ▼                                                         ▼
 *   snapshot vN ──► snapshot vN+1 (a NEW frozen object, only if something changed) ◄── onChange
 * ```
 *
 * - Every change gives a new snapshot object with `version + 1`; a no-op returns the very same object,
 *   so consumers can compare with `Object.is`.
 * - Queue figures and team members that repeat (a vendor's statistics recounted every interval) are a no-op:
 *   the entry keeps its `updatedAt`, the time it last changed (`unlessRepeat`); no adapter filters them itself.
 * - `snapshot` events are authoritative: agent and calls are REPLACED, never merged.
 * - Ended calls linger `endedCallLingerMs`, then a clock timer removes them and calls `onChange`.
 * - Nothing secret enters the snapshot: events carry no credentials, call data drops secret-named keys,
 *   and log messages and `lastError.detail` (server text) have secret values masked whole (`redact`).
 * - A condition (an outage error: `conditions.ts`) is also the snapshot's `condition`; when the connection is
 *   `connected` again it is removed, and so is a `lastError` that is a condition (a later tab sees no history).
 */
import { agentTransition, initialAgentState, plainEquals } from './agent-machine.js';
import type { AgentEffect } from './agent-machine.js';
import { callTransition, callsTransition, DEFAULT_ENDED_CALL_LINGER_MS } from './call-machine.js';
import type { CallEffect } from './call-machine.js';
import type { Clock, TimerHandle } from './clock.js';
import type { DomainEvent } from './events.js';
import { redact, redactError } from './redact.js';
import { isCondition } from './conditions.js';
import { defined } from './defined.js';
import { trackHistory } from './session-history.js';
import { CallState, ConnectionStatus } from './model.js';
import type {
  Call,
  Capabilities,
  ConnectionInfo,
  ErrorCode,
  LogEntry,
  LogLevel,
  Notice,
  QueueStats,
  SessionSnapshot,
  TeamMember,
} from './model.js';

export interface SessionStoreOptions {
  readonly key: string;
  readonly capabilities: Capabilities;
  readonly clock: Clock;
  /** Called when the snapshot changes on its own (a timer removing an ended call, for example). */
  readonly onChange?: (snapshot: SessionSnapshot) => void;
  /** How long an ended call stays visible (ms). Default 4000. */
  readonly endedCallLingerMs?: number;
  /** Log entries kept (default 50). */
  readonly logLimit?: number;
}

export interface SessionStore {
  readonly snapshot: SessionSnapshot;
  /** Apply an event; returns the new snapshot (the same object when nothing changed). */
  apply(event: DomainEvent): SessionSnapshot;
  setTabs(tabs: number): SessionSnapshot;
  log(level: LogLevel, message: string, code?: ErrorCode): SessionSnapshot;
  /** Stop timers. */
  dispose(): void;
}

/** The mutable parts of a snapshot one `apply` may change. */
type Draft = { -readonly [K in keyof SessionSnapshot]: SessionSnapshot[K] };

const DEFAULT_LOG_LIMIT = 50;
/** Notices kept (the oldest goes first). */
export const NOTICE_LIMIT = 10;

/** The snapshot before any event. */
export function initialSnapshot(key: string, capabilities: Capabilities, now: number): SessionSnapshot {
  return freeze({
    key,
    vendor: capabilities.vendor,
    version: 0,
    connection: { status: ConnectionStatus.Idle, since: now },
    capabilities,
    agent: initialAgentState(now),
    calls: [],
    lines: [],
    queues: [],
    pauseReasons: [],
    classifications: [],
    transferTargets: [],
    notices: [],
    team: [],
    log: [],
    tabs: 0,
  });
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { clock, capabilities } = options;
  const lingerMs = options.endedCallLingerMs ?? DEFAULT_ENDED_CALL_LINGER_MS;
  const logLimit = Math.max(0, options.logLimit ?? DEFAULT_LOG_LIMIT);
  const timers = new Map<string, TimerHandle>();
  let disposed = false;
  let current = initialSnapshot(options.key, capabilities, clock.now());

  /** Publish `draft` as the next snapshot when it differs from the current one. */
  function commit(draft: Draft): SessionSnapshot {
    const changed = (Object.keys(draft) as (keyof Draft)[]).some((k) => k !== 'version' && draft[k] !== current[k]);
    if (!changed) return current;
    // Keep earlier references for structurally equal parts, so unchanged slices stay `Object.is`-equal.
    for (const k of Object.keys(draft) as (keyof Draft)[]) {
      if (draft[k] !== current[k] && plainEquals(draft[k], current[k])) (draft as Record<string, unknown>)[k] = current[k];
    }
    if ((Object.keys(draft) as (keyof Draft)[]).every((k) => k === 'version' || draft[k] === current[k])) return current;
    current = freeze({ ...draft, version: current.version + 1 });
    return current;
  }

  function appendLog(draft: Draft, level: LogLevel, message: string, code?: ErrorCode): void {
    if (logLimit === 0) return;
    const entry: LogEntry = { at: clock.now(), level, message: redact(message), ...(code ? { code } : {}) };
    draft.log = [...draft.log, entry].slice(-logLimit);
  }

  function cancelTimer(callId: string): void {
    const handle = timers.get(callId);
    if (handle) {
      clock.clearTimeout(handle);
      timers.delete(callId);
    }
  }

  /** Cancel the linger timers of calls no longer in the list. */
  function pruneTimers(calls: readonly Call[]): void {
    for (const id of [...timers.keys()]) if (!calls.some((c) => c.id === id && c.state === CallState.Ended)) cancelTimer(id);
  }

  function removeLater(callId: string, ms: number): void {
    cancelTimer(callId);
    const handle = clock.setTimeout(() => {
      timers.delete(callId);
      if (disposed) return;
      const call = current.calls.find((c) => c.id === callId);
      if (!call || call.state !== CallState.Ended) return;
      const next = commit({ ...current, calls: current.calls.filter((c) => c.id !== callId) });
      options.onChange?.(next);
    }, ms);
    timers.set(callId, handle);
  }

  function runEffects(draft: Draft, effects: readonly (AgentEffect | CallEffect)[]): void {
    for (const effect of effects) {
      if (effect.type === 'illegal') {
        const subject = 'callId' in effect ? `call ${effect.callId}` : 'agent';
        appendLog(draft, 'warn', `illegal transition: ${subject} ${effect.from} + ${effect.event} (${effect.reason})`, 'invalid-state');
      } else if (effect.type === 'remove-later') {
        removeLater(effect.callId, effect.ms);
      }
    }
  }

  const openCalls = (calls: readonly Call[]): number =>
    calls.filter((c) => c.state !== CallState.Ended && c.state !== CallState.WrapUp).length;

  function fold(draft: Draft, event: DomainEvent): void {
    const now = clock.now();
    switch (event.type) {
      case 'connection': {
        const previous = draft.connection;
        const connection: ConnectionInfo = {
          status: event.status,
          since: previous.status === event.status ? previous.since : now,
          ...(event.attempt !== undefined ? { attempt: event.attempt } : {}),
          ...(event.retryAt !== undefined ? { retryAt: event.retryAt } : {}),
        };
        draft.connection = connection;
        // A condition holds until the connection is back: then it is gone, not history.
        if (event.status === ConnectionStatus.Connected) {
          delete draft.condition;
          if (isCondition(draft.lastError)) delete draft.lastError;
        }
        return;
      }
      case 'snapshot': {
        const calls: Call[] = [];
        const effects: CallEffect[] = [];
        for (const report of event.calls) {
          if (calls.some((c) => c.id === report.id)) continue;
          const previous = draft.calls.find((c) => c.id === report.id);
          const [call, fx] = callTransition(previous, event, now, capabilities, { targetId: report.id, lingerMs });
          effects.push(...fx);
          if (call) calls.push(call);
        }
        draft.calls = calls;
        pruneTimers(calls);
        const [agent, agentFx] = agentTransition(draft.agent, event, now, openCalls(calls));
        draft.agent = agent;
        runEffects(draft, [...agentFx, ...effects]);
        return;
      }
      case 'agent':
      case 'logged-in': {
        const [agent, fx] = agentTransition(draft.agent, event, now, openCalls(draft.calls));
        draft.agent = agent;
        runEffects(draft, fx);
        return;
      }
      case 'logged-out': {
        const [agent, fx] = agentTransition(draft.agent, event, now, 0);
        draft.agent = agent;
        draft.calls = [];
        pruneTimers([]);
        runEffects(draft, fx);
        return;
      }
      case 'lines':
        draft.lines = [...event.lines];
        return;
      case 'pause-reasons':
        draft.pauseReasons = [...event.reasons];
        return;
      case 'classifications':
        draft.classifications = [...event.classifications];
        return;
      case 'queues':
        draft.queues = mergeQueues(draft.queues, event.queues, event.replace === true, now);
        return;
      case 'transfer-targets':
        draft.transferTargets = event.targets.filter((t) => typeof t.id === 'string' && t.id !== '').map((t) => ({ id: t.id, name: t.name || t.id }));
        return;
      case 'notice': {
        const notice: Notice = { ...event.notice, at: event.notice.at ?? now };
        const others = draft.notices.filter((n) => n.id !== notice.id);
        draft.notices = [...others, notice].slice(-NOTICE_LIMIT);
        return;
      }
      case 'notice-dismissed':
        draft.notices = draft.notices.filter((n) => n.id !== event.id);
        return;
      case 'team':
        draft.team = mergeTeam(draft.team, event.members, event.replace === true, now);
        return;
      case 'error': {
        const error = redactError(event.error);
        draft.lastError = error;
        if (isCondition(error)) draft.condition = error;
        const where = error.operation ? `${error.operation}: ` : '';
        const detail = error.detail ? ` (${error.detail})` : '';
        appendLog(draft, 'error', `${where}${error.code}${detail}`, error.code);
        return;
      }
      default: {
        // The call events (call-offered … call-updated). Any other type changes nothing here: it touches no call
        // (affectedCallIds) and moves no agent.
        const [calls, callFx] = callsTransition(draft.calls, event, now, capabilities, lingerMs);
        draft.calls = calls;
        const [agent, agentFx] = agentTransition(draft.agent, event, now, openCalls(calls));
        draft.agent = agent;
        runEffects(draft, [...callFx, ...agentFx]);
        return;
      }
    }
  }

  return {
    get snapshot() {
      return current;
    },
    apply(event) {
      const draft: Draft = { ...current };
      fold(draft, event);
      trackHistory(current, draft, clock.now());
      return commit(draft);
    },
    setTabs(tabs) {
      return commit({ ...current, tabs: Math.max(0, Math.floor(tabs)) });
    },
    log(level, message, code) {
      const draft: Draft = { ...current };
      appendLog(draft, level, message, code);
      return commit(draft);
    },
    dispose() {
      disposed = true;
      for (const handle of timers.values()) clock.clearTimeout(handle);
      timers.clear();
    },
  };
}

/** Merge queue statistics by id; `replace` drops queues not listed. */
function mergeQueues(
  queues: readonly QueueStats[],
  updates: readonly Partial<QueueStats>[],
  replace: boolean,
  now: number,
): readonly QueueStats[] {
  const byId = new Map<string, QueueStats>();
  if (!replace) for (const q of queues) byId.set(q.id, q);
  for (const update of updates) {
    if (typeof update.id !== 'string' || update.id === '') continue;
    const previous = queues.find((q) => q.id === update.id);
    const queue: QueueStats = {
      ...previous,
      name: previous?.name ?? update.id,
      ...defined({ ...update }),
      id: update.id,
      updatedAt: now,
    };
    byId.set(update.id, unlessRepeat(previous, queue));
  }
  return [...byId.values()];
}

/** Merge supervisor-feed members by agent id; `replace` drops members not listed; `call: null` clears a call. */
function mergeTeam(
  team: readonly TeamMember[],
  updates: Extract<DomainEvent, { type: 'team' }>['members'],
  replace: boolean,
  now: number,
): readonly TeamMember[] {
  const byId = new Map<string, TeamMember>();
  if (!replace) for (const m of team) byId.set(m.agentId, m);
  for (const update of updates) {
    if (typeof update.agentId !== 'string' || update.agentId === '') continue;
    const previous = team.find((m) => m.agentId === update.agentId);
    const { call, ...rest } = update;
    const given = defined(rest) as Partial<TeamMember>;
    const phase = given.phase ?? previous?.phase ?? 'unknown';
    const member: TeamMember = {
      ...previous,
      detail: previous?.detail ?? '',
      ...given,
      phase,
      since: given.since ?? (previous && previous.phase === phase ? previous.since : now),
      agentId: update.agentId,
      updatedAt: now,
    };
    if (call === null) delete (member as { call?: unknown }).call;
    else if (call !== undefined) (member as { call?: TeamMember['call'] }).call = call;
    byId.set(update.agentId, unlessRepeat(previous, member));
  }
  return [...byId.values()];
}

/**
 * `next`, or `previous` when the two differ in `updatedAt` only: an update that changes nothing keeps the entry and
 * its updatedAt (the time it last changed), so a vendor that repeats its statistics or a polled status does not
 * publish a new snapshot to every tab.
 */
function unlessRepeat<T extends { readonly updatedAt: number }>(previous: T | undefined, next: T): T {
  return previous !== undefined && plainEquals({ ...next, updatedAt: 0 }, { ...previous, updatedAt: 0 }) ? previous : next;
}

/** Freeze a snapshot and its top-level collections (elements treat it as immutable; this keeps it so). */
function freeze(snapshot: SessionSnapshot): SessionSnapshot {
  for (const value of Object.values(snapshot)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(snapshot);
}
