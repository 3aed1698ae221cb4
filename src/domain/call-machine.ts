/**
 * The call lifecycle as a pure state machine:
 * `callTransition(call, event, now, capabilities) → [call | undefined, effects]`.
 * Pure: no DOM, no Lit, no comlink, no clock of its own (`now` is injected; timers are effects).
 *
 * ```
 *   (absent) ── call-offered ──► ┌─────────┐ ── call-answered ──┐
 *       │                        │ ringing │                    │
 *       │                        └─────────┘ ── released ───────┼─────────────────────┐
 *       └──── call-dialing ──► ┌─────────┐                      ▼                     │
 *                              │ dialing │ ── call-answered ──► ┌────────┐            │
 *                              └─────────┘                      │ active │ ◄───┐      │
 *                                                               └────────┘     │      │
 *                            call-held, call-consulting (original) │  ▲        │      │
 *                                                                  ▼  │ call-retrieved│
 *                                                               ┌────────┐     │      │
 *                                                               │  held  │     │      │
 *                                                               └────────┘     │      │
 *                                   call-conference (active|held|dialing) │    │      │
 *                                                                  ▼           │      │
 *                                                             ┌────────────┐   │      │
 *                                                             │ conference │ ──┘ (retrieved)
 *                                                             └────────────┘          │
 *   active | held | conference | dialing ── call-released ──┬─► wrap-up ─ call-ended ─┤
 *                               (wrap-up or classification) │                         ▼
 *                               (nothing owed) ─────────────┴───────────────────► ┌───────┐ ─ remove-later
 *   any live state ── call-ended ──────────────────────────────────────────────► │ ended │   (linger, then
 *                                                                                 └───────┘    removed)
 *   call-consulting   original → held, consultationId = consultation.id;
 *                     consultation → dialing (or as reported), consultationOf = original.id
 *   call-transferred  previousId leaves (ended, with transferredTo = event.to; dropped at once when
 *                     the new id stays here);
 *                     call.id is kept (active) only when `stays`
 *   call-conference   every id in `replaces` is dropped; call.id becomes the conference
 *   snapshot          authoritative: a call is rebuilt from its report (state default `active`);
 *                     `durationSeconds` restores answeredAt = now − duration × 1000
 * ```
 *
 * A transition not in the diagram (answering a held call, holding a ringing one, data for an unknown
 * call...) leaves the call unchanged and yields an `illegal` effect the store logs as a warning.
 * `actions` is recomputed on every transition from capabilities × state × server permissions × mustAccept.
 */
import { owesWork, plainEquals } from './agent-machine.js';
import { NO_ACTIONS } from './capabilities/shared.js';
import type { CallReport, DomainEvent, DomainEventType } from './events.js';
import { SECRET_FIELDS } from './commands.js';
import { CallState } from './model.js';
import type { Call, CallActions, Capabilities, Timestamp } from './model.js';

/** What a call transition asks the outside world to know or do. Data, not callbacks. */
export type CallEffect =
  /** A new call is offered to the agent (ring, notify). */
  | { readonly type: 'call-offered'; readonly call: Call }
  | { readonly type: 'call-answered'; readonly callId: string }
  | { readonly type: 'call-ended'; readonly callId: string }
  | { readonly type: 'call-changed'; readonly callId: string; readonly previous: Call | undefined; readonly next: Call | undefined }
  /** A transition the machine refused; the store logs it as a warning. */
  | {
      readonly type: 'illegal';
      readonly callId: string;
      readonly from: CallState | 'absent';
      readonly event: DomainEventType;
      readonly reason: string;
    }
  /** Remove the (ended) call after `ms`. */
  | { readonly type: 'remove-later'; readonly callId: string; readonly ms: number };

export type CallEffectType = CallEffect['type'];

/** How long an ended call stays visible by default (ms). */
export const DEFAULT_ENDED_CALL_LINGER_MS = 4000;

