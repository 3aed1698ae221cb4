/**
 * The hub core: one vendor connection per session key, shared by every attached tab.
 *
 * Plain TypeScript: no worker, no comlink, no DOM. The SharedWorker entry (`worker-main.ts`)
 * and the leader tab of the fallback (`local-hub.ts`) wrap it; tests drive it directly with a
 * fake adapter factory, a `ManualClock` and fake locks.
 *
 * Session lifecycle (per key `vendor|server|agent`):
 *
 *     (none) --attach--> creating --factory loaded--> open --last tab gone----> lingering --grace over--> (none)
 *                           |                              ^                      |    (adapter.close(), store.dispose())
 *                           |                              +-------- attach ------+
 *                           +--load/start fails--> (none)   (attach rejects with a CtiError)
 *
 * Lingering (reload grace): when the last tab goes away (goodbye on pagehide, its lock released, its
 * listener failing) — never on an explicit `detach`, which means the page no longer wants the session —
 * the vendor connection is kept for the session's grace period (`graceMs`, or the config option
 * `reloadGraceMs`), so a tab reloading or navigating within the CRM finds the session, its call and its
 * agent state as they are, with no new sign-in.
 * The adapter keeps running and the store keeps applying events meanwhile. With no tab back in time
 * the session closes exactly as before (no logout is sent). Grace 0 closes at once.
 *
 * When the hub itself dies with the page (a browser without SharedWorker `extendedLifetime`, the leader
 * tab of the fallback, a crash), the new hub resyncs from the vendor. Where the vendor cannot be asked
 * (NEON: registration and calls; DGPhone: the agent's sign-in) the `memory` (IndexedDB; facts only, no
 * personal data) tells the new hub what was on screen: when, `resumeCheckMs` after it connects, the
 * vendor shows less (signed out now, fewer calls), the session shows a `state-lost` error saying what
 * could not be recovered and what the agent must do. A clean close forgets the record.
 *
 * Trust boundary: the hub may be reached by pages that did not open a session (with storage partitioning a
 * frame-served hub is shared per site, so another origin of the same site; without it, any site). The attach
 * that opens a session sets its secret (`session-secret.ts`); a later attach or a command without that secret
 * is refused with `session-denied` and gets nothing of the session (no snapshot, agent or calls).
 *
 * Tab lifecycle: `hello(tabId, lockName)` registers the tab and asks for the tab's Web Lock.
 * The tab holds that lock for its whole life, so the hub is granted it only when the tab is
 * gone (closed, navigated, iframe removed, crashed); the grant releases everything the tab held.
 * `goodbye` does the same at once; a listener failing `maxListenerFailures` times in a row
 * (it throws, or its returned promise rejects) also drops the tab.
 */
import type { Clock, TimerHandle } from '../domain/clock.js';
import type { Command } from '../domain/commands.js';
import type { DomainEvent } from '../domain/events.js';
import { DIALER_CALL, type Capabilities, type CtiError, type HubMode, type LogLevel, type SessionSnapshot } from '../domain/model.js';
import type { SessionStore, SessionStoreOptions } from '../domain/session-store.js';
import { redactError } from '../domain/redact.js';
import { failure } from './failure.js';
import { isCtiError, sessionKey } from '../vendors/adapter.js';
import { numberOption } from '../vendors/runtime/options.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../vendors/adapter.js';
import type { CommandResult, HubApi, HubDiagnostics, HubInfo, TabFocus, UpdateListener } from './contract.js';
import type { ResumeCheck, resumeCheck } from './resume-check.js';
import { factsOf } from './session-memory.js';
import type { Facts, RememberedSession, SessionMemory } from './session-memory.js';
import { isSessionSecret } from './session-secret.js';
import { diffViews, isUrgent } from './updates.js';
import type { SessionUpdate } from './updates.js';

/** One injected logger. Messages never contain credentials. */
export type HubLogger = (level: LogLevel, message: string) => void;

/** The part of `navigator.locks` the hub uses. */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => unknown): Promise<unknown>;
}

