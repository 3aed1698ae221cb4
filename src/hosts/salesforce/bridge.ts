/**
 * The Salesforce wiring of a `<cti-provider>`, written against `HostApi` (Open CTI today; a Service Cloud
 * Voice connector can provide the same interface):
 *
 *  - click-to-dial: `enableClickToDial`, and each click dials through `provider.dial()`, so the cancelable
 *    `cti-dial-request` still lets the page veto it;
 *  - a call rings (`cti-incoming-call`, in the tab whose `primary` is true): show the softphone panel and
 *    search-and-pop the caller's number with the call's data (call type inbound); a call dialled in the softphone
 *    (not from a Salesforce record) pops its number when answered (call type outbound);
 *  - a number clicked in Salesforce: its Task (Status In Progress, linked to the clicked record) is created as soon
 *    as the call shows in the session, dialling, so the other tabs know it from then on;
 *  - another call is answered: a Task is created (Status In Progress) for the record the agent has open; when a
 *    call ends its Task is completed with its duration; a classification or dialer outcome given in this tab
 *    becomes its CallDisposition. A call never answered is logged too, when it ends (missed / unanswered, 0 s,
 *    CallDisposition `noAnswer`): the clicked one on its Task, another by the tab that popped it or, outbound,
 *    by the elected tab.
 *
 * One tab logs each call (the tab that popped it, dialled it or was elected when it was answered or, unanswered,
 * ended; never a tab that first saw it already answered): a Salesforce window with several tabs has one softphone
 * per tab, all on the same session. With `tabs` (tabs.ts) the softphones tell each other which tab logs which call
 * as which Task:
 *  - that tab gone mid-call (closed, navigated, crashed: its Web Lock released, or its `bye`), one surviving tab
 *    adopts the Task (a claim among them) and completes it when the call ends, with the duration of its own end
 *    event and a classification given there; where Web Locks are refused (third-party storage blocked), a tab
 *    that did not say `done` within `graceMs` of the call's end counts as gone;
 *  - a `single-tab` session (third-party storage blocked: each tab has its own hub and sees the call on its own
 *    vendor connection) claims each call among the tabs first, so one tab pops and logs it, not every tab;
 *  - a classification given in a tab that does not log the call is written to the Task by that tab.
 * Every failure of the host is passed to `report` (shown and logged by the page); nothing here throws.
 */
import type { CtiCallAnsweredDetail } from '../../events/cti-call-answered.js';
import type { CtiCallEndedDetail } from '../../events/cti-call-ended.js';
import type { CtiIncomingCallDetail } from '../../events/cti-incoming-call.js';
import type { Call } from '../../domain/model.js';
import type { ClickToDial, HostApi, HostRecord, HostResult } from './host-api.js';
import { dialable } from '../shared/dialable.js';
import { bound, createHandover } from '../shared/handover.js';
import type { TaskMessage, Tabs } from './tabs.js';

export type HostAction = 'panel' | 'pop' | 'log' | 'c2d' | 'listen' | 'dial';

export interface ProviderLike extends EventTarget {
  dial(number: string): Promise<boolean>;
  readonly session?:
    | {
        readonly snapshot?: { readonly primary?: boolean } | undefined;
        readonly hubMode?: string | undefined;
        subscribe?(listener: (snapshot: { readonly calls: readonly Call[] }) => void): () => void;
      }
    | undefined;
}

export interface TaskTexts {
  /** The Task's Subject for a call of this kind with that number; `noAnswer`: the CallDisposition of a call never answered. */
  subject(kind: Kind | 'noAnswer', number: string): string;
}

type Kind = 'inbound' | 'outbound' | 'missed' | 'unanswered';

export interface BridgeOptions {
  readonly provider: ProviderLike;
  readonly host: HostApi;
  readonly texts: TaskTexts;
  /** A host failure (or a failed click-to-dial): show it and log it. */
  report(action: HostAction, error: string, number?: string): void;
  readonly now?: () => Date;
  /** The other softphones of this Salesforce window (tabs.ts; a lazily loaded chunk, hence the promise). */
  readonly tabs?: Tabs | Promise<Tabs | undefined> | undefined;
  /** Without Web Locks: how long after a call's end the tab logging it has to say `done` before another adopts. */
  readonly graceMs?: number;
}