export interface CallTransitionOptions {
  /**
   * Which call of the event this transition is about; defaults to the event's primary call.
   * Events that touch several calls (consult, transfer, conference) are applied once per id:
   * see `affectedCallIds`.
   */
  readonly targetId?: string;
  /** Linger of an ended call, for the `remove-later` effect. Default 4000. */
  readonly lingerMs?: number;
}

const LIVE: readonly CallState[] = [
  CallState.Dialing,
  CallState.Ringing,
  CallState.Active,
  CallState.Held,
  CallState.Conference,
];

/** The ids an event touches, primary first. */
export function affectedCallIds(event: DomainEvent): string[] {
  switch (event.type) {
    case 'call-offered':
    case 'call-dialing':
    case 'call-answered':
    case 'call-held':
    case 'call-retrieved':
    case 'call-updated':
      return [event.call.id];
    case 'call-consulting':
      return event.consultation ? [event.call.id, event.consultation.id] : [event.call.id];
    case 'call-transferred':
      return event.call && event.call.id !== event.previousId ? [event.previousId, event.call.id] : [event.previousId];
    case 'call-conference':
      return [event.call.id, ...(event.replaces ?? []).filter((id) => id !== event.call.id)];
    case 'call-released':
    case 'call-ended':
    case 'call-data':
      return [event.callId];
    case 'snapshot':
      return event.calls.map((c) => c.id);
    default:
      return [];
  }
}

/** What the agent can do with a call now: capabilities × state × server permissions × mustAccept. */
export function computeActions(
  call: Pick<Call, 'state' | 'mustAccept' | 'permissions'>,
  capabilities: Capabilities,
): CallActions {
  const { state } = call;
  if (state === CallState.Ended) return NO_ACTIONS;
  const allowed = (p: 'consult' | 'transfer' | 'conference'): boolean =>
    capabilities[p] && (call.permissions === undefined || call.permissions.includes(p));
  const ringing = state === CallState.Ringing;
  const active = state === CallState.Active;
  const held = state === CallState.Held;
  return {
    answer:
      ringing && (capabilities.answer === 'always' || (capabilities.answer === 'when-required' && call.mustAccept)),
    reject: ringing && capabilities.reject,
    hangup:
      capabilities.hangup &&
      (state === CallState.Dialing || active || held || state === CallState.Conference),
    hold: active && capabilities.hold,
    retrieve: held && capabilities.hold,
    consult: active && allowed('consult'),
    transfer: (active || held) && allowed('transfer'),
    conference: (active || held) && allowed('conference'),
    dtmf: active && capabilities.dtmf,
    associateData: capabilities.associateData,
  };
}

/** Apply one event to one call (the event's primary call unless `options.targetId` says otherwise). */
export function callTransition(
  call: Call | undefined,
  event: DomainEvent,
  now: Timestamp,
  capabilities: Capabilities,
  options: CallTransitionOptions = {},
): [Call | undefined, CallEffect[]] {
  const id = options.targetId ?? call?.id ?? affectedCallIds(event)[0];
  if (id === undefined) return [call, []];
  const lingerMs = options.lingerMs ?? DEFAULT_ENDED_CALL_LINGER_MS;
  const result = step(call, event, id, now);
  if (typeof result === 'string') {
    return [call, [{ type: 'illegal', callId: id, from: call?.state ?? 'absent', event: event.type, reason: result }]];
  }
  const next = result && withActions(result, capabilities);
  if (next === call || (next && call && plainEquals(next, call))) return [call, []];
  const effects: CallEffect[] = [{ type: 'call-changed', callId: id, previous: call, next }];
  if (next?.state === CallState.Ringing && call?.state !== CallState.Ringing) effects.push({ type: 'call-offered', call: next });
  if (
    next?.state === CallState.Active &&
    (call?.state === CallState.Ringing || call?.state === CallState.Dialing)
  ) {
    effects.push({ type: 'call-answered', callId: id });
  }
  if (next?.state === CallState.Ended && call?.state !== CallState.Ended) {
    effects.push({ type: 'call-ended', callId: id }, { type: 'remove-later', callId: id, ms: lingerMs });
  }
  return [next, effects];
}