export interface HubCoreOptions {
  readonly clock: Clock;
  readonly loadFactory: (vendor: string) => Promise<AdapterFactory>;
  readonly deps: AdapterDeps;
  readonly createStore: (options: SessionStoreOptions) => SessionStore;
  /** Web Locks, for tab liveness. Without it only `goodbye` and listener failures release tabs. */
  readonly locks?: LockManagerLike;
  readonly logger?: HubLogger;
  /** Reported by `hello`. Default `shared-worker`. */
  readonly mode?: HubMode;
  /** Hub instance id. Default: random. */
  readonly id?: string;
  /** Consecutive listener failures before a tab is dropped. Default 3. */
  readonly maxListenerFailures?: number;
  /** Called when the hub stops using a listener (so a comlink proxy can be released). */
  readonly releaseListener?: (listener: UpdateListener) => void;
  /**
   * Coalescing (ms): a session's tabs get at most one update per interval, the latest state (a change after a
   * quiet interval goes at once, later ones at the interval's end). Default 16 (one frame); 0 sends every change.
   */
  readonly frameMs?: number;
  /**
   * A hidden tab renders nothing: it gets a change the agent acts on at once (its host events), the rest at most
   * every `hiddenMs` (default 200; 0 when `frameMs` is 0), and everything as soon as it is visible again.
   */
  readonly hiddenMs?: number;
  /** Called after a tab is released, with the reason (tests, diagnostics). */
  readonly onTabReleased?: (tabId: string, reason: TabReleaseReason) => void;
  /**
   * How long (ms) a session's vendor connection outlives its last tab, so a reload finds it. Default 0
   * (close at once). A session's config option `reloadGraceMs` overrides it, bounded to `MAX_GRACE_MS`.
   */
  readonly graceMs?: number;
  /** What survives the hub's own death (see above). Default: nothing. */
  readonly memory?: SessionMemory;
  /** How long after a recreated session connected its vendor state is compared with the memory. Default 800. */
  readonly resumeCheckMs?: number;
  /** A record older than this (ms) is ignored (stale). Default 10 min. */
  readonly rememberMs?: number;
}

/**
 * The SharedWorker hub's reload grace: a CRM reload or navigation takes a few seconds, while a CRM closed
 * for good should let its vendor connection go soon. (How long a browser keeps an `extendedLifetime` worker
 * with no page is its choice; Chromium 156 here kept one with an open socket for a whole 120 s grace.)
 */
export const DEFAULT_GRACE_MS = 20_000;
/** Upper bound of a configured grace (ms). */
export const MAX_GRACE_MS = 120_000;

export type TabReleaseReason = 'lock' | 'goodbye' | 'listener-failures' | 'replaced' | 'dispose';

interface TabRecord {
  readonly id: string;
  /** Aborts the pending lock request. */
  abort?: AbortController;
  readonly listeners: Map<string, UpdateListener>;
  /** Per session key: the view this tab was last sent (what its next patch starts from). */
  readonly sent: Map<string, SessionSnapshot>;
  /** Per session key: when it was sent (a hidden tab gets what is not urgent at most every `hiddenMs`). */
  readonly sentAt: Map<string, number>;
  failures: number;
  /** Last reported page visibility (a tab that never reported counts as visible). */
  visible: boolean;
  /** When the tab last reported focus (the hub's own counter; 0: never). */
  focusSeq: number;
}

interface SessionRecord {
  readonly key: string;
  readonly config: SessionConfig;
  /** Set by the attach that opened the session; every later attach and every command presents it. */
  readonly secret: string;
  readonly adapter: VendorAdapter;
  readonly store: SessionStore;
  readonly tabs: Set<string>;
  closed: boolean;
  /** Set while no tab is attached and the reload grace runs. */
  grace?: TimerHandle;
  /** The facts last written to the memory. */
  remembered?: Facts;
  /** A hub that died had this session: the comparison of its record with what the vendor shows now, until done. */
  resume?: ResumeCheck;
  /** The elected tab (rings, notifies): the most recently focused visible one. */
  elected?: string;
  /** Each live incoming call's pop tab (`popCalls`): the elected tab when the call first appeared. */
  readonly pins: Map<string, string>;
  /** The coalescing timer: updates are due at its end. */
  flushTimer?: TimerHandle;
  /** When the tabs were last sent updates. */
  flushedAt: number;
  /** The state they were sent then (a change to a slice the agent acts on goes at once: `isUrgent`). */
  flushed?: SessionSnapshot;
  /** Due: what hidden tabs were not sent yet (`hiddenMs`). */
  hiddenTimer?: TimerHandle;
}

const KEY_LIMIT = 2048;