export interface SalesforceBridge {
  /**
   * Calls that were already answered when the session first reported to this softphone: the softphone that saw
   * them answered pops and logs them, so this one neither pops nor logs them (a reload, a Salesforce tab opened
   * mid-call). Call it with the first snapshot, before the provider publishes it.
   */
  alreadyAnswered(callIds: Iterable<string>): void;
  /** A classification or dialer outcome for a call (the page learns it from the session's commands). */
  disposition(callId: string | undefined, text: string): void;
  /** The Open CTI calls this bridge started and that have not settled (tests wait for them). */
  idle(): Promise<void>;
  dispose(): void;
}

interface CallLog {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly number: string;
  readonly data: Readonly<Record<string, string>>;
  record?: HostRecord;
  /** The Task's id once created (a promise while it is being created). */
  task?: Promise<string | undefined>;
  /** The fields a Task for this call is created with (again, when the first save failed). */
  base?: Record<string, string | number>;
  disposition?: string;
  answered?: boolean;
  ended?: boolean;
}

/** A call another tab logs as `task` (../shared/handover.ts), and a disposition given here. */
interface Foreign {
  readonly task: string;
  disposition?: string;
}

const digits = (n: string) => n.replace(/\D/g, '');

function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** WhoId (a contact or lead) and WhatId (anything else) for a record. */
export function taskLinks(record: HostRecord | undefined): Record<string, string> {
  if (!record) return {};
  const out: Record<string, string> = {};
  if (record.contactId) out['WhoId'] = record.contactId;
  if (record.accountId) out['WhatId'] = record.accountId;
  const type = record.objectType?.toLowerCase();
  if (record.recordId && !out['WhoId'] && (type === 'contact' || type === 'lead')) out['WhoId'] = record.recordId;
  else if (record.recordId && !out['WhatId'] && type !== 'contact' && type !== 'lead') out['WhatId'] = record.recordId;
  return out;
}

function description(number: string, data: Readonly<Record<string, string>>): string {
  const lines = [number, ...Object.entries(data).map(([k, v]) => `${k}: ${v}`)];
  return lines.join('\n').slice(0, 32000);
}