/**
 * Apply one event to a list of calls: every affected id goes through `callTransition`.
 * Returns the same array when nothing changed. Does not handle `snapshot` replacement (the store does).
 */
export function callsTransition(
  calls: readonly Call[],
  event: DomainEvent,
  now: Timestamp,
  capabilities: Capabilities,
  lingerMs = DEFAULT_ENDED_CALL_LINGER_MS,
): [readonly Call[], CallEffect[]] {
  let list = calls;
  const effects: CallEffect[] = [];
  for (const id of affectedCallIds(event)) {
    const index = list.findIndex((c) => c.id === id);
    const current = index >= 0 ? list[index] : undefined;
    const [next, fx] = callTransition(current, event, now, capabilities, { targetId: id, lingerMs });
    effects.push(...fx);
    if (next === current) continue;
    if (!next) list = list.filter((c) => c.id !== id);
    else if (index >= 0) list = list.map((c, i) => (i === index ? next : c));
    else list = [...list, next];
  }
  return [list, effects];
}

/** The next call, `undefined` when it leaves, or the reason the event is illegal. */
function step(call: Call | undefined, event: DomainEvent, id: string, now: Timestamp): Call | undefined | string {
  const state = call?.state;
  const live = state !== undefined && LIVE.includes(state);
  switch (event.type) {
    case 'snapshot': {
      const report = event.calls.find((c) => c.id === id);
      if (!report) return undefined;
      // Rebuilt from the report alone; only the timers survive (unless the report restores them).
      const rebuilt = fromReport(undefined, report, report.state ?? CallState.Active, now, true);
      if (!call || report.durationSeconds !== undefined) return rebuilt;
      const answeredAt = rebuilt.answeredAt === undefined ? undefined : (call.answeredAt ?? rebuilt.answeredAt);
      const { answeredAt: _drop, ...rest } = rebuilt;
      return { ...rest, startedAt: call.startedAt, ...(answeredAt !== undefined ? { answeredAt } : {}), actions: call.actions };
    }
    case 'call-offered':
      if (call && state !== CallState.Ringing) return `offered while ${state}`;
      return fromReport(call, event.call, CallState.Ringing, now, false, 'inbound');
    case 'call-dialing':
      if (call && state !== CallState.Dialing) return `dialing while ${state}`;
      return fromReport(call, event.call, CallState.Dialing, now, false, 'outbound');
    case 'call-answered':
      if (call && state !== CallState.Ringing && state !== CallState.Dialing && state !== CallState.Active) {
        return `answered while ${state}`;
      }
      return fromReport(call, event.call, CallState.Active, now, false);
    case 'call-held':
      if (call && state !== CallState.Active && state !== CallState.Conference && state !== CallState.Held) {
        return `held while ${state}`;
      }
      return fromReport(call, event.call, CallState.Held, now, false);
    case 'call-retrieved':
      if (call && state !== CallState.Held && state !== CallState.Active && state !== CallState.Conference) {
        return `retrieved while ${state}`;
      }
      return fromReport(call, event.call, CallState.Active, now, false);
    case 'call-consulting': {
      const original = event.call;
      if (id === original.id) {
        if (call && state !== CallState.Active && state !== CallState.Held) return `consulting while ${state}`;
        const consultationId = event.consultation?.id ?? original.consultationId;
        return fromReport(call, { ...original, ...(consultationId ? { consultationId } : {}) }, CallState.Held, now, false);
      }
      const consultation = event.consultation!;
      if (call && !live) return `consultation while ${state}`;
      return fromReport(
        call,
        { ...consultation, consultationOf: original.id },
        call?.state ?? consultation.state ?? CallState.Dialing,
        now,
        false,
        'outbound',
      );
    }
    case 'call-transferred': {
      if (id === event.previousId && id !== event.call?.id) {
        if (!call) return undefined;
        if (!live) return `transferred while ${state}`;
        // The call left this agent; when it carries on here under a new id, drop the old one at once.
        if (event.stays && event.call) return undefined;
        return event.to ? { ...ended(call, now), transferredTo: event.to } : ended(call, now);
      }
      if (!event.stays || !event.call) return call && live ? ended(call, now) : call;
      if (call && !live) return `transferred while ${state}`;
      return fromReport(call, event.call, CallState.Active, now, false);
    }
    case 'call-conference':
      if (id !== event.call.id) return undefined;
      if (call && state !== CallState.Active && state !== CallState.Held && state !== CallState.Dialing && state !== CallState.Conference) {
        return `conference while ${state}`;
      }
      return fromReport(call, event.call, CallState.Conference, now, false);
    case 'call-released': {
      if (!call) return 'released an unknown call';
      if (state === CallState.WrapUp) return call;
      if (!live) return `released while ${state}`;
      return owesWork(event) ? { ...call, state: CallState.WrapUp, endedAt: now } : ended(call, now);
    }
    case 'call-ended':
      if (!call || state === CallState.Ended) return call;
      return ended(call, now);
    case 'call-data':
      if (!call) return 'data for an unknown call';
      return { ...call, data: { ...call.data, ...clean(event.data) } };
    case 'call-updated':
      if (!call) return 'update for an unknown call';
      return fromReport(call, event.call, call.state, now, false);
    default:
      return call;
  }
}

