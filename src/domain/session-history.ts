/**
 * What a session remembers beyond its current state, kept in the hub's memory only (never stored, never
 * sent anywhere but to the session's tabs), bounded:
 *
 * - `recentCalls`: every call that ended, newest first, at most `RECENT_CALLS_LIMIT` — direction, the
 *   other side's number and name, start, end, talk time and outcome (`<cti-phone>` shows them with redial).
 * - `connectionHistory`: the connection's status changes, oldest first, at most `CONNECTION_HISTORY_LIMIT`
 *   (a support desk reads them in the diagnostics file).
 *
 * Pure: the store calls `trackHistory(before, draft, now)` after folding each event. A call counts as
 * ended when it reaches `ended` or `wrap-up`, or leaves the list without either (a resync, a sign-out).
 */
import { CallState } from './model.js';
import type { Call, ConnectionChange, RecentCall, SessionSnapshot } from './model.js';

export const RECENT_CALLS_LIMIT = 20;
export const CONNECTION_HISTORY_LIMIT = 30;
const NONE: readonly RecentCall[] = [];

type HistoryDraft = { -readonly [K in 'calls' | 'connection' | 'recentCalls' | 'connectionHistory']?: SessionSnapshot[K] } & Pick<SessionSnapshot, 'calls' | 'connection'>;

const over = (call: Call): boolean => call.state === CallState.Ended || call.state === CallState.WrapUp;

/** Update `draft`'s recent calls and connection history from the change `before` → `draft`. */
export function trackHistory(before: Pick<SessionSnapshot, 'calls' | 'connection' | 'recentCalls' | 'connectionHistory'>, draft: HistoryDraft, now: number): void {
  if (draft.calls !== before.calls) {
    const previous = before.recentCalls ?? NONE;
    const recent = trackRecentCalls(previous, before.calls, draft.calls, now);
    if (recent !== previous) draft.recentCalls = recent;
  }
  const was = before.connection;
  const next = draft.connection;
  if (next.status !== was.status || (next.attempt !== undefined && next.attempt !== was.attempt)) {
    const change: ConnectionChange = { at: next.since, status: next.status, ...(next.attempt !== undefined ? { attempt: next.attempt } : {}) };
    const history = [...(before.connectionHistory ?? []), change];
    draft.connectionHistory = history.slice(-CONNECTION_HISTORY_LIMIT);
  }
}

/** The recent calls after `before` → `after`: calls that ended now are added first. Same array when none did. */
export function trackRecentCalls(recent: readonly RecentCall[], before: readonly Call[], after: readonly Call[], now: number): readonly RecentCall[] {
  const ended: RecentCall[] = [];
  for (const call of after) {
    if (!over(call)) continue;
    const was = before.find((c) => c.id === call.id);
    if (was && over(was)) continue;
    ended.push(recentOf(call, now));
  }
  for (const call of before) {
    if (over(call) || after.some((c) => c.id === call.id)) continue;
    ended.push(recentOf(call, now));
  }
  const fresh = ended.filter((r) => !recent.some((o) => o.id === r.id && o.startedAt === r.startedAt));
  if (fresh.length === 0) return recent;
  return [...fresh.reverse(), ...recent].slice(0, RECENT_CALLS_LIMIT);
}

function recentOf(call: Call, now: number): RecentCall {
  const party = call.remote[0];
  const endedAt = call.endedAt ?? now;
  const outcome = call.transferredTo ? 'transferred' : call.answeredAt !== undefined ? 'answered' : call.direction === 'inbound' ? 'missed' : 'unanswered';
  return {
    id: call.id,
    direction: call.direction,
    number: party?.number ?? '',
    ...(party?.name ? { name: party.name } : {}),
    startedAt: call.startedAt,
    endedAt,
    ...(call.answeredAt !== undefined ? { talkMs: Math.max(0, endedAt - call.answeredAt) } : {}),
    outcome,
  };
}