export function connectSalesforce(options: BridgeOptions): SalesforceBridge {
  const { provider, host, texts, report } = options;
  let tabs: Tabs | undefined;
  const now = options.now ?? (() => new Date());
  const calls = new Map<string, CallLog>();
  /** Per call, in a `single-tab` session: whether this tab won it among the tabs. */
  const gates = new Map<string, Promise<boolean>>();
  const pending = new Set<Promise<unknown>>();
  let record: HostRecord | undefined;
  let clicked: ClickToDial | undefined;
  let disposed = false;
  /** The session watched for the calls of clicked numbers (`watchDials`), and how to stop. */
  let watched: unknown;
  let unwatch: (() => void) | undefined;
  /** Calls already answered when this softphone's session first reported (a reload, a tab opened mid-call). */
  const before = new Set<string>();

  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };
  const checked = async <T>(action: HostAction, p: Promise<HostResult<T>>): Promise<T | undefined> => {
    const result = await track(p);
    if (result.ok) return result.value;
    report(action, result.error);
    return undefined;
  };
  /** This tab logs the call from now on (on `record`, else the record open when its Task is created). */
  const remember = (callId: string, direction: CallLog['direction'], number: string, data: CallLog['data'], record?: HostRecord): CallLog => {
    const log: CallLog = { callId, direction, number, data, record };
    calls.set(callId, log);
    bound(calls);
    return log;
  };
  const elected = () => provider.session?.snapshot?.primary !== false;
  /** The click that dialled `number`, taken (one call per click). */
  const take = (number: string) => {
    const click = clicked && digits(clicked.number) === digits(number) ? clicked : undefined;
    if (click) clicked = undefined;
    return click;
  };

  /** Save the call's Task: create it (with its base fields, fixed at the first creation) or update it. */
  const saveTask = (log: CallLog, fields: Record<string, string | number>, kind: Kind) => {
    const previous = log.task;
    log.task = (async () => {
      const id = previous ? await previous : undefined;
      if (!id && !log.base) {
        log.record ??= record;
        log.base = baseTask(log, kind);
      }
      const value = id ? { Id: id, ...fields } : { entityApiName: 'Task', ...log.base, ...fields };
      const saved = await checked('log', host.saveRecord(value));
      return saved ?? id;
    })();
    void track(log.task);
  };
  const baseTask = (log: CallLog, kind: Kind) => ({
    Subject: texts.subject(kind, log.number).slice(0, 255),
    TaskSubtype: 'Call',
    CallType: log.direction === 'inbound' ? 'Inbound' : 'Outbound',
    CallObject: log.callId.slice(0, 255),
    ActivityDate: isoDate(now()),
    Description: description(log.number, log.data),
    ...taskLinks(log.record),
  });

  /**
   * Run `act` for a call this tab acts on. In a `single-tab` session every tab sees the call on its own vendor
   * connection and is elected in its own hub: the tabs claim the call first (`strong`: the tab it was clicked in).
   */
  const gated = (callId: string, strong: boolean, act: () => void) => {
    if (!tabs || provider.session?.hubMode !== 'single-tab' || calls.has(callId)) return act();
    let gate = gates.get(callId);
    if (!gate) {
      gates.set(callId, (gate = tabs.claim(`c${callId}`, strong)));
      bound(gates);
    }
    void track(gate.then((won) => void (won && !disposed && act())));
  };

  const onIncoming = (event: Event) => {
    const d = (event as CustomEvent<CtiIncomingCallDetail>).detail;
    if (!d?.primary || calls.has(d.callId) || before.has(d.callId)) return;
    gated(d.callId, false, () => {
      if (calls.has(d.callId)) return;
      remember(d.callId, 'inbound', d.from.number, d.data ?? {});
      void checked('panel', host.showPanel());
      void checked('pop', host.screenPop({ number: d.from.number, data: d.data ?? {}, direction: 'inbound' }));
    });
  };

  const onAnswered = (event: Event) => {
    const d = (event as CustomEvent<CtiCallAnsweredDetail>).detail;
    if (!d || before.has(d.callId)) return;
    const number = d.remote[0]?.number ?? '';
    const known = calls.has(d.callId);
    const click = known ? undefined : take(number);
    if (!known && !click && (!elected() || handover.foreign.has(d.callId))) return; // another tab logs it
    gated(d.callId, !!click, () => answered(d, number, click));
  };

  const answered = (d: CtiCallAnsweredDetail, number: string, click: ClickToDial | undefined) => {
    let log = calls.get(d.callId);
    if (!log) {
      log = remember(d.callId, d.direction === 'inbound' ? 'inbound' : 'outbound', number, d.data ?? {}, click);
      if (log.direction === 'outbound' && !click) {
        // Dialled in the softphone (not from a Salesforce record): pop the number per the softphone layout's
        // Outbound settings; the record that opens is the one the Task links to.
        const data = log.data;
        log.task = track(checked('pop', host.screenPop({ number, data, direction: 'outbound' })).then(() => undefined));
      }
    } else if (log.task && !log.answered) return void (log.answered = true); // its Task was created when dialled
    if (log.answered) return;
    log.answered = true;
    begin(log);
  };

  /** Create the call's Task (In Progress) and tell the other tabs. */
  const begin = (log: CallLog) => {
    saveTask(log, { Status: 'In Progress' }, log.direction);
    announce(log);
  };

  /**
   * The call of a number clicked in Salesforce shows in the session, not yet answered: this tab logs it from now
   * on, on the clicked record, and tells the other tabs its Task, so one of them completes it if this tab goes.
   */
  const watchDials = () => {
    const session = provider.session;
    if (watched === session || !session?.subscribe) return;
    unwatch?.();
    watched = session;
    unwatch = session.subscribe(({ calls: now }) => {
      // A call still going that no tab logs yet (not an earlier one to that number in wrap-up). A call that ended
      // before it showed here is the end's (onEnded takes the click then).
      for (const c of now) {
        const number = c.remote[0]?.number ?? '';
        const click = c.direction === 'outbound' && !c.endedAt && !calls.has(c.id) && !handover.foreign.has(c.id) && take(number);
        if (click) gated(c.id, true, () => void (calls.has(c.id) || begin(remember(c.id, 'outbound', number, c.data, click))));
      }
    });
  };

  /** The other softphones learn the Task's id: one of them finishes it if this tab goes away mid-call. */
  const announce = (log: CallLog) =>
    void log.task?.then((task) => task && !log.ended && calls.get(log.callId) === log && tabs?.send({ k: 'task', call: log.callId, task }));

  const onEnded = (event: Event) => {
    const d = (event as CustomEvent<CtiCallEndedDetail>).detail;
    if (!d || handover.ended(d)) return;
    const number = d.remote[0]?.number ?? '';
    const known = calls.has(d.callId) || gates.has(d.callId);
    // Outbound, never answered and no tab's yet (dialled in a softphone; clicked and ended before it showed): the
    // clicking tab, else the elected one, logs it now. Any other call is not this tab's.
    const fresh = !known && !d.answered && d.direction === 'outbound';
    const click = fresh ? take(number) : undefined;
    if (!known && !click && (!fresh || !elected())) return;
    gated(d.callId, !!click, () => {
      if (!calls.has(d.callId) && !known) remember(d.callId, 'outbound', number, d.data, click);
      const log = calls.get(d.callId);
      if (log && !log.ended) finish(log, d);
    });
  };

  const finish = (log: CallLog, d: CtiCallEndedDetail) => {
    log.ended = true;
    tabs?.send({ k: 'done', call: log.callId });
    const kind: Kind = d.answered ? log.direction : d.direction === 'inbound' ? 'missed' : 'unanswered';
    const done: Record<string, string | number> = {
      Status: 'Completed',
      CallDurationInSeconds: Math.max(0, Math.round((d.talkMs ?? 0) / 1000)),
      // Never answered: said by the Subject (a Task created when dialled had the outbound one) and the disposition.
      ...(d.answered ? {} : { Subject: texts.subject(kind, d.remote[0]?.number ?? log.number).slice(0, 255), CallDisposition: texts.subject('noAnswer', '') }),
      ...(log.disposition ? { CallDisposition: log.disposition.slice(0, 255) } : {}),
    };
    saveTask(log, done, kind);
  };

  /* ------------------------------------------- a Task another tab logs (tabs.ts) */

  const handover = createHandover<Foreign, TaskMessage>({
    // A tab that opened later: tell it the Tasks this tab logs.
    hello: () => {
      for (const log of calls.values()) announce(log);
    },
    merge: (m, old, same) => (same && old!.task === m.task ? undefined : { task: m.task }),
    calls,
    adopt: (callId, f) => {
      const log = remember(callId, 'inbound', '', {});
      log.task = Promise.resolve(f.task);
      log.answered = true;
      log.disposition = f.disposition;
      tabs!.send({ k: 'task', call: callId, task: f.task });
      if (f.end) finish(log, f.end);
    },
    run: (adopt) => void (disposed || track(adopt())),
    graceMs: options.graceMs,
  });
  void Promise.resolve(options.tabs).then((t) => {
    if (!t || disposed) return;
    tabs = t;
    handover.listen(t);
  });

  provider.addEventListener('cti-incoming-call', onIncoming);
  provider.addEventListener('cti-call-answered', onAnswered);
  provider.addEventListener('cti-call-ended', onEnded);

  host.onNavigationChange((r) => {
    // A list view or home page has no record: nothing is linked then.
    record = r.recordId ? r : undefined;
  });
  host.onClickToDial((click) => {
    if (disposed) return;
    clicked = click;
    watchDials();
    void track(
      // A Salesforce phone field as shown ("(11) 95555-4444"): its digits are dialled (nothing dialable: as is, refused).
      provider.dial(dialable(click.number) || click.number).then(
        (dialled) => {
          if (!dialled && clicked === click) clicked = undefined; // vetoed by a cti-dial-request listener
        },
        (e: unknown) => {
          if (clicked === click) clicked = undefined;
          const error = e as { code?: string; detail?: string };
          report('dial', [error?.code, error?.detail].filter(Boolean).join(': ') || String(e), click.number);
        },
      ),
    );
  });
  void checked('c2d', host.enableClickToDial());

  return {
    alreadyAnswered(callIds) {
      for (const id of callIds) if (!calls.has(id)) before.add(id);
    },
    disposition(callId, text) {
      const entry = callId ? calls.get(callId) : [...calls.values()].at(-1);
      const f = callId ? handover.foreign.get(callId) : undefined;
      if (f && text) {
        // Another tab logs the call but the agent classified it here: write it to that Task from here.
        f.disposition = text;
        void checked('log', host.saveRecord({ Id: f.task, CallDisposition: text.slice(0, 255) }));
      }
      if (!entry || !text) return;
      entry.disposition = text;
      if (entry.ended && entry.task) saveTask(entry, { CallDisposition: text.slice(0, 255) }, entry.direction);
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    dispose() {
      disposed = true;
      for (const f of handover.foreign.values()) clearTimeout(f.timer);
      if (tabs) tabs.onMessage = undefined;
      unwatch?.();
      // This softphone logs nothing more: the others take over its Tasks.
      void Promise.resolve(options.tabs).then((t) => t?.close());
      provider.removeEventListener('cti-incoming-call', onIncoming);
      provider.removeEventListener('cti-call-answered', onAnswered);
      provider.removeEventListener('cti-call-ended', onEnded);
    },
  };
}
