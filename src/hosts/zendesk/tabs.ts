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
import { connectTabs, text, type Heard, type Tabs } from '../shared/tabs.js';
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

/** A call another tab pops and logs: the user and ticket its ring found, and what this tab knows of its end. */
interface Foreign {
  readonly tab: string;
  user?: number | undefined;
  ticket?: number | undefined;
  end?: CtiCallEndedDetail | undefined;
  /** The owner logs it; the owner is gone; an adoption is being claimed. */
  done?: boolean;
  gone?: boolean;
  busy?: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

const id = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) > 0);

export const readOwn = (m: Readonly<Record<string, unknown>>): OwnMessage | undefined =>
  m['k'] === 'own' && text(m['call'], 255) && id(m['u']) && id(m['t'])
    ? { k: 'own', call: m['call'], ...(m['u'] !== undefined ? { u: m['u'] as number } : {}), ...(m['t'] !== undefined ? { t: m['t'] as number } : {}) }
    : undefined;

/** Keep the newest 50 entries. */
const bound = (map: Map<string, unknown>) => {
  while (map.size > 50) map.delete(map.keys().next().value!);
};

export class CallTabs {
  readonly #foreign = new Map<string, Foreign>();
  /** Calls that ended here (their end event), for a call another tab is heard to own later. */
  readonly #ended = new Map<string, CtiCallEndedDetail>();
  readonly #watched = new Set<string>();

  constructor(
    readonly link: ZendeskTabs,
    readonly host: TabsHost,
  ) {
    link.onMessage = (m) => this.#heard(m);
  }

  /** Whether this tab pops a call that rang here as primary; `claim`: every tab is primary (a hub per tab). */
  async pops(call: string, claim: boolean): Promise<boolean> {
    return !this.#foreign.has(call) && (!claim || (await this.link.claim(`c${call}`))) && !this.#foreign.has(call);
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
    const call = detail.callId;
    this.#ended.set(call, detail);
    bound(this.#ended);
    const f = this.#foreign.get(call);
    if (f) this.#ownerEnded(call, f);
    else if (this.host.calls.has(call)) this.link.send({ k: 'done', call });
    return !!f;
  }

  #heard(m: Heard<OwnMessage>): void {
    if (m.k === 'hello') for (const call of this.host.calls.keys()) this.announce(call);
    else if (m.k === 'bye') this.#gone(m.tab);
    else if (m.k === 'done') {
      const f = this.#foreign.get(m.call);
      if (f) (f.done = true), clearTimeout(f.timer);
    } else {
      const old = this.#foreign.get(m.call);
      if (old?.tab === m.tab) {
        old.user ??= m.u;
        old.ticket ??= m.t;
        return;
      }
      // Another tab logs this call (it adopted it: this tab had said `bye`, and came back): it writes the log.
      this.host.calls.delete(m.call);
      clearTimeout(old?.timer);
      const f: Foreign = { tab: m.tab, user: m.u ?? old?.user, ticket: m.t ?? old?.ticket };
      this.#foreign.set(m.call, f);
      bound(this.#foreign);
      if (!this.#watched.has(m.tab) && this.link.watch(m.tab, () => this.#gone(m.tab))) this.#watched.add(m.tab);
      if (this.#ended.has(m.call)) this.#ownerEnded(m.call, f);
    }
  }

  #gone(tab: string): void {
    for (const [call, f] of this.#foreign) if (f.tab === tab && !f.done) (f.gone = true), this.host.guard(this.#adopt(call, f));
  }

  /** The call of another tab ended here: that tab logs it, unless it is gone. */
  #ownerEnded(call: string, f: Foreign): void {
    f.end = this.#ended.get(call);
    if (f.done || !f.end) return;
    if (f.gone) this.host.guard(this.#adopt(call, f));
    // No Web Locks here: a tab that does not say `done` in time is taken for gone.
    else if (!this.link.locks) f.timer ??= setTimeout(() => this.host.guard(this.#adopt(call, f)), this.host.graceMs ?? 3000);
  }

  /** Take over the call of a tab that is gone (if this tab wins the claim), and log it once it ended. */
  async #adopt(call: string, f: Foreign): Promise<void> {
    if (f.busy || f.done) return;
    f.busy = true;
    clearTimeout(f.timer);
    const won = await this.link.claim(`a${call}/${f.tab}`);
    f.busy = false;
    if (!won || f.done || this.#foreign.get(call) !== f) return;
    this.#foreign.delete(call);
    this.host.calls.set(call, f.user ? Promise.resolve({ userId: f.user, ...(f.ticket ? { ticketId: f.ticket } : {}) }) : null);
    this.announce(call);
    if (f.end) await this.host.end(f.end);
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
