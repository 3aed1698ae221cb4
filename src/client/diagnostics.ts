/**
 * The diagnostics file a support desk asks for (`provider.diagnostics()`, *Download diagnostics* in
 * `<cti-agent-status>`): one JSON document with
 *
 * - `versions`: this library, Lit, the browser;
 * - `hub`: how this tab reaches the connection (shared worker, hub frame, leader / follower tab, in page) and
 *   how many tabs the hub has attached to the session;
 * - `configuration`: vendor, server, agent, extension, format, options — without secrets (credentials' password,
 *   secret-named options and the relay URL's token are `***`);
 * - `session`: connection now and its history (from the hub), agent state, calls now (states only), the latest
 *   error, capabilities;
 * - `hubLog`: the session's log as the hub keeps it (adapter and store lines);
 * - `tabs`: every open tab's own log (this one first), gathered over BroadcastChannel from the tabs of this origin.
 *
 * Redaction: everything that goes in is redacted again here (`redact`), by key and BY VALUE with the secrets this
 * page knows — the connection's credentials password, the relay token and the hub's session secrets — and any
 * field with a secret-named key is `***`. The agent's password or PIN never reaches the page after the sign-in
 * form (the hub keeps it; its logs mask it by value, `hub/guard-secrets.ts`). Phone numbers and call data are
 * left out (personal data a log does not need).
 *
 * Loaded on demand (its own chunk): nothing here is in the initial load.
 */
import type { SessionSnapshot } from '../domain/model.js';
import { isSecretKey, MASK, MIN_KNOWN_SECRET, redact } from '../domain/redact.js';
import type { SessionConfig } from '../vendors/adapter.js';
import { DIAGNOSTICS_CHANNEL, tabReport, type DiagnosticsMessage, type TabReport } from './tab-log.js';
import type { CtiSessionHandle } from './types.js';

/** This library's version (kept equal to package.json's by a test). */
export const VERSION = '0.1.0';
export const DIAGNOSTICS_FORMAT = 'cti-diagnostics/1';

export interface DiagnosticsReport {
  readonly format: typeof DIAGNOSTICS_FORMAT;
  readonly createdAt: string;
  readonly versions: Readonly<Record<string, unknown>>;
  readonly hub: Readonly<Record<string, unknown>>;
  readonly configuration: Readonly<Record<string, unknown>> | null;
  readonly session: Readonly<Record<string, unknown>> | null;
  readonly hubLog: readonly unknown[];
  readonly tabs: readonly (TabReport & { readonly self: boolean })[];
}

export interface CollectOptions {
  /** How long other tabs may take to answer (ms). Default 250. */
  readonly waitMs?: number;
}

/** The diagnostics of `session` (or of this page alone, without one), redacted. */
export async function collectDiagnostics(session: CtiSessionHandle | undefined, options: CollectOptions = {}): Promise<DiagnosticsReport> {
  const known = knownSecrets(session?.config);
  // The log and the connection history stay in the hub (not in every update): asked for now.
  const [tabs, fromHub] = await Promise.all([collectTabs(options.waitMs ?? 250), session?.hubDiagnostics?.().catch(() => undefined)]);
  const snapshot = session?.snapshot && fromHub ? { ...session.snapshot, ...fromHub } : session?.snapshot;
  const report: DiagnosticsReport = {
    format: DIAGNOSTICS_FORMAT,
    createdAt: new Date().toISOString(),
    versions: {
      ctiElements: VERSION,
      lit: (globalThis as { litElementVersions?: unknown }).litElementVersions ?? null,
      userAgent: typeof navigator !== 'undefined' ? navigator.userAgent : '',
      language: typeof navigator !== 'undefined' ? navigator.language : '',
    },
    hub: {
      mode: session?.hubMode ?? snapshot?.connection.hubMode ?? null,
      tabsAttached: snapshot?.tabs ?? null,
      sharedWorker: typeof SharedWorker === 'function',
    },
    configuration: session ? configurationOf(session.config) : null,
    session: snapshot ? sessionOf(snapshot) : null,
    hubLog: snapshot?.log ?? [],
    tabs,
  };
  return clean(report, known) as DiagnosticsReport;
}