export class HubCore implements HubApi {
  readonly id: string;
  readonly #o: HubCoreOptions;
  readonly #log: HubLogger;
  readonly #tabs = new Map<string, TabRecord>();
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #creating = new Map<string, Promise<SessionRecord>>();
  #disposed = false;
  #focusSeq = 0;

  constructor(options: HubCoreOptions) {
    this.#o = options;
    this.#log = options.logger ?? (() => {});
    this.id = options.id ?? randomId(options.deps.random);
  }

  /* ------------------------------------------------------------------ HubApi */

  async hello(tabId: string, lockName: string): Promise<HubInfo> {
    assertId(tabId, 'hello');
    const tab = this.#tab(tabId);
    if (typeof lockName === 'string' && lockName.length > 0 && lockName.length < 200 && this.#o.locks) {
      this.#watchLock(tab, lockName);
    }
    this.#log('debug', `tab ${short(tabId)} hello`);
    return this.info();
  }

  async attach(tabId: string, config: SessionConfig, listener: UpdateListener, secret: string): Promise<SessionSnapshot> {
    assertId(tabId, 'attach');
    assertConfig(config);
    if (typeof listener !== 'function') throw err('bad-request', 'attach', 'listener');
    if (!isSessionSecret(secret)) throw err('bad-request', 'attach', 'no-secret');
    const key = sessionKey(config);
    const tab = this.#tab(tabId);
    const session = await this.#session(key, config, secret);
    // The session belongs to the page that opened it: without its secret, nothing of it is revealed.
    if (!sameSecret(secret, session.secret)) {
      this.#release(listener);
      this.#log('warn', `tab ${short(tabId)} refused: wrong session secret`);
      throw err('session-denied', 'attach', 'secret');
    }
    // The tab may have left (goodbye, lock) while the adapter was loading.
    if (this.#tabs.get(tabId) !== tab || this.#disposed) {
      this.#release(listener);
      if (session.tabs.size === 0) this.#idle(session);
      throw err('hub-unavailable', 'attach', 'tab-left');
    }
    if (session.grace) {
      this.#o.clock.clearTimeout(session.grace);
      session.grace = undefined;
      this.#note(session, 'info', 'a tab is back within the grace, the connection was kept');
    }
    const previous = tab.listeners.get(key);
    if (previous && previous !== listener) this.#release(previous);
    // The other tabs hear of the new count (this one counts in the election but gets the whole session below).
    tab.listeners.delete(key);
    session.tabs.add(tabId);
    const snapshot = session.store.setTabs(session.tabs.size);
    this.#publish(session, snapshot);
    tab.listeners.set(key, listener);
    // The whole session once: as this answer, never also on the listener (whose first update is a patch from this
    // view; the tab holds a patch that overtakes the answer until the answer has come, `hub-connection.ts`).
    const view = this.#view(session, snapshot, tabId);
    tab.sent.set(key, view);
    this.#log('debug', `tab ${short(tabId)} attached to ${key} (${session.tabs.size} tabs)`);
    return view;
  }

  /** The diagnostics slices of a session (its log, its connection's history): on demand, never in an update. */
  async diagnostics(tabId: string, key: string, secret: string): Promise<HubDiagnostics> {
    const session = this.#sessions.get(key);
    if (!session || session.closed) throw err('not-connected', 'diagnostics', 'no-session');
    if (!isSessionSecret(secret) || !sameSecret(secret, session.secret) || !session.tabs.has(tabId)) {
      throw err('session-denied', 'diagnostics', 'secret');
    }
    const snapshot = session.store.snapshot;
    return { log: snapshot.log, connectionHistory: snapshot.connectionHistory ?? [] };
  }

  async detach(tabId: string, key: string): Promise<void> {
    const tab = this.#tabs.get(tabId);
    if (!tab) return;
    // An explicit detach means the page no longer wants this session (disposed, config changed): no grace.
    this.#detach(tab, key, false);
  }

