/**
 * A call another tab logs, for the Salesforce softphone (bridge.ts: the Task id, and a disposition given here) and
 * the Zendesk app (tabs.ts: the user and ticket ids, merged as the owner learns them), written once:
 *  - an owner message (`task` / `own`) remembers the owner tab and the host's payload (`merge`), drops the host's
 *    own entry for the call (in `calls`: another tab now logs it) and watches the owner's liveness once per tab;
 *  - `done` from the owner stops everything; `bye` or its Web Lock marks the owner gone;
 *  - the call's end here (remembered for an owner heard of later) starts the adoption when the owner is gone or,
 *    without Web Locks, after `graceMs` (3 s) without `done`;
 *  - adoption: a claim `a<call>/<tab>`, one at a time; won and still current, the entry is forgotten and the host
 *    takes the call over (`adopt`) with the payload and the end event.
 * The newest 50 entries are kept.
 */
import type { CtiCallEndedDetail } from '../../events/cti-call-ended.js';
import type { Heard, HostMessage, Tabs } from './tabs.js';

/** Keep the newest 50 entries. */
export const bound = (map: Map<string, unknown>) => {
  while (map.size > 50) map.delete(map.keys().next().value!);
};

/** A call another tab logs: the host's payload `P`, its owner tab and what this tab knows of its end. */
export type Foreign<P> = P & {
  tab: string;
  end?: CtiCallEndedDetail | undefined;
  /** The owner logs it; the owner is gone; an adoption is being claimed. */
  done?: boolean;
  gone?: boolean;
  busy?: boolean;
  timer?: ReturnType<typeof setTimeout>;
};

export interface HandoverHost<P, M> {
  /** Another tab asked what this tab logs. */
  hello(): void;
  /** The payload (an object) of a new entry for owner message `m`, or undefined when `m` only updates `old` (`same`: from its tab). */
  merge(m: M, old: Foreign<P> | undefined, same: boolean): P | undefined;
  /** The calls this tab logs, by id: another tab now logging one, this tab forgets it. */
  readonly calls: Map<string, unknown>;
  /** This tab now logs `call` (the owner is gone), with what the owner said and the end event heard here. */
  adopt(call: string, f: Foreign<P>): Promise<void> | void;
  /** Starts an adoption, or not (a disposed host), tracking or guarding its async work. */
  run(adopt: () => Promise<void>): void;
  readonly graceMs?: number | undefined;
}

export interface Handover<P, M extends HostMessage> {
  /** The calls other tabs log, by id. */
  readonly foreign: Map<string, Foreign<P>>;
  /** Listen to the other tabs. */
  listen(link: Tabs<M>): void;
  /** A call ended here: true when another tab logs it (this tab then logs it only if that tab is gone). */
  ended(detail: CtiCallEndedDetail): boolean;
}

export function createHandover<P, M extends HostMessage & { readonly call: string }>(host: HandoverHost<P, M>): Handover<P, M> {
  const foreign = new Map<string, Foreign<P>>();
  /** Calls that ended here (their end event), for a call another tab is heard to own later. */
  const ends = new Map<string, CtiCallEndedDetail>();
  const watched = new Set<string>();
  let link: Tabs<M>;

  const gone = (tab: string) => {
    for (const [call, f] of foreign) if (f.tab === tab && !f.done) (f.gone = true), host.run(() => adopt(call, f));
  };

  /** The call of another tab ended here: that tab logs it, unless it is gone. */
  const ownerEnded = (call: string, f: Foreign<P>) => {
    f.end = ends.get(call);
    if (f.done || !f.end) return;
    if (f.gone) host.run(() => adopt(call, f));
    // No Web Locks here: a tab that does not say `done` in time is taken for gone.
    else if (!link.locks) f.timer ??= setTimeout(() => host.run(() => adopt(call, f)), host.graceMs ?? 3000);
  };

  /** Take over the call of a tab that is gone (if this tab wins the claim), and log it once it ended. */
  const adopt = async (call: string, f: Foreign<P>) => {
    if (f.busy || f.done) return;
    f.busy = true;
    clearTimeout(f.timer);
    const won = await link.claim(`a${call}/${f.tab}`);
    f.busy = false;
    if (!won || f.done || foreign.get(call) !== f) return;
    foreign.delete(call);
    await host.adopt(call, f);
  };

  const heard = (m: Heard<M>) => {
    if (m.k === 'hello') host.hello();
    else if (m.k === 'bye') gone(m.tab);
    else if (m.k === 'done') {
      const f = foreign.get((m as { call: string }).call);
      if (f) (f.done = true), clearTimeout(f.timer);
    } else {
      const { call, tab } = m as M & { tab: string };
      const old = foreign.get(call);
      const f = host.merge(m as M, old, old?.tab === tab) as Foreign<P> | undefined;
      if (!f) return;
      // Another tab logs this call (it adopted it: this tab had said `bye`, and came back): it finishes it.
      host.calls.delete(call);
      clearTimeout(old?.timer);
      f.tab = tab;
      foreign.set(call, f);
      bound(foreign);
      if (!watched.has(tab) && link.watch(tab, () => gone(tab))) watched.add(tab);
      if (ends.has(call)) ownerEnded(call, f);
    }
  };

  return {
    foreign,
    listen(l) {
      link = l;
      l.onMessage = heard;
    },
    ended(detail) {
      const call = detail.callId;
      ends.set(call, detail);
      bound(ends);
      const f = foreign.get(call);
      if (f) ownerEnded(call, f);
      return !!f;
    },
  };
}
