/**
 * This tab's log, for the diagnostics file (`diagnostics.ts`): a bounded ring of entries (the hub connection's
 * log lines, and the changes this tab saw: connection status, agent phase, errors — codes and states only, no
 * numbers or call data), and the answer to another tab of this origin that asks for it on the BroadcastChannel
 * `cti-diagnostics` (so the file holds every open tab's log). Same origin only: a BroadcastChannel never crosses
 * origins. The entries are redacted before they leave the tab (`redact`, loaded then: the answer to another
 * tab; `diagnostics.ts` redacts the file again). Small on purpose: it is in the initial load.
 */
import type { HubLogger } from '../hub/hub-core.js';
import type { LogLevel, SessionSnapshot } from '../domain/model.js';

export const DIAGNOSTICS_CHANNEL = 'cti-diagnostics';
/** Entries kept per tab (the oldest goes first). */
export const TAB_LOG_LIMIT = 200;

export interface TabLogEntry {
  readonly at: number;
  readonly level: LogLevel;
  readonly message: string;
}

export interface TabReport {
  readonly tabId: string;
  readonly startedAt: number;
  /** The page's origin and path (no query, no fragment: they may carry tokens). */
  readonly page: string;
  readonly visibility: string;
  readonly entries: readonly TabLogEntry[];
}

export type DiagnosticsMessage = { readonly t: 'ask'; readonly id: string } | { readonly t: 'tab'; readonly id: string; readonly tab: TabReport };

const entries: TabLogEntry[] = [];
const startedAt = Date.now();
const tabId = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random()).slice(2);
let channel: BroadcastChannel | undefined;

/** Add a line to this tab's log (memory only; redacted before it leaves the tab). */
export function tabLog(level: LogLevel, message: string): void {
  entries.push({ at: Date.now(), level, message: message.slice(0, 2000) });
  if (entries.length > TAB_LOG_LIMIT) entries.splice(0, entries.length - TAB_LOG_LIMIT);
  answerOtherTabs();
}

/** A hub-connection logger that also writes to this tab's log. */
export function withTabLog(logger?: HubLogger): HubLogger {
  answerOtherTabs();
  return (level, message) => {
    tabLog(level, message);
    logger?.(level, message);
  };
}

const seen = new Map<string, string>();
/** Note what changed in a session this tab received: connection status, agent phase, the latest error. */
export function noteSnapshot(key: string, snapshot: SessionSnapshot): void {
  try {
    note(key, snapshot);
  } catch {
    /* diagnostics never break a session */
  }
}

function note(key: string, snapshot: Partial<SessionSnapshot>): void {
  const { connection, agent, lastError: error } = snapshot;
  const facts: Record<string, string> = {
    connection: connection ? `${connection.status}${connection.hubMode ? ` (${connection.hubMode})` : ''}` : 'none',
    agent: agent ? `${agent.phase}${agent.detail ? ` ${agent.detail}` : ''}` : 'none',
    error: error ? `${error.operation ?? ''} ${error.code}${error.vendorCode ? ` ${error.vendorCode}` : ''}`.trim() : 'none',
  };
  for (const [what, value] of Object.entries(facts)) {
    const id = `${key}\n${what}`;
    if (seen.get(id) === value) continue;
    const first = !seen.has(id);
    seen.set(id, value);
    if (first && value === 'none') continue;
    tabLog(what === 'error' && value !== 'none' ? 'warn' : 'info', `${snapshot.vendor ?? ''} ${what}: ${value}`.trim());
  }
}

/** This tab's report. */
export function tabReport(): TabReport {
  const hasDocument = typeof document !== 'undefined';
  return {
    tabId,
    startedAt,
    page: typeof location !== 'undefined' ? `${location.origin}${location.pathname}` : '',
    visibility: hasDocument ? document.visibilityState : 'unknown',
    entries: [...entries],
  };
}

/** Start answering other tabs' requests (once per tab). */
function answerOtherTabs(): void {
  if (channel || typeof BroadcastChannel !== 'function') return;
  channel = new BroadcastChannel(DIAGNOSTICS_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const m = event.data as Partial<DiagnosticsMessage> | null;
    if (!m || m.t !== 'ask' || typeof m.id !== 'string' || m.id.length > 64) return;
    const id = m.id;
    const report = tabReport();
    void import('../domain/redact.js').then(({ redact }) => {
      const tab: TabReport = { ...report, entries: report.entries.map((e) => ({ ...e, message: redact(e.message) })) };
      channel?.postMessage({ t: 'tab', id, tab } satisfies DiagnosticsMessage);
    });
  };
}