  async command(tabId: string, key: string, command: Command, secret: string): Promise<CommandResult> {
    const op = isObject(command) && typeof command.type === 'string' ? command.type : 'command';
    const session = this.#sessions.get(key);
    if (!session || session.closed) return fail(err('not-connected', op, 'no-session'));
    if (!isSessionSecret(secret) || !sameSecret(secret, session.secret)) {
      this.#log('warn', `tab ${short(String(tabId))} refused: wrong session secret for a command`);
      return fail(err('session-denied', op, 'secret'));
    }
    if (!session.tabs.has(tabId)) return fail(err('invalid-state', op, 'not-attached'));
    const invalid = validateCommand(command, session.adapter.capabilities);
    if (invalid) return fail(invalid);
    this.#log('debug', `${key}: command ${op}`);
    if (command.type === 'dismiss-notice') {
      const id = typeof command.id === 'string' ? command.id : '';
      this.#change(session, () => session.store.apply({ type: 'notice-dismissed', id }));
      return { ok: true };
    }
    // A hang-up of a call that ended meanwhile (the other side hung up first, a click behind the screen): what the
    // agent asked is done. Before it is sent (the call shows ended), or when the vendor refuses it and by then the
    // call's end has come: no error for it.
    const over = () => command.type === 'hangup' && ['ended', 'wrap-up'].includes(session.store.snapshot.calls.find((c) => c.id === command.callId)?.state ?? '');
    try {
      if (!over()) await session.adapter.execute(command);
      return { ok: true };
    } catch (e) {
      if (over()) return { ok: true };
      const error = isCtiError(e) ? e : err('internal', op, 'command');
      this.#note(session, 'warn', `command ${op} failed: ${isCtiError(e) ? error.code : `${error.code} (${failure(e)})`}`);
      return fail(error);
    }
  }

  async goodbye(tabId: string): Promise<void> {
    this.#releaseTab(tabId, 'goodbye');
  }

  /**
   * The tab's visibility and focus changed: the hub elects, per session, the most recently focused visible
   * tab (ringing, notifications and screen pops happen there only) and re-publishes when the election moves.
   */
  async tabFocus(tabId: string, focus: TabFocus): Promise<void> {
    const tab = this.#tabs.get(tabId);
    if (!tab || !isObject(focus)) return;
    const wasVisible = tab.visible;
    tab.visible = focus.visible !== false;
    // A page the agent just brought to the front counts as focused too: a widget in a CRM's iframe never gets
    // the focus while the agent works in the CRM's own page, but its tab becomes visible when they switch to it.
    if (focus.focused === true || (tab.visible && !wasVisible)) tab.focusSeq = ++this.#focusSeq;
    for (const key of tab.listeners.keys()) {
      const session = this.#sessions.get(key);
      if (session && !session.closed && this.#elect(session) !== session.elected) this.#publish(session, session.store.snapshot);
      // Shown again: what it was not sent while hidden, now.
      if (session && !session.closed && tab.visible && !wasVisible) this.#sendTab(session, session.store.snapshot, tabId, true);
    }
  }

  async ping(): Promise<number> {
    return this.#o.clock.now();
  }

  async stats(): Promise<{ readonly sessions: number; readonly tabs: number; readonly connections: number }> {
    let connections = 0;
    for (const s of this.#sessions.values()) if (!s.closed) connections++;
    return { sessions: this.#sessions.size + this.#creating.size, tabs: this.#tabs.size, connections };
  }

  /* ---------------------------------------------------------------- extras */

  info(): HubInfo {
    return { mode: this.#o.mode ?? 'shared-worker', hubId: this.id, tabs: this.#tabs.size };
  }

  /** Release every tab and close every connection (leader handing over, tests). */
  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const id of [...this.#tabs.keys()]) this.#releaseTab(id, 'dispose');
    await Promise.allSettled([...this.#sessions.values()].map((s) => this.#closeSession(s)));
  }

  /* --------------------------------------------------------------- private */

  /** An adapter's own typed error as it is; any other exception as `internal` with `detail` as code, its message logged. */
  #internal(e: unknown, key: string, detail: string): CtiError {
    if (isCtiError(e)) return e;
    this.#log('error', `${key}: ${detail} failed: ${failure(e)}`);
    return err('internal', 'attach', detail);
  }

  #tab(tabId: string): TabRecord {
    let tab = this.#tabs.get(tabId);
    if (!tab) {
      tab = { id: tabId, listeners: new Map(), sent: new Map(), sentAt: new Map(), failures: 0, visible: true, focusSeq: 0 };
      this.#tabs.set(tabId, tab);
    }
    return tab;
  }

  #watchLock(tab: TabRecord, lockName: string): void {
    tab.abort?.abort();
    const abort = new AbortController();
    tab.abort = abort;
    const started = this.#o.clock.now();
    this.#o.locks!.request(lockName, { signal: abort.signal }, () => {
      if (abort.signal.aborted || this.#tabs.get(tab.id) !== tab) return undefined;
      this.#log('info', `tab ${short(tab.id)} gone (lock released after ${this.#o.clock.now() - started} ms)`);
      this.#releaseTab(tab.id, 'lock');
      return undefined; // returning releases the lock at once
    }).catch(() => {
      /* aborted: the tab said goodbye or sent a new hello */
    });
  }

  #releaseTab(tabId: string, reason: TabReleaseReason): void {
    const tab = this.#tabs.get(tabId);
    if (!tab) return;
    this.#tabs.delete(tabId);
    tab.abort?.abort();
    // A tab that went away (reload, navigation, crash) may come back: its sessions get the grace.
    for (const key of [...tab.listeners.keys()]) this.#detach(tab, key, reason !== 'dispose');
    if (reason !== 'lock') this.#log('debug', `tab ${short(tabId)} released (${reason})`);
    try {
      this.#o.onTabReleased?.(tabId, reason);
    } catch {
      /* diagnostics only */
    }
  }

  #detach(tab: TabRecord, key: string, linger: boolean): void {
    const listener = tab.listeners.get(key);
    tab.sent.delete(key);
    if (listener) {
      tab.listeners.delete(key);
      this.#release(listener);
    }
    const session = this.#sessions.get(key);
    if (!session || !session.tabs.delete(tab.id)) return;
    if (session.tabs.size === 0) {
      if (linger) this.#idle(session);
      else void this.#closeSession(session);
    } else {
      this.#publish(session, session.store.setTabs(session.tabs.size));
    }
  }