function ended(call: Call, now: Timestamp): Call {
  return { ...call, state: CallState.Ended, endedAt: call.endedAt ?? now };
}

/** Merge a report into a call (or build one), in `state`. */
function fromReport(
  call: Call | undefined,
  report: CallReport,
  state: CallState,
  now: Timestamp,
  resync: boolean,
  direction: Call['direction'] = 'unknown',
): Call {
  const duration = report.durationSeconds;
  const restored = duration !== undefined && duration >= 0 ? now - duration * 1000 : undefined;
  const talking = state === CallState.Active || state === CallState.Held || state === CallState.Conference;
  const answeredAt =
    restored !== undefined && talking
      ? restored
      : call?.answeredAt ?? (talking && call?.state !== CallState.Held ? now : undefined);
  const startedAt = call?.startedAt ?? Math.min(restored ?? now, now);
  const base: Call = {
    id: report.id,
    direction: report.direction ?? call?.direction ?? direction,
    state,
    remote: report.remote ?? call?.remote ?? [],
    startedAt,
    mustAccept: report.mustAccept ?? call?.mustAccept ?? false,
    // A resync replaces the data; other events merge into it.
    data: resync ? clean(report.data ?? {}) : { ...(call?.data ?? {}), ...clean(report.data ?? {}) },
    detail: report.detail ?? call?.detail ?? '',
    actions: call?.actions ?? NO_ACTIONS,
  };
  const pick = <K extends keyof Call>(key: K, value: Call[K] | undefined): Partial<Call> =>
    value === undefined ? {} : ({ [key]: value } as Partial<Call>);
  return {
    ...base,
    ...pick('answeredAt', answeredAt),
    ...pick('endedAt', state === CallState.WrapUp || state === CallState.Ended ? (call?.endedAt ?? now) : undefined),
    ...pick('service', report.service ?? call?.service),
    ...pick('permissions', report.permissions ?? call?.permissions),
    ...pick('consultationId', report.consultationId ?? call?.consultationId),
    ...pick('consultationOf', report.consultationOf ?? call?.consultationOf),
    ...pick('conferenceOwner', report.conferenceOwner ?? call?.conferenceOwner),
    ...pick('lineId', report.lineId ?? call?.lineId),
  };
}

function withActions(call: Call, capabilities: Capabilities): Call {
  const actions = computeActions(call, capabilities);
  return plainEquals(actions, call.actions) ? call : { ...call, actions };
}

/** Associated data without anything that looks like a credential. */
function clean(data: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (!SECRET_FIELDS.has(k.toLowerCase())) out[k] = String(v);
  return out;
}