/** Save `report` as `cti-diagnostics-<date>.json` (a Blob behind an `<a download>`); returns the file name. */
export function downloadDiagnostics(report: DiagnosticsReport, doc: Document = document): string {
  const name = `cti-diagnostics-${report.createdAt.replace(/[:.]/g, '-')}.json`;
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(report, null, 2)}\n`], { type: 'application/json' }));
  const a = doc.createElement('a');
  a.href = url; // a blob: URL to a download is no script: no Trusted Types sink, no CSP directive applies
  a.download = name;
  a.hidden = true;
  doc.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return name;
}

/** This tab's report, then every other tab of this origin that answers within `waitMs`. */
async function collectTabs(waitMs: number): Promise<DiagnosticsReport['tabs']> {
  const own = tabReport();
  const tabs: (TabReport & { self: boolean })[] = [{ ...own, self: true }];
  if (typeof BroadcastChannel !== 'function') return tabs;
  const id = String(Math.random()).slice(2);
  const channel = new BroadcastChannel(DIAGNOSTICS_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const m = event.data as Partial<Extract<DiagnosticsMessage, { t: 'tab' }>> | null;
    if (!m || m.t !== 'tab' || m.id !== id || !isTabReport(m.tab) || tabs.length >= 50) return;
    if (tabs.some((t) => t.tabId === m.tab!.tabId)) return;
    tabs.push({ ...m.tab, entries: m.tab.entries.slice(-500), self: false });
  };
  channel.postMessage({ t: 'ask', id } satisfies DiagnosticsMessage);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  channel.close();
  return tabs;
}

function isTabReport(value: unknown): value is TabReport {
  const r = value as Partial<TabReport> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.tabId === 'string' &&
    typeof r.startedAt === 'number' &&
    typeof r.page === 'string' &&
    typeof r.visibility === 'string' &&
    Array.isArray(r.entries) &&
    r.entries.every((e: unknown) => typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string')
  );
}

function configurationOf(config: SessionConfig): Record<string, unknown> {
  return {
    vendor: config.vendor,
    server: maskUrl(config.server),
    agent: config.agent,
    ...(config.extension !== undefined ? { extension: config.extension } : {}),
    ...(config.format !== undefined ? { format: config.format } : {}),
    ...(config.options ? { options: { ...config.options } } : {}),
    ...(config.credentials ? { credentials: { user: config.credentials.user, password: MASK } } : {}),
  };
}

function sessionOf(s: SessionSnapshot): Record<string, unknown> {
  return {
    vendor: s.vendor,
    version: s.version,
    connection: s.connection,
    connectionHistory: s.connectionHistory ?? [],
    agent: { phase: s.agent.phase, detail: s.agent.detail, since: s.agent.since },
    calls: s.calls.map((c) => ({ id: c.id, state: c.state, direction: c.direction, detail: c.detail, startedAt: c.startedAt })),
    recentCalls: (s.recentCalls ?? []).map((c) => ({
      direction: c.direction,
      outcome: c.outcome,
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      ...(c.talkMs !== undefined ? { talkMs: c.talkMs } : {}),
    })),
    lastError: s.lastError ?? null,
    capabilities: s.capabilities,
  };
}

/** The relay URL with its query values that name a secret (`token`) masked, and no user:password part. */
function maskUrl(server: string): string {
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    for (const name of [...url.searchParams.keys()]) if (isSecretKey(name)) url.searchParams.set(name, MASK);
    return url.toString().replace(/%2A%2A%2A/g, MASK);
  } catch {
    return redact(server);
  }
}

/** Every secret value this page knows: the connection's password, the URL's token and user info, the hub's session secrets. */
function knownSecrets(config: SessionConfig | undefined): Set<string> {
  const known = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.length >= MIN_KNOWN_SECRET) known.add(v);
  };
  add(config?.credentials?.password);
  if (config) {
    try {
      const url = new URL(config.server);
      add(decodeURIComponent(url.password));
      for (const [name, value] of url.searchParams) if (isSecretKey(name)) add(value);
    } catch {
      /* not a URL: key-based redaction still applies */
    }
  }
  try {
    for (let i = 0; i < sessionStorage.length; i++) {
      const name = sessionStorage.key(i);
      if (!name?.startsWith('cti-hub-secrets:')) continue;
      const stored: unknown = JSON.parse(sessionStorage.getItem(name) ?? '{}');
      if (stored && typeof stored === 'object') for (const v of Object.values(stored)) add(v);
    }
  } catch {
    /* no storage (a sandboxed frame): nothing stored to leak either */
  }
  return known;
}

/** A deep copy with every string redacted (by key and by value) and every secret-named field masked. */
function clean(value: unknown, known: ReadonlySet<string>, depth = 0): unknown {
  if (typeof value === 'string') return redact(value, known);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12) return MASK;
  if (Array.isArray(value)) return value.map((v) => clean(v, known, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== null && v !== undefined && typeof v !== 'boolean' && typeof v !== 'object' ? MASK : clean(v, known, depth + 1);
  }
  return out;
}