  #session(key: string, config: SessionConfig, secret: string): Promise<SessionRecord> {
    const open = this.#sessions.get(key);
    if (open && !open.closed) return Promise.resolve(open);
    let creating = this.#creating.get(key);
    if (!creating) {
      creating = this.#createSession(key, config, secret).finally(() => this.#creating.delete(key));
      this.#creating.set(key, creating);
    }
    return creating;
  }

  async #createSession(key: string, config: SessionConfig, secret: string): Promise<SessionRecord> {
    const [factory, previous] = await Promise.all([this.#o.loadFactory(config.vendor), this.#recall(key)]);
    const { clock } = this.#o;
    let session: SessionRecord | undefined;
    const early: DomainEvent[] = [];
    const host: AdapterHost = {
      clock,
      emit: (event) => {
        if (!session) {
          early.push(event);
          return;
        }
        if (session.closed) return;
        this.#change(session, () => session!.store.apply(event));
      },
      log: (level, message) => {
        this.#log(level, `${key}: ${message}`);
        if (session && !session.closed) this.#change(session, () => session!.store.log(level, message));
      },
    };
    let adapter: VendorAdapter;
    try {
      adapter = factory(config, host, this.#o.deps);
    } catch (e) {
      throw this.#internal(e, key, 'adapter-factory');
    }
    const capabilities: Capabilities = adapter.capabilities;
    const store = this.#o.createStore({
      key,
      capabilities,
      clock,
      onChange: (snapshot) => {
        if (session && !session.closed) this.#publish(session, snapshot);
      },
    });
    session = { key, config, secret, adapter, store, tabs: new Set(), closed: false, pins: new Map(), flushedAt: -Infinity };
    if (previous) session.resume = this.#resumeCheck(session, ...previous);
    this.#sessions.set(key, session);
    for (const event of early.splice(0)) store.apply(event);
    try {
      adapter.start();
    } catch (e) {
      await this.#closeSession(session);
      throw this.#internal(e, key, 'adapter-start');
    }
    this.#note(session, 'info', `connection opened${previous ? ' (a previous hub had this session)' : ''}`);
    session.resume?.schedule();
    return session;
  }

  /** The last tab left: close now, or keep the connection for the grace period (a reload comes back). */
  #idle(session: SessionRecord): void {
    if (session.closed || session.grace) return;
    const grace = this.#disposed ? 0 : graceOf(session.config, this.#o.graceMs ?? 0);
    if (grace <= 0) {
      void this.#closeSession(session);
      return;
    }
    this.#publish(session, session.store.setTabs(0));
    this.#note(session, 'info', `no tab left, keeping the connection ${Math.round(grace / 100) / 10} s for a reload`);
    session.grace = this.#o.clock.setTimeout(() => {
      session.grace = undefined;
      if (session.tabs.size === 0) void this.#closeSession(session);
    }, grace);
  }

  async #closeSession(session: SessionRecord): Promise<void> {
    if (session.closed) return;
    session.closed = true;
    if (session.grace) this.#o.clock.clearTimeout(session.grace);
    session.grace = undefined;
    session.resume?.stop();
    if (session.flushTimer) this.#o.clock.clearTimeout(session.flushTimer);
    session.flushTimer = undefined;
    if (session.hiddenTimer) this.#o.clock.clearTimeout(session.hiddenTimer);
    session.hiddenTimer = undefined;
    // A clean close: nothing is left on screen to account for. (A hub that dies never gets here.)
    this.#o.memory?.forget(session.key);
    if (this.#sessions.get(session.key) === session) this.#sessions.delete(session.key);
    session.store.dispose();
    this.#log('info', `${session.key}: closing the connection`);
    try {
      await session.adapter.close();
    } catch (e) {
      this.#log('warn', `${session.key}: close failed: ${isCtiError(e) ? e.code : 'error'}`);
    }
  }

  /**
   * A hub line about a session: to the hub's logger and into the session's own log, so the diagnostics file of
   * any of its tabs has it (grace, reload, a failed command). Never for a refused attach or command: a page
   * without the session's secret writes nothing into it.
   */
  #note(session: SessionRecord, level: LogLevel, message: string): void {
    this.#log(level, `${session.key}: ${message}`);
    if (!session.closed) this.#change(session, () => session.store.log(level, message));
  }

  #change(session: SessionRecord, update: () => SessionSnapshot): void {
    const before = session.store.snapshot;
    let after: SessionSnapshot;
    try {
      after = update();
    } catch (e) {
      this.#log('error', `${session.key}: store rejected an event: ${failure(e)}`);
      return;
    }
    if (after !== before) this.#publish(session, after);
  }

  /**
   * A new state of the session: the election and the call pins follow at once; the tabs get it coalesced
   * (`frameMs`): a change after a quiet interval goes now, changes within the interval go together at its end,
   * except a change the agent acts on (agent, calls, lines, connection, errors: `isUrgent`), which goes now.
   */
  #publish(session: SessionRecord, snapshot: SessionSnapshot): void {
    this.#remember(session, snapshot);
    session.resume?.seen(snapshot);
    session.elected = this.#elect(session);
    this.#pin(session, snapshot);
    const urgent = isUrgent(session.flushed, snapshot);
    if (session.flushTimer && !urgent) return; // due at the interval's end, with the latest state
    const frameMs = this.#o.frameMs ?? 16;
    const wait = session.flushedAt + frameMs - this.#o.clock.now();
    if (frameMs <= 0 || wait <= 0 || urgent) this.#flush(session);
    else session.flushTimer = this.#o.clock.setTimeout(() => this.#flush(session), wait);
  }

  /** Send every attached tab what changed since its last update. A failing listener never breaks the others. */
  #flush(session: SessionRecord): void {
    if (session.flushTimer) this.#o.clock.clearTimeout(session.flushTimer);
    session.flushTimer = undefined;
    session.flushedAt = this.#o.clock.now();
    if (session.closed) return;
    const snapshot = session.store.snapshot;
    session.flushed = snapshot;
    let held = false;
    for (const tabId of [...session.tabs]) {
      // A listener failure can drop a tab mid-loop and publish a newer snapshot: never send a stale one after it.
      if (session.store.snapshot !== snapshot) return;
      held = this.#sendTab(session, snapshot, tabId) === 'held' || held;
    }
    if (held && !session.hiddenTimer) {
      session.hiddenTimer = this.#o.clock.setTimeout(() => {
        session.hiddenTimer = undefined;
        if (session.closed) return;
        const latest = session.store.snapshot;
        for (const tabId of [...session.tabs]) if (this.#tabs.get(tabId)?.visible === false && session.store.snapshot === latest) this.#sendTab(session, latest, tabId, true);
      }, this.#hiddenMs());
    }
  }

  /** Send one tab what changed since its last update; 'held': a hidden tab's update that can wait (`hiddenMs`). */
  #sendTab(session: SessionRecord, snapshot: SessionSnapshot, tabId: string, now = false): 'held' | undefined {
    const tab = this.#tabs.get(tabId);
    const listener = tab?.listeners.get(session.key);
    if (!tab || !listener) return undefined;
    const view = this.#view(session, snapshot, tabId);
    const last = tab.sent.get(session.key);
    const at = this.#o.clock.now();
    if (last && !now && !tab.visible && !isUrgent(last, view) && at - (tab.sentAt.get(session.key) ?? -Infinity) < this.#hiddenMs()) return 'held';
    const update: SessionUpdate | undefined = last ? diffViews(last, view) : { t: 'full', key: session.key, snapshot: view };
    if (!update) return undefined;
    tab.sent.set(session.key, view);
    tab.sentAt.set(session.key, at);
    this.#send(tab, listener, update);
    return undefined;
  }

  #hiddenMs(): number {
    return this.#o.hiddenMs ?? (this.#o.frameMs === 0 ? 0 : 200);
  }

  /* ------------------------------------------------- the elected tab (ringing) */

  /** The most recently focused visible tab of the session (a hidden one only when all are hidden). */
  #elect(session: SessionRecord): string | undefined {
    let best: TabRecord | undefined;
    for (const id of session.tabs) {
      const tab = this.#tabs.get(id);
      if (!tab) continue;
      if (!best || (tab.visible && !best.visible) || (tab.visible === best.visible && tab.focusSeq > best.focusSeq)) best = tab;
    }
    return best?.id;
  }

  /** A live incoming call keeps the tab elected when it first appeared (or the elected one, once that tab is gone). */
  #pin(session: SessionRecord, snapshot: SessionSnapshot): void {
    const live = new Set<string>();
    for (const call of snapshot.calls) {
      if (call.state === 'ended' || call.state === 'wrap-up' || (call.direction === 'outbound' && call.detail !== DIALER_CALL)) continue;
      live.add(call.id);
      const pinned = session.pins.get(call.id);
      if (session.elected && (!pinned || !session.tabs.has(pinned))) session.pins.set(call.id, session.elected);
    }
    for (const id of [...session.pins.keys()]) if (!live.has(id)) session.pins.delete(id);
  }

  /**
   * The snapshot as one tab gets it: whether it is the elected tab, and the calls it pops; without the diagnostics
   * slices (the log, the connection history: `diagnostics`, on demand).
   */
  #view(session: SessionRecord, snapshot: SessionSnapshot, tabId: string): SessionSnapshot {
    const popCalls: string[] = [];
    for (const [callId, pinned] of session.pins) if (pinned === tabId) popCalls.push(callId);
    const { log: _log, connectionHistory: _history, ...wire } = snapshot;
    return { ...wire, primary: session.elected === tabId, popCalls } as unknown as SessionSnapshot;
  }

  /* ------------------------------------------------------ memory (hub death) */

  /**
   * The record a hub that died left for `key`, if recent, with the check that compares it (`resume-check.ts`, a lazy
   * chunk: loaded only then, while the adapter's chunk loads). Never rejects; the memory read waits at most 500 ms.
   */
  async #recall(key: string): Promise<[RememberedSession, typeof resumeCheck] | undefined> {
    const memory = this.#o.memory;
    if (!memory) return undefined;
    let timer: TimerHandle | undefined;
    const record = await Promise.race([
      memory.read(key).catch(() => undefined),
      new Promise<undefined>((resolve) => {
        timer = this.#o.clock.setTimeout(() => resolve(undefined), 500);
      }),
    ]);
    if (timer) this.#o.clock.clearTimeout(timer);
    if (!record || this.#o.clock.now() - record.at > (this.#o.rememberMs ?? 600_000) || !(record.signedIn || record.liveCalls > 0)) return undefined;
    try {
      return [record, (await import('./resume-check.js')).resumeCheck];
    } catch (e) {
      this.#log('warn', `${key}: a previous hub had this session, but its check did not load: ${failure(e)}`);
      return undefined;
    }
  }

  /** Write the facts when they change (not while a previous record still waits for its comparison). */
  #remember(session: SessionRecord, snapshot: SessionSnapshot): void {
    const memory = this.#o.memory;
    if (!memory || session.closed || session.resume) return;
    const facts = factsOf(snapshot);
    const last = session.remembered;
    if (last && last.signedIn === facts.signedIn && last.liveCalls === facts.liveCalls) return;
    session.remembered = facts;
    if (!facts.signedIn && facts.liveCalls === 0) memory.forget(session.key);
    else memory.write({ key: session.key, at: this.#o.clock.now(), ...facts });
  }

  /** The comparison of a recreated session with the record `previous` (`resume-check.ts`). */
  #resumeCheck(session: SessionRecord, previous: RememberedSession, check: typeof resumeCheck): ResumeCheck {
    return check(previous, session, this.#o.clock, this.#o.resumeCheckMs ?? 800, (lost) => {
      session.resume = undefined;
      if (lost) {
        this.#note(session, 'warn', lost[0]);
        this.#change(session, () => session.store.apply({ type: 'error', error: lost[1] }));
      }
      this.#remember(session, session.store.snapshot);
    });
  }

  #send(tab: TabRecord, listener: UpdateListener, update: SessionUpdate): void {
    const ok = () => {
      tab.failures = 0;
    };
    const failed = () => {
      if (this.#tabs.get(tab.id) !== tab) return;
      // The tab may not have applied it: its next update is the whole session.
      tab.sent.delete(update.key);
      tab.failures++;
      if (tab.failures >= (this.#o.maxListenerFailures ?? 3)) {
        this.#log('warn', `tab ${short(tab.id)} dropped: its listener failed ${tab.failures} times`);
        this.#releaseTab(tab.id, 'listener-failures');
      }
    };
    try {
      const result: unknown = listener(update);
      if (isThenable(result)) {
        result.then(ok, failed);
      } else {
        ok();
      }
    } catch {
      failed();
    }
  }

  #release(listener: UpdateListener): void {
    try {
      this.#o.releaseListener?.(listener);
    } catch {
      /* already released */
    }
  }
}

