/**
 * The Zendesk app's frames of one browser's Zendesk tabs talk to each other (the hosts' shared channel, claims
 * and Web Lock liveness: ../shared/tabs.ts), so that one tab pops and logs a call and a survivor writes the log
 * of a tab that went away mid-call. Loaded beside the widget (a chunk of its own): nothing of it is needed before
 * a call rings.
 *
 * Zendesk adds its `own` message: this tab pops and logs `call`, with the user (`u`) and ticket (`t`) its ring
 * found once it knows them (Zendesk ids, not secrets); `done` says it writes the log (the call ended there).
 *  - Each tab has its own hub (`single-tab`: third-party storage blocked): every tab sees the call and is primary
 *    in its own hub; the tabs claim the call first (`pops`), so one pops and logs it.
 *  - The popping tab gone mid-call (its Web Lock released, or its `bye`; without Web Locks, no `done` within
 *    `graceMs` of the call's end): the survivors claim the call, and the winner logs it with what that tab's ring
 *    found (looked up again at the end when it had not said), through the bridge's own end handling.
 */
import type { CtiCallEndedDetail } from '../../events/cti-call-ended.js';
import { createHandover, type Handover } from '../shared/handover.js';
import { connectTabs, text, type Tabs } from '../shared/tabs.js';
import type { Found } from './bridge.js';

export type OwnMessage = { readonly k: 'own'; readonly call: string; readonly u?: number; readonly t?: number };
export type ZendeskTabs = Tabs<OwnMessage>;

/** What the tabs need of the bridge. */
export interface TabsHost {
  /** The calls this tab pops and logs, by id: the ring's lookup; null: adopted without it (looked up at the end). */
  readonly calls: Map<string, Promise<Found> | null>;
  /** Log an ended call this tab now owns (the bridge's end handling). */
  end(detail: CtiCallEndedDetail): Promise<void>;
  /** Show and log a failure (never thrown). */
  guard(p: Promise<unknown>): void;
  /** Whether calls are logged at all (`callLog` not `off`). */
  readonly logs: boolean;
  readonly graceMs?: number | undefined;
}

/** A call another tab pops and logs (../shared/handover.ts): the user and ticket its ring found. */
interface Foreign {
  u?: number | undefined;
  t?: number | undefined;
}

const id = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) > 0);

export const readOwn = (m: Readonly<Record<string, unknown>>): OwnMessage | undefined =>
  m['k'] === 'own' && text(m['call'], 255) && id(m['u']) && id(m['t'])
    ? { k: 'own', call: m['call'], ...(m['u'] !== undefined ? { u: m['u'] as number } : {}), ...(m['t'] !== undefined ? { t: m['t'] as number } : {}) }
    : undefined;

export class CallTabs {
  readonly #handover: Handover<Foreign, OwnMessage>;

  constructor(
    readonly link: ZendeskTabs,
    readonly host: TabsHost,
  ) {
    this.#handover = createHandover<Foreign, OwnMessage>({
      hello: () => {
        for (const call of host.calls.keys()) this.announce(call);
      },
      merge: (m, old, same) => {
        if (!same) return { u: m.u ?? old?.u, t: m.t ?? old?.t };
        old!.u ??= m.u;
        old!.t ??= m.t;
        return undefined;
      },
      calls: host.calls,
      adopt: async (call, f) => {
        host.calls.set(call, f.u ? Promise.resolve({ userId: f.u, ...(f.t ? { ticketId: f.t } : {}) }) : null);
        this.announce(call);
        if (f.end) await host.end(f.end);
      },
      run: (adopt) => host.guard(adopt()),
      graceMs: host.graceMs,
    });
    this.#handover.listen(link);
  }

  /** Whether this tab pops a call that rang here as primary; `claim`: every tab is primary (a hub per tab). */
  async pops(call: string, claim: boolean): Promise<boolean> {
    const foreign = this.#handover.foreign;
    return !foreign.has(call) && (!claim || (await this.link.claim(`c${call}`))) && !foreign.has(call);
  }

  /** The other tabs learn that this tab logs the call, then what its ring found. */
  announce(call: string): void {
    const lookup = this.host.calls.get(call);
    if (!this.host.logs || lookup === undefined) return;
    this.link.send({ k: 'own', call });
    void lookup?.then((f) => this.host.calls.get(call) === lookup && this.link.send({ k: 'own', call, ...(f.userId ? { u: f.userId } : {}), ...(f.ticketId ? { t: f.ticketId } : {}) }));
  }

  /** A call ended here: true when another tab logs it (this tab then logs it only if that tab is gone). */
  ended(detail: CtiCallEndedDetail): boolean {
    const foreign = this.#handover.ended(detail);
    if (!foreign && this.host.calls.has(detail.callId)) this.link.send({ k: 'done', call: detail.callId });
    return foreign;
  }
}

/** The tabs of this browser's Zendesk app, for `host` (the bridge). */
export function callTabs(host: TabsHost): CallTabs {
  const link = connectTabs({
    channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel('cti-zendesk-calls') : undefined,
    locks: navigator.locks,
    log: (text) => console.warn(`[cti-zendesk] ${text}`),
    shown: () => [document.visibilityState === 'visible', document.hasFocus()],
    mark: 'cti-zd1',
    lock: 'cti-zd-tab:',
    read: readOwn,
  });
  return new CallTabs(link, host);
}
