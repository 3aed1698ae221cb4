/**
 * The hub contract: the one types-only module both sides of the hub RPC import.
 *
 * A page (tab or iframe) talks to the hub through `HubApi`. In the SharedWorker mode the
 * calls travel over comlink on a MessagePort; in the fallback (no SharedWorker) the leader
 * tab runs the hub core and followers reach it over BroadcastChannel. Every call from a tab
 * has a timeout on the tab side: comlink never rejects when the other side is gone.
 */
import type { Command } from '../domain/commands.js';
import type { ConnectionChange, CtiError, HubMode, LogEntry, SessionSnapshot } from '../domain/model.js';
import type { SessionConfig } from '../vendors/adapter.js';
import type { SessionUpdate } from './updates.js';

export type { SessionConfig, SessionUpdate };

/** A page-side listener: every new snapshot of a session (rebuilt from the hub's updates). */
export type SnapshotListener = (snapshot: SessionSnapshot) => void;

/**
 * What the hub calls for a tab attached to a session: what changed since the attach's answer (`patch`, coalesced
 * to at most one per frame interval; `updates.ts`); the whole session (`full`) only after the tab may have missed
 * one (its listener failed). The attach's answer is the whole session: it never also comes here. Never the log.
 */
export type UpdateListener = (update: SessionUpdate) => unknown;

/** The diagnostics slices, on demand. */
export interface HubDiagnostics {
  readonly log: readonly LogEntry[];
  readonly connectionHistory: readonly ConnectionChange[];
}

export type CommandResult = { readonly ok: true } | { readonly ok: false; readonly error: CtiError };

export interface HubInfo {
  /** How this tab reaches the hub. */
  readonly mode: HubMode;
  /** Hub instance id (changes when the hub restarts or leadership moves). */
  readonly hubId: string;
  /** Number of live tabs the hub sees. */
  readonly tabs: number;
}

/** What a tab reports of itself for the hub's election of the tab that rings (`HubApi.tabFocus`). */
export interface TabFocus {
  /** `document.visibilityState === 'visible'`. */
  readonly visible: boolean;
  /** The tab has (just got) the focus. */
  readonly focused: boolean;
}

export interface HubApi {
  /**
   * Register a tab. `lockName` is a Web Lock the tab holds for its whole life: the hub asks
   * for the same lock and is granted it only when the tab is gone, which is how dead tabs are
   * noticed (MessagePort close events do not fire).
   */
  hello(tabId: string, lockName: string): Promise<HubInfo>;
  /**
   * Attach the tab to the session for `config`, creating the connection if it is the first.
   * `secret` is the session secret (`session-secret.ts`): the first attach of a session sets it; every
   * later attach to the live (or lingering) session must present the same one, else it is refused with
   * `session-denied` and nothing of the session (no snapshot) is revealed.
   */
  attach(tabId: string, config: SessionConfig, listener: UpdateListener, secret: string): Promise<SessionSnapshot>;
  detach(tabId: string, key: string): Promise<void>;
  /** A command of an attached tab; `secret` must be the session's (else `session-denied`). */
  command(tabId: string, key: string, command: Command, secret: string): Promise<CommandResult>;
  /** The session's log and connection history (diagnostics), for an attached tab with the session's secret. */
  diagnostics(tabId: string, key: string, secret: string): Promise<HubDiagnostics>;
  /** The tab is leaving (pagehide): release everything it held now. */
  goodbye(tabId: string): Promise<void>;
  /**
   * The tab's visibility or focus changed (and once after `hello`). Per session the hub elects the most recently
   * focused visible tab and tells each tab in its snapshot (`primary`, `popCalls`).
   */
  tabFocus(tabId: string, focus: TabFocus): Promise<void>;
  /** Liveness check; returns the hub's clock. */
  ping(): Promise<number>;
  /** For tests and benchmarks: number of open vendor connections. */
  stats(): Promise<{ readonly sessions: number; readonly tabs: number; readonly connections: number }>;
}