/* ------------------------------------------------------------------ helpers */

/** Which capability a command needs. `undefined`: always allowed (login, logout, refresh). */
export function commandAllowed(command: Command, caps: Capabilities): boolean {
  switch (command.type) {
    case 'login':
    case 'logout':
    case 'refresh':
      return true;
    case 'ready':
    case 'pause':
      return caps.agentStates;
    case 'end-after-call':
      return caps.afterCallEnd;
    case 'classify':
      return caps.classify;
    case 'dial':
      return caps.dial;
    case 'answer':
      return caps.answer !== 'never';
    case 'reject':
      return caps.reject;
    case 'hangup':
      return caps.hangup;
    case 'hold':
    case 'retrieve':
      return caps.hold;
    case 'consult':
      return caps.consult;
    case 'transfer':
      return caps.transfer;
    case 'conference':
    case 'drop-party':
      return caps.conference;
    case 'dtmf':
      return caps.dtmf;
    case 'associate-data':
      return caps.associateData;
    case 'show-softphone':
      return caps.softphoneWindow;
    case 'select-line':
      return caps.lines > 1;
    case 'redial':
      return caps.redial;
    case 'dialer-outcome':
      return caps.dialerOutcomes.length > 0;
    case 'schedule-callback':
      return caps.scheduleCallback;
    case 'dismiss-notice':
      return true;
    default:
      return false;
  }
}

