/**
 * The hub → tab wire format (issue #13 §2): a tab gets the whole session once (as the answer of its attach, also
 * the one it sends after a gap), then only what changed.
 *
 * - `full`: the tab's view of the session (`SessionSnapshot` with its `primary` / `popCalls`), without the
 *   diagnostics slices (`log`, `connectionHistory`: `HubApi.diagnostics`, on demand); on the listener only after
 *   it failed (the tab may have missed an update).
 * - `patch`: from the view with version `base` (the last one this tab was sent) to `version`. A top-level slice
 *   (agent, calls, lines, queues, team, notices, condition, connection, …) whose object is unchanged in the hub is
 *   left out; a changed list whose items mostly kept their identity (one member of a 1,000-agent team) travels as
 *   the changed positions only (`lists`); an optional slice that is gone is set to `undefined`.
 *
 * `applyUpdate` rebuilds the snapshot in the tab with structural sharing: every slice (and list item) not in the
 * patch is the tab's previous object, so Lit's change detection skips what did not change. A patch whose `base`
 * is not the tab's version is a gap: `applyUpdate` answers `undefined` and the tab asks for a full one.
 */
import type { SessionSnapshot } from '../domain/model.js';

/** Kept in the hub, sent only on demand (`HubApi.diagnostics`). */
export type DiagnosticSlice = 'log' | 'connectionHistory';

/** What travels: the snapshot without its diagnostics slices. */
export type WireSnapshot = Omit<SessionSnapshot, DiagnosticSlice> & Partial<Pick<SessionSnapshot, DiagnosticSlice>>;

/** A list slice as the positions that changed: item `i` is `set`'s when listed, else the tab's previous item `i`. */
export interface ListPatch {
  readonly len: number;
  readonly set: readonly (readonly [number, unknown])[];
}

export type SessionUpdate =
  | { readonly t: 'full'; readonly key: string; readonly snapshot: SessionSnapshot }
  | {
      readonly t: 'patch';
      readonly key: string;
      readonly base: number;
      readonly version: number;
      /** Slices replaced whole (`undefined`: an optional slice that is gone, `lastError`, `condition`, …). */
      readonly set?: Readonly<Record<string, unknown>>;
      /** List slices by changed position. */
      readonly lists?: Readonly<Record<string, ListPatch>>;
    };

/**
 * The slices an agent acts on: a change to one of them goes to the tabs at once, even inside a frame interval (a
 * ring must not wait behind a burst of queue statistics or team changes), carrying whatever else was pending; a
 * hidden tab gets them at once too (its host events: calls, agent state, connection, errors, notices). The rest
 * (queues, team, lists of reasons and targets, the tab count) is coalesced: at most one update per frame interval,
 * and for a hidden tab, which renders nothing, at most one per `hiddenMs` (`hub-core.ts`).
 */
const URGENT = ['agent', 'calls', 'lines', 'connection', 'lastError', 'condition', 'notices'] as const;

/** Whether `next` changed a slice the agent acts on since `sent` (the state the tabs were last sent; none: yes). */
export function isUrgent(sent: SessionSnapshot | undefined, next: SessionSnapshot): boolean {
  return !sent || URGENT.some((k) => sent[k] !== next[k]);
}

/** Compared by value (the hub builds them per view), not by identity. */
const BY_VALUE: ReadonlySet<string> = new Set(['primary', 'popCalls', 'tabs']);

/**
 * The patch from `prev` to `next` (both views the hub made, without the diagnostics slices), or `undefined` when
 * nothing a tab shows changed. A slice that is gone is set to `undefined` (structured clone keeps the key).
 */
export function diffViews(prev: SessionSnapshot, next: SessionSnapshot): SessionUpdate | undefined {
  const set: Record<string, unknown> = {};
  const lists: Record<string, ListPatch> = {};
  const a = prev as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  let changed = false;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const was = a[k];
    const now = b[k];
    if (k === 'version' || was === now || (BY_VALUE.has(k) && JSON.stringify(was) === JSON.stringify(now))) continue;
    changed = true;
    const list = Array.isArray(was) && Array.isArray(now) && !BY_VALUE.has(k) && listPatch(was, now);
    if (list) lists[k] = list;
    else set[k] = now;
  }
  return changed ? { t: 'patch', key: next.key, base: prev.version, version: next.version, set, lists } : undefined;
}

/** The positions that changed, when that is less than half the list (else the list goes whole). */
function listPatch(was: readonly unknown[], now: readonly unknown[]): ListPatch | undefined {
  const set: (readonly [number, unknown])[] = [];
  for (let i = 0; i < now.length; i++) {
    if (was[i] === now[i] && i < was.length) continue;
    if (set.push([i, now[i]]) > now.length / 2) return undefined;
  }
  return { len: now.length, set };
}

/**
 * The tab's next snapshot, sharing every unchanged slice and list item with `prev`; `undefined`: a gap. A full one
 * that repeats `prev` (an attach's answer the tab already has) gives `prev` back: the caller delivers nothing new. `prev` must come from the same hub (a version is the hub's session store's).
 */
export function applyUpdate(prev: SessionSnapshot | undefined, update: SessionUpdate): SessionSnapshot | undefined {
  if (update.t === 'full') return prev && sameView(prev, update.snapshot) ? prev : update.snapshot;
  if (!prev || prev.key !== update.key || prev.version !== update.base) return undefined;
  const out: Record<string, unknown> = { ...prev, ...update.set, version: update.version };
  for (const [k, list] of Object.entries(update.lists ?? {})) {
    const old = (prev as unknown as Record<string, unknown>)[k];
    if (!Array.isArray(old) || !Array.isArray(list.set)) return undefined;
    const items = old.slice(0, list.len);
    if (items.length < list.len) items.length = list.len;
    for (const [i, item] of list.set) items[i] = item;
    out[k] = Object.freeze(items);
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return Object.freeze(out) as unknown as SessionSnapshot;
}

/** One version of a session's store, seen by one tab (whether it is elected, the calls it pops). */
function sameView(a: SessionSnapshot, b: SessionSnapshot): boolean {
  return a.key === b.key && a.version === b.version && a.primary === b.primary && JSON.stringify(a.popCalls) === JSON.stringify(b.popCalls);
}

/** Bytes of an update as JSON (UTF-8): the estimate of what a structured clone carries, for measurements. */
export function wireBytes(update: unknown): number {
  return new TextEncoder().encode(JSON.stringify(update)).length;
}