function validateCommand(command: unknown, caps: Capabilities): CtiError | undefined {
  if (!isObject(command) || typeof command.type !== 'string') return err('bad-request', 'command', 'command');
  const cmd = command as Command;
  if (!commandAllowed(cmd, caps)) return err('unsupported', cmd.type, cmd.type);
  return undefined;
}

/** The session's reload grace: its config option `reloadGraceMs` (bounded), else the hub's default. */
export function graceOf(config: SessionConfig, fallback: number): number {
  return numberOption(config.options?.['reloadGraceMs'], fallback, 0, MAX_GRACE_MS);
}

function assertConfig(config: unknown): asserts config is SessionConfig {
  if (
    !isObject(config) ||
    typeof config.vendor !== 'string' ||
    typeof config.server !== 'string' ||
    typeof config.agent !== 'string' ||
    config.vendor.length + config.server.length + config.agent.length > KEY_LIMIT
  ) {
    throw err('bad-request', 'attach', 'config');
  }
}

function assertId(id: unknown, op: string): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > 100) throw err('bad-request', op, 'tab-id');
}

/** Compares two session secrets in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return isObject(value) && typeof value.then === 'function';
}

function err(code: CtiError['code'], operation: string, detail: string): CtiError {
  return { code, at: Date.now(), operation, detail };
}

/** A failed command's result; its detail may be server text, so it is redacted like the snapshot's. */
function fail(error: CtiError): CommandResult {
  return { ok: false, error: redactError(error) };
}

function short(tabId: string): string {
  return tabId.slice(0, 8);
}

function randomId(random: () => number): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Math.floor(random() * 2 ** 48).toString(36);
}
