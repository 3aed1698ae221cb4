/**
 * Intelix DGPhone adapter: the DGPhone remote-control interface (Asterisk-manager-style packets, TCP 5038)
 * through a websockify relay. Commands in, `DomainEvent`s out. The relay transport moves bytes, the packet
 * framer and the codec (`codec.ts`) turn them into messages, `lines.ts` keeps the six lines; this module
 * correlates commands with their responses, runs the agent login by feature code, watches the keep-alive and
 * reconnects. Timers go through `host.clock`.
 *
 * ```
 *   idle ─ start() ─► connecting ─ relay open ─► Login(User, RemoteMode 1) ─ Success ─► connected ─► Status
 *            ▲            │ never opened: relay-unavailable      │ Error (first login): auth-failed, closed,
 *            │            │ opened, closed 1011: vendor-unreachable        no retry loop (`refresh` retries)
 *            │            ▼                                      ▼
 *            └── reconnecting (backoff + jitter) ◄── dropped / DGTimeStamp silent (keep-alive-lost) ◄─ connected
 *   connected ─ UserLogoff ─► server-down (calls gone) ─ Login again with backoff on the same link ─► connected
 *   logout ─ logoff ─► the server closes the link ─► reconnects at once (the extension logs in again)
 *   close() ─► the socket is closed; nothing is sent (see `close`)
 * ```
 *
 * Correlation: the seed promises a `DGPhoneResponse` for `Login` only; other actions "may generate a response
 * event or a DGPhone event". So each command names what confirms it, with one bound (`requestTimeoutMs`):
 *   Login           its DGPhoneResponse (Success / Error)
 *   LineSelect      LineSelected on that line          Dial     Dialing (or Answer) on its line / its Number
 *   Answer          Answer on that line                Hold     Hold (`Hold: 1|0`) on the selected line
 *   Hangup          Hangup or Ready on that line       logoff   the server closing the link
 *   SendDtmf, Status  done once written (no event promised; Status lines are collected by the resync)
 * A `DGPhoneResponse` that does come is matched without an id: the OLDEST command sent in the last bound that
 * has had no response yet and whose name equals its `Command:` (and its `Line:`, when the server adds one).
 * Success completes that command, Error fails it; when that command was already confirmed by its event (or
 * written), Error is still shown. A response that names no command is taken only when unambiguous (one command
 * in the window; for an Error, one command not confirmed by its event), never guessed by order. A confirmation bound that expires is `timeout` / `not-confirmed`
 * ("the DGPhone did not confirm"), never "the server did not answer" — except for Login, whose answer is promised.
 *
 * Line selection: `Dial`, `Hold` and `SendDtmf` act on the SELECTED line. Every command that needs a line
 * selected runs under one lock: `LineSelect` first unless that line is selected for sure (a LineSelected said
 * so and no Hangup has been sent since), then the command. `Answer` selects the line it answers first, so the
 * selection follows the call the agent takes.
 *
 * `config.server`: the relay URL with its token (`ws://relay:port/?token=NAME`). The DGPhone `User` is
 * `config.extension`, else `config.agent`. `config.options` (defaults): `encoding` ('utf-8'),
 * `requestTimeoutMs` (8000), `reconnectBaseMs` (1000), `reconnectMaxMs` (30000), `keepAliveIntervalMs`
 * (15000) and `keepAliveMisses` (3), `agentLoginCode` ('*9800'), `agentLogoffCode` (none: logout sends
 * `logoff`), `agentLoginTimeoutMs` (12000), `helperHangupGraceMs` (1500). See docs/vendors/dgphone.md.
 */
import type { TimerHandle } from '../../domain/clock.js';
import { capabilitiesFor } from '../../domain/capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { AgentReport, DomainEvent } from '../../domain/events.js';
import type { Capabilities, ConnectionStatus, CtiError, ErrorCode } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { backoffDelay } from '../backoff.js';
import { RelayEncoding, StreamDecoder, isRelayEncoding } from '../relay/decoder.js';
import { PacketFramer } from '../relay/framing-packets.js';
import { openRelay, type RelayHandle } from '../relay/transport.js';
import { AgentStatus, DGCommand, DTMF_KEYS, LINE_COUNT, LineStatus, decodeItem, dialString, encodeCommand, lineNumber, type DGCommandName, type DGMessage, type LineStatusName } from './codec.js';
import { LineBoard, type LineMessage, type LineReport } from './lines.js';

export interface DGPhoneOptions {
  readonly encoding: RelayEncoding;
  readonly requestTimeoutMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly keepAliveIntervalMs: number;
  readonly keepAliveMisses: number;
  readonly agentLoginCode: string;
  readonly agentLogoffCode?: string;
  readonly agentLoginTimeoutMs: number;
  readonly helperHangupGraceMs: number;
}

/** `config.options` with defaults and bounds applied. */
export function readDGPhoneOptions(raw: SessionConfig['options']): DGPhoneOptions {
  const o = raw ?? {};
  const n = (k: string, def: number, min: number, max: number): number => {
    const raw = o[k];
    const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : NaN;
    return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : def;
  };
  const code = (k: string): string | undefined => {
    const v = o[k];
    const s = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
    return /^[0-9*#]{1,20}$/.test(s) ? s : undefined;
  };
  const logoff = code('agentLogoffCode');
  return {
    encoding: isRelayEncoding(o['encoding']) ? o['encoding'] : RelayEncoding.Utf8,
    requestTimeoutMs: n('requestTimeoutMs', 8_000, 200, 120_000),
    reconnectBaseMs: n('reconnectBaseMs', 1_000, 10, 600_000),
    reconnectMaxMs: n('reconnectMaxMs', 30_000, 10, 3_600_000),
    keepAliveIntervalMs: n('keepAliveIntervalMs', 15_000, 50, 600_000),
    keepAliveMisses: Math.round(n('keepAliveMisses', 3, 1, 20)),
    agentLoginCode: code('agentLoginCode') ?? '*9800',
    ...(logoff ? { agentLogoffCode: logoff } : {}),
    agentLoginTimeoutMs: n('agentLoginTimeoutMs', 12_000, 500, 120_000),
    helperHangupGraceMs: n('helperHangupGraceMs', 1_500, 0, 60_000),
  };
}

/** What confirms a command (see the module comment). `what` names it in a timeout's detail. */
type Confirm =
  /** Its DGPhoneResponse (Login), or the link closing (logoff). */
  | { readonly by: 'response'; readonly what: string }
  /** A DGPhoneEvent, or a DGPhoneResponse that comes first. */
  | { readonly by: 'event'; readonly what: string; readonly match: (m: LineMessage) => boolean }
  /** Done once written. */
  | { readonly by: 'write' };

const WRITTEN: Confirm = { by: 'write' };

/** Confirmed by one of `statuses` on `line`. */
function onLine(line: number, ...statuses: LineStatusName[]): Confirm {
  return { by: 'event', what: statuses.join(' / '), match: (m) => m.line === line && statuses.includes(m.status) };
}

/** A command sent in the last bound. */
interface Pending {
  readonly command: DGCommandName;
  /** The line it acts on (its `Line:` or the selected line), to narrow a response that names a line. */
  readonly line: number | undefined;
  readonly confirm: Confirm;
  /** Confirmed, written, failed or timed out: kept in the window only to take its own late response. */
  settled: boolean;
  /** Its confirming event came: it worked, so an Error that names no command is not its. */
  confirmedByEvent: boolean;
  readonly resolve: () => void;
  readonly reject: (error: CtiError) => void;
  timer: TimerHandle | undefined;
  /** A `Response: Error` that comes after it settled (default: shown as an error). */
  readonly lateError: ((error: CtiError) => void) | undefined;
}

interface RequestOptions {
  readonly line?: number;
  readonly noUser?: boolean;
  readonly lateError?: (error: CtiError) => void;
}

/** A running agent login or logoff by feature code. */
interface AgentFlow {
  readonly kind: 'login' | 'logoff';
  readonly agent: string;
  line: number | undefined;
  answered: boolean;
  /** AgentLogin / AgentLogoff came: the PBX hanging up now is the normal end. */
  finished: boolean;
  /** Settles the wait for the feature-code call to be answered. */
  onAnswered?: () => void;
  /** Settles the wait for AgentLogin / AgentLogoff. */
  onDone?: () => void;
  /** Fails the flow (timeout, refusal, lost link). */
  fail: (error: CtiError) => void;
  failed?: CtiError;
}

/** How the link stands. `ready`: logged in, commands go out. */
type LinkPhase = 'down' | 'opening' | 'login' | 'ready' | 'dgphone-down';

/** Commands kept in the response window at most. */
const MAX_WINDOW = 32;

class DGPhoneAdapter implements VendorAdapter {
  readonly capabilities: Capabilities = capabilitiesFor('dgphone');
  readonly #host: AdapterHost;
  readonly #deps: AdapterDeps;
  readonly #opts: DGPhoneOptions;
  readonly #url: string;
  readonly #user: string;
  /** The configured agent code (`config.agent`): who a logoff feature code signs off when no event named one. */
  readonly #configAgent: string;
  readonly #board: LineBoard;
  readonly #idBase: string;
  #idCounter = 0;

  #relay: RelayHandle | undefined;
  #decoder: StreamDecoder;
  #framer = new PacketFramer();
  #phase: LinkPhase = 'down';
  #status: ConnectionStatus = 'idle';
  #attempt = 0;
  #retryTimer: TimerHandle | undefined;
  #watchdog: TimerHandle | undefined;
  #resyncTimer: TimerHandle | undefined;
  #closed = false;
  /** The first login was refused: retrying cannot help until the user asks (`refresh`). */
  #fatal = false;
  #everConnected = false;
  /** An error for the current outage was shown already. */
  #outageReported = false;
  /** A `logoff` (logout) is under way: the server closes the link, and that is not a loss. */
  #loggingOff = false;
  /** Commands sent in the last bound, oldest first (see the correlation rule). */
  readonly #window: Pending[] = [];
  /** `board.selected` is the DGPhone's selection for sure (a LineSelected said so; no Answer / Hangup since). */
  #selectionSure = false;
  /** Logged in since the last resync started: the lines may have changed unseen. */
  #freshLink = true;
  #lock: Promise<unknown> = Promise.resolve();
  /** Lines collected from a `Status` answer. */
  #resync: { readonly lines: Map<number, LineReport>; selected?: number; readonly refresh: boolean; readonly done: () => void } | undefined;
  #lastLines = '[]';
  #agent: { loggedIn: boolean; agentId?: string; detail: string } = { loggedIn: false, detail: '' };
  #flow: AgentFlow | undefined;
  /** A queue call id (AgentCalled) whose line has not rung yet. */
  #pendingUniqueid: string | undefined;

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#host = host;
    this.#deps = deps;
    this.#opts = readDGPhoneOptions(config.options);
    this.#url = config.server.trim();
    this.#user = (config.extension ?? '').trim() || config.agent.trim();
    this.#configAgent = config.agent.trim();
    this.#decoder = new StreamDecoder(this.#opts.encoding);
    this.#idBase = host.clock.now().toString(36);
    this.#board = new LineBoard((line) => `${line}-${this.#idBase}-${++this.#idCounter}`);
  }

  /* ------------------------------------------------------------- lifecycle */

  start(): void {
    if (this.#closed || this.#relay || this.#retryTimer) return;
    if (!this.#user) {
      this.#giveUp({ code: 'auth-failed', at: this.#now(), operation: 'connect', vendorCode: 'no-extension', detail: 'no extension configured (extension or agent)' });
      return;
    }
    this.#connect();
  }

  /**
   * Close the link. Sends nothing: `logoff` would end the extension's DGPhone session and, on this PBX, sign
   * the agent off the queue — closing the widget must not do that. The DGPhone keeps its lines and calls; the
   * next connection logs in again and reads them with `Status`.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearTimers();
    this.#failFlow(this.#error('connection-lost', 'login', 'closed'));
    this.#failPending('connection-lost', 'closed');
    this.#relay?.close();
    this.#relay = undefined;
    this.#phase = 'down';
    this.#setStatus('closed');
  }

  #connect(): void {
    this.#retryTimer = undefined;
    this.#setStatus(this.#everConnected || this.#attempt > 0 ? 'reconnecting' : 'connecting', this.#attempt || undefined);
    this.#phase = 'opening';
    this.#framer = new PacketFramer();
    this.#decoder = new StreamDecoder(this.#opts.encoding);
    this.#relay = openRelay(
      this.#deps.WebSocket,
      { url: this.#url, encoding: this.#opts.encoding },
      {
        onOpen: () => this.#onOpen(),
        onBytes: (bytes) => this.#onBytes(bytes),
        onClose: (code, reason, opened) => this.#onClose(code, reason, opened),
      },
    );
  }

  #onOpen(): void {
    this.#host.log('info', `DGPhone: relay open, logging in extension ${this.#user}`);
    this.#login();
  }

  /** Login on the open link (first time, after a reconnect, or after UserLogoff). */
  #login(): void {
    this.#retryTimer = undefined;
    this.#phase = 'login';
    this.#selectionSure = false;
    this.#freshLink = true;
    this.#request(DGCommand.Login, [['User', this.#user], ['RemoteMode', '1']], { by: 'response', what: 'DGPhoneResponse' }, { noUser: true }).then(
      () => this.#onLoggedIn(),
      (e: CtiError) => this.#onLoginFailed(e),
    );
  }

  #onLoggedIn(): void {
    const again = this.#everConnected;
    this.#everConnected = true;
    this.#attempt = 0;
    this.#outageReported = false;
    this.#phase = 'ready';
    this.#setStatus('connected');
    this.#host.log('info', again ? `DGPhone: extension ${this.#user} logged in again` : `DGPhone: extension ${this.#user} logged in`);
    this.#startResync();
  }

  #onLoginFailed(error: CtiError): void {
    if (error.code === 'connection-lost' || error.code === 'not-connected' || this.#closed) return;
    if (error.code === 'timeout') {
      this.#dropAndRetry(error);
      return;
    }
    if (!this.#everConnected) {
      // The extension is refused: a wrong configuration, not a passing failure.
      this.#giveUp({ ...error, code: 'auth-failed', operation: 'connect' });
      return;
    }
    // It worked before: the DGPhone is closed or busy restarting. Say so once, keep trying.
    this.#reportOnce({ ...error, code: 'auth-failed', operation: 'connect' });
    if (this.#phase === 'dgphone-down' || this.#phase === 'login') {
      this.#phase = 'dgphone-down';
      this.#scheduleRetry(() => this.#login(), 'server-down');
    }
  }

  #onClose(code: number, reason: string, opened: boolean): void {
    const wasReady = this.#phase === 'ready' || this.#phase === 'dgphone-down';
    this.#relay = undefined;
    this.#phase = 'down';
    this.#clearTimer('watchdog');
    this.#dropResync();
    this.#failFlow(this.#error('connection-lost', 'login', `link closed (${code})`));
    this.#failPending('connection-lost', `link closed (${code})`);
    if (this.#closed || this.#fatal || this.#loggingOff) return;
    this.#clearTimer('retry');
    if (!opened) {
      this.#host.log('warn', `DGPhone: the relay at ${this.#url} refused or does not answer (close ${code})`);
      this.#reportOnce({ code: 'relay-unavailable', at: this.#now(), operation: 'connect', detail: `WebSocket close ${code}${reason ? ` ${reason}` : ''}` });
    } else if (!wasReady && code === 1011) {
      this.#host.log('warn', `DGPhone: the relay could not reach the DGPhone server (close 1011 ${reason})`);
      this.#reportOnce({ code: 'vendor-unreachable', at: this.#now(), operation: 'connect', detail: reason || 'WebSocket close 1011' });
    } else {
      this.#host.log('warn', `DGPhone: link closed (code ${code}${reason ? `, ${reason}` : ''})`);
      this.#reportOnce({ code: 'connection-lost', at: this.#now(), operation: 'connect', detail: `WebSocket close ${code}` });
    }
    this.#scheduleRetry(() => this.#connect(), 'reconnecting');
  }

  #scheduleRetry(run: () => void, status: 'reconnecting' | 'server-down'): void {
    if (this.#closed || this.#fatal || this.#retryTimer) return;
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#opts.reconnectBaseMs, this.#opts.reconnectMaxMs, this.#deps.random);
    this.#setStatus(status, this.#attempt, this.#now() + delay);
    this.#retryTimer = this.#host.clock.setTimeout(run, delay);
  }

  /** Drop this link (it is no use) and reconnect later. */
  #dropAndRetry(error: CtiError): void {
    this.#report(error);
    this.#relay?.close();
    this.#onClose(1000, 'dropped by cti-elements', true);
  }

  /** Stop for good: a visible error, the link closed, no retry loop (`refresh` tries again). */
  #giveUp(error: CtiError): void {
    this.#fatal = true;
    this.#report(error);
    this.#clearTimers();
    this.#failPending('connection-lost', 'gave up');
    this.#relay?.close();
    this.#relay = undefined;
    this.#phase = 'down';
    this.#setStatus('closed');
  }

  /** `refresh` while not connected: try again now (after fixing the configuration, or a "retry" button). */
  #retryNow(): void {
    if (this.#closed) return;
    this.#clearTimer('retry');
    this.#fatal = false;
    if (this.#phase === 'dgphone-down' && this.#relay?.open) this.#login();
    else if (!this.#relay) this.#connect();
  }

  /* ------------------------------------------------------------ receiving */

  #onBytes(bytes: Uint8Array): void {
    const items = this.#framer.push(this.#decoder.decode(bytes));
    for (const item of items) {
      try {
        this.#onMessage(decodeItem(item));
      } catch (e) {
        // A bug here must not stop the stream.
        this.#host.log('error', `DGPhone: handling a packet failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  #onMessage(m: DGMessage): void {
    switch (m.kind) {
      case 'banner':
        this.#host.log('info', `DGPhone banner: ${m.line.slice(0, 120)}`);
        return;
      case 'malformed':
        this.#host.log('warn', `DGPhone: malformed packet (${m.reason})${m.preview ? `: ${m.preview}` : ''}`);
        this.#report({ code: 'malformed-frame', at: this.#now(), operation: 'receive', detail: m.reason });
        return;
      case 'unknown':
        this.#host.log('warn', `DGPhone: unknown event ${m.event}${m.status ? ` / ${m.status}` : ''}`);
        return;
      case 'timestamp':
        this.#armWatchdog();
        return;
      case 'response':
        this.#onResponse(m);
        return;
    }
    if (m.user !== undefined && m.user !== this.#user) {
      this.#host.log('debug', `DGPhone: event for extension ${m.user} ignored`);
      return;
    }
    switch (m.kind) {
      case 'line':
        this.#onLine(m);
        return;
      case 'agent':
        this.#onAgent(m);
        return;
      case 'user-logoff':
        this.#onUserLogoff();
        return;
    }
  }

  #onResponse(m: Extract<DGMessage, { kind: 'response' }>): void {
    if (m.user !== undefined && m.user !== this.#user) {
      this.#host.log('debug', `DGPhone: response for extension ${m.user} ignored`);
      return;
    }
    const pending = this.#answered(m);
    const error = (operation: string): CtiError => {
      const login = operation === DGCommand.Login;
      return { code: login ? 'auth-failed' : 'command-failed', at: this.#now(), operation, vendorCode: login ? 'login-refused' : 'Error', ...(m.message ? { detail: m.message } : {}) };
    };
    if (!pending) {
      this.#host.log('warn', `DGPhone: response to no command sent (${m.command ?? 'no Command'}, ${m.ok ? 'Success' : 'Error'})`);
      if (!m.ok) this.#report(error(m.command ?? 'receive'));
      return;
    }
    this.#forget(pending);
    this.#host.log('debug', `DGPhone ← ${pending.command} ${m.ok ? 'Success' : `Error${m.message ? ` (${m.message})` : ''}`}${pending.settled ? ' (already settled)' : ''}`);
    if (!pending.settled) this.#settle(pending, m.ok ? undefined : error(pending.command));
    else if (!m.ok) (pending.lateError ?? ((e: CtiError) => this.#report(e)))(error(pending.command));
  }

  /**
   * The command a response answers: the oldest in the window with its `Command:` (narrowed by `Line:` when
   * both name one). With no `Command:`, only an unambiguous one, never a guess by order: the one command in
   * the window; for an Error, also the one command whose event has not confirmed it (an Error cannot be the
   * answer of a command its event showed working).
   */
  #answered(m: Extract<DGMessage, { kind: 'response' }>): Pending | undefined {
    const wanted = m.command?.toLowerCase();
    if (wanted === undefined) {
      const open = m.ok ? this.#window : this.#window.filter((p) => !p.confirmedByEvent);
      return open.length === 1 ? open[0] : undefined;
    }
    const named = this.#window.filter((p) => p.command.toLowerCase() === wanted);
    const sameLine = m.line === undefined ? [] : named.filter((p) => p.line === m.line);
    return (sameLine.length ? sameLine : named)[0];
  }

  #onLine(m: LineMessage): void {
    this.#observeFlow(m);
    if (this.#resync) this.#collect(m);
    else {
      if (m.status === LineStatus.LineSelected) this.#selectionSure = true;
      const events = this.#board.apply(m, () => this.#takeUniqueid());
      for (const e of events) this.#emit(e);
      this.#emitLines();
    }
    // One event confirms one command: the oldest waiting for it.
    const confirmed = this.#window.find((p) => !p.settled && p.confirm.by === 'event' && p.confirm.match(m));
    if (confirmed) {
      confirmed.confirmedByEvent = true;
      this.#settle(confirmed);
    }
  }

  #onAgent(m: Extract<DGMessage, { kind: 'agent' }>): void {
    const agentId = m.agent ?? this.#agent.agentId;
    switch (m.status) {
      case AgentStatus.AgentLogin:
        this.#agent = { loggedIn: true, detail: m.status, ...(agentId ? { agentId } : {}) };
        if (this.#flow?.kind === 'login') this.#finishFlow(this.#flow);
        this.#emitAgent();
        return;
      case AgentStatus.AgentLogoff:
        this.#agent = { loggedIn: false, detail: m.status, ...(agentId ? { agentId } : {}) };
        if (this.#flow?.kind === 'logoff') this.#finishFlow(this.#flow);
        this.#emitAgent();
        return;
      case AgentStatus.AgentCalled:
      case AgentStatus.AgentConnect:
      case AgentStatus.AgentComplete: {
        if (!this.#agent.loggedIn) {
          // A queue event means the agent is signed in (the sign-in happened before this connection).
          this.#agent = { loggedIn: true, detail: AgentStatus.AgentLogin, ...(agentId ? { agentId } : {}) };
          this.#emitAgent();
        }
        this.#agent = { ...this.#agent, detail: m.status, ...(agentId ? { agentId } : {}) };
        if (m.uniqueid && m.status !== AgentStatus.AgentComplete) {
          const data = this.#board.attachUniqueid(m.uniqueid, m.status === AgentStatus.AgentCalled ? ['ringing'] : ['active', 'ringing']);
          if (data) this.#emit(data);
          else if (m.status === AgentStatus.AgentCalled) this.#pendingUniqueid = m.uniqueid;
        }
        this.#emitAgent(m.status === AgentStatus.AgentComplete ? undefined : 'busy');
        return;
      }
    }
  }

  #finishFlow(flow: AgentFlow): void {
    flow.finished = true;
    flow.onDone?.();
  }

  #takeUniqueid(): string | undefined {
    const id = this.#pendingUniqueid;
    this.#pendingUniqueid = undefined;
    return id;
  }

  /** The DGPhone closed or became unavailable: its calls are gone; log in again (with backoff) until it is back. */
  #onUserLogoff(): void {
    this.#host.log('warn', `DGPhone: UserLogoff — the DGPhone of extension ${this.#user} closed or is unavailable`);
    this.#failFlow(this.#error('softphone-unavailable', 'login', 'UserLogoff'));
    // Commands waiting for their event will not get it from a closed DGPhone.
    this.#failPending('softphone-unavailable', 'UserLogoff');
    this.#dropResync();
    for (const e of this.#board.clear()) this.#emit(e);
    this.#emitLines();
    this.#report({ code: 'softphone-unavailable', at: this.#now(), operation: 'receive', vendorCode: 'UserLogoff', detail: `DGPhone ${this.#user}` });
    this.#outageReported = true;
    this.#phase = 'dgphone-down';
    this.#clearTimer('retry');
    this.#scheduleRetry(() => this.#login(), 'server-down');
  }

  /* ------------------------------------------------------------- keep-alive */

  /** DGTimeStamp came: (re)arm the watchdog. Armed only once the server has sent one. */
  #armWatchdog(): void {
    this.#clearTimer('watchdog');
    if (this.#phase === 'down' || this.#closed) return;
    const limit = this.#opts.keepAliveIntervalMs * this.#opts.keepAliveMisses;
    this.#watchdog = this.#host.clock.setTimeout(() => {
      this.#watchdog = undefined;
      if (!this.#relay || this.#closed) return;
      this.#host.log('warn', `DGPhone: no DGTimeStamp for ${limit} ms, the link is dead`);
      this.#outageReported = true;
      this.#dropAndRetry({ code: 'keep-alive-lost', at: this.#now(), operation: 'keep-alive', detail: `no DGTimeStamp for ${Math.round(limit / 1000)} s` });
    }, limit);
  }

  /* ----------------------------------------------------------------- resync */

  /** Ask for the state of every line; the answer becomes the authoritative snapshot. */
  #startResync(): void {
    let done: () => void = () => undefined;
    const known = new Promise<void>((resolve) => (done = resolve));
    // Selection-dependent commands wait until the lines are known.
    void this.#exclusive(() => known);
    // A refresh on a link that stayed up: lines the answer leaves out keep what the live events said.
    this.#resync = { lines: new Map(), refresh: this.#board.known && !this.#freshLink, done };
    this.#freshLink = false;
    this.#clearTimer('resync');
    this.#resyncTimer = this.#host.clock.setTimeout(() => {
      this.#resyncTimer = undefined;
      if (!this.#resync) return;
      this.#host.log('warn', `DGPhone: Status answered ${this.#resync.lines.size} of ${LINE_COUNT} lines in time`);
      this.#finishResync();
    }, this.#opts.requestTimeoutMs);
    // The seed promises one event per line and nothing more: the lines are shown as soon as all six came. A
    // response is not awaited; an Error that comes is shown and ends the resync with what it has.
    this.#request(DGCommand.Status, [], WRITTEN, {
      lateError: (e) => {
        this.#report({ ...e, operation: 'status' });
        this.#finishResync();
      },
    }).catch(() => undefined);
  }

  /** Abandon a resync (the link or the DGPhone went away). */
  #dropResync(): void {
    this.#clearTimer('resync');
    const r = this.#resync;
    this.#resync = undefined;
    r?.done();
  }

  #collect(m: LineMessage): void {
    const r = this.#resync!;
    switch (m.status) {
      case LineStatus.LineSelected:
        r.selected = m.line;
        break;
      case LineStatus.DTMFReceived:
        return;
      case LineStatus.Hangup:
        r.lines.set(m.line, { status: LineStatus.Ready });
        break;
      default:
        r.lines.set(m.line, { status: m.status, ...(m.number ? { number: m.number } : {}), ...(m.hold !== undefined ? { hold: m.hold } : {}) });
    }
    if (r.lines.size >= LINE_COUNT) this.#finishResync();
  }

  #finishResync(): void {
    const r = this.#resync;
    if (!r) return;
    this.#resync = undefined;
    this.#clearTimer('resync');
    r.done();
    const calls = this.#board.resync(r.lines, r.selected, r.refresh);
    // Without a LineSelected in the answer (the seed has none), the selection is not known for sure.
    if (r.selected !== undefined) this.#selectionSure = true;
    else if (!r.refresh) this.#selectionSure = false;
    // A feature-code call left over from an agent login cut short: hang it up, do not show it.
    const codes = [this.#opts.agentLoginCode, this.#opts.agentLogoffCode].filter(Boolean);
    const leftovers = this.#flow ? [] : this.#board.slots.filter((s) => s.call?.number !== undefined && codes.includes(s.call.number));
    for (const slot of leftovers) {
      delete slot.call;
      slot.helper = true;
      void this.#request(DGCommand.Hangup, [['Line', String(slot.n)]], onLine(slot.n, LineStatus.Hangup, LineStatus.Ready), { line: slot.n, lateError: () => undefined }).catch(() => undefined);
    }
    const shown = calls.filter((c) => !leftovers.some((s) => String(s.n) === c.lineId));
    this.#emitLines(true);
    this.#emit({ type: 'snapshot', agent: this.#agentReport(shown.length), calls: shown });
  }

  /* ---------------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    try {
      await this.#execute(command);
    } catch (e) {
      const error: CtiError = isCtiErrorLike(e) ? e : this.#error('internal', command.type, e instanceof Error ? e.message : String(e));
      this.#host.log('warn', `DGPhone: ${command.type} failed: ${error.code}${error.detail ? ` (${error.detail})` : ''}`);
      this.#report({ ...error, operation: error.operation ?? command.type });
      throw error;
    }
  }

  async #execute(command: Command): Promise<void> {
    switch (command.type) {
      case 'refresh':
        if (this.#phase !== 'ready') this.#retryNow();
        else if (!this.#resync) this.#startResync();
        return;
      case 'login':
        return this.#agentFlow('login', this.#text(command.agent, 'login', 'the agent code'), command.password === undefined ? undefined : this.#text(command.password, 'login', 'the PIN'));
      case 'logout':
        return this.#opts.agentLogoffCode ? this.#agentFlow('logoff', this.#agent.agentId ?? this.#configAgent, undefined) : this.#logoff();
      case 'dial':
        return this.#dial(this.#text(command.to, 'dial', 'the number'));
      case 'answer':
        // The agent's line follows the call answered: LineSelect (confirmed by LineSelected), then Answer on
        // that line, under the lock. Hold, Dial and DTMF then act on the line the agent is talking on.
        return this.#callCommand(command.callId, 'answer', ['ringing'], (n) => this.#answer(n), true);
      case 'reject':
        return this.#callCommand(command.callId, 'reject', ['ringing'], (n) => this.#hangup(n));
      case 'hangup':
        return this.#callCommand(command.callId, 'hangup', ['dialing', 'ringing', 'active', 'held'], (n) => this.#hangup(n));
      case 'hold':
        return this.#toggleHold(command.callId, 'hold');
      case 'retrieve':
        return this.#toggleHold(command.callId, 'retrieve');
      case 'dtmf':
        return this.#dtmf(command.callId, this.#text(command.digits, 'dtmf', 'the keys'));
      case 'select-line': {
        const line = lineNumber(this.#text(command.lineId, 'select-line', 'the line'));
        if (line === undefined) throw this.#error('bad-request', 'select-line', `line must be 1..${LINE_COUNT}`);
        this.#requireReady('select-line');
        return this.#exclusive(() => this.#select(line));
      }
      default:
        throw this.#error('unsupported', command.type, 'DGPhone has no such operation');
    }
  }

  /** A text field of a command: commands come from host pages, so anything may arrive. Absent: ''. */
  #text(value: unknown, operation: string, what: string): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    throw this.#error('bad-request', operation, `${what} must be text`);
  }

  /**
   * Dial on the selected line; when it is busy (or reserved), select the lowest free line first.
   * No free line: `invalid-state`.
   */
  async #dial(to: string): Promise<void> {
    const number = dialString(to);
    if (!number) throw this.#error('bad-request', 'dial', 'a number to dial (digits, *, #, a leading +)');
    this.#requireReady('dial');
    await this.#exclusive(async () => {
      const line = this.#board.freeLine(this.#board.selected);
      if (line === undefined) throw this.#error('invalid-state', 'dial', 'all six lines are busy');
      await this.#select(line);
      await this.#sendDial(line, number);
    });
  }

  /** `Dial` on the selected `line`: confirmed by Dialing (or Answer) on that line, or Dialing with its Number. */
  #sendDial(line: number, number: string): Promise<void> {
    const match = (m: LineMessage) =>
      (m.line === line && (m.status === LineStatus.Dialing || m.status === LineStatus.Answer)) || (m.status === LineStatus.Dialing && m.number === number);
    return this.#send(DGCommand.Dial, [['Number', number]], { by: 'event', what: LineStatus.Dialing, match }, line);
  }

  /** Select `line`, then answer it (inside the lock): the selected line is the answered one. */
  async #answer(line: number): Promise<void> {
    await this.#select(line);
    await this.#send(DGCommand.Answer, [['Line', String(line)]], onLine(line, LineStatus.Answer), line);
  }

  #hangup(line: number, lateError?: (error: CtiError) => void): Promise<void> {
    this.#selectionSure = false;
    return this.#send(DGCommand.Hangup, [['Line', String(line)]], onLine(line, LineStatus.Hangup, LineStatus.Ready), line, lateError);
  }

  async #callCommand(callId: string, operation: string, phases: readonly string[], run: (line: number) => Promise<unknown>, locked = false): Promise<void> {
    this.#requireReady(operation);
    const check = (): number => {
      const slot = this.#board.find(callId);
      if (!slot?.call) throw this.#error('invalid-state', operation, 'no such call');
      if (!phases.includes(slot.call.phase)) throw this.#error('invalid-state', operation, slot.call.phase);
      return slot.n;
    };
    check();
    if (locked) await this.#exclusive(() => run(check()));
    else await run(check());
  }

  /**
   * `Hold` toggles the SELECTED line. The call's line is selected first; the toggle is sent only when the
   * tracked state (from `Hold: 1|0`) says it goes the way asked, and never twice before its event came.
   */
  async #toggleHold(callId: string, operation: 'hold' | 'retrieve'): Promise<void> {
    this.#requireReady(operation);
    const want = operation === 'hold' ? 'active' : 'held';
    const check = () => {
      const slot = this.#board.find(callId);
      if (!slot?.call) throw this.#error('invalid-state', operation, 'no such call');
      if (slot.call.phase !== want) throw this.#error('invalid-state', operation, slot.call.phase);
      if (slot.holdPending) throw this.#error('invalid-state', operation, 'a hold change is already under way');
      return slot;
    };
    check();
    await this.#exclusive(async () => {
      const slot = check();
      await this.#select(slot.n);
      if (this.#board.find(callId) !== slot || slot.call?.phase !== want) throw this.#error('invalid-state', operation, 'the call changed');
      slot.holdPending = true;
      try {
        await this.#send(DGCommand.Hold, [], onLine(slot.n, LineStatus.Hold), slot.n);
      } catch (e) {
        slot.holdPending = false;
        throw e;
      }
    });
  }

  async #dtmf(callId: string, digits: string): Promise<void> {
    const keys = digits.replace(/\s+/g, '').toUpperCase();
    if (!keys || !DTMF_KEYS.test(keys)) throw this.#error('bad-request', 'dtmf', 'DTMF keys are 0-9, *, #, A-D');
    this.#requireReady('dtmf');
    await this.#exclusive(async () => {
      const slot = this.#board.find(callId);
      if (!slot?.call) throw this.#error('invalid-state', 'dtmf', 'no such call');
      if (slot.call.phase !== 'active') throw this.#error('invalid-state', 'dtmf', slot.call.phase);
      await this.#select(slot.n);
      // No event confirms SendDtmf in the seed (DTMFReceived is the far end's keys): done once written.
      await this.#send(DGCommand.SendDtmf, [['Digits', keys]], WRITTEN, slot.n);
    });
  }

  /** Make `line` the selected one (inside the lock). */
  async #select(line: number): Promise<void> {
    if (this.#board.selected === line && this.#selectionSure) return;
    await this.#send(DGCommand.LineSelect, [['Line', String(line)]], onLine(line, LineStatus.LineSelected), line);
    // Confirmed by LineSelected, or by a Success that came first.
    this.#selectionSure = true;
    if (this.#board.selected !== line) {
      this.#board.selected = line;
      this.#emitLines();
    }
  }

  /**
   * Agent login (`agent` + PIN) or logoff by feature code: dial the code on a free line (the helper line,
   * not shown as a call), wait for the PBX to answer, send `<agent>#` (then `<PIN>#`) as DTMF, succeed on
   * AgentLogin (AgentLogoff). A refusal (the PBX hangs up first) is `auth-failed`; no answer in
   * `agentLoginTimeoutMs` is `timeout`. The helper line is hung up either way.
   */
  async #agentFlow(kind: 'login' | 'logoff', agentGiven: string, pin: string | undefined): Promise<void> {
    const operation = kind === 'login' ? 'login' : 'logout';
    const agent = agentGiven.trim();
    const keys = /^[0-9*A-D]{1,20}$/;
    if (!keys.test(agent)) throw this.#error('missing-data', operation, 'the agent code (digits)');
    if (kind === 'login' && (!pin || !keys.test(pin.trim()))) throw this.#error('missing-data', operation, 'the agent PIN (digits)');
    this.#requireReady(operation);
    if (this.#flow) throw this.#error('invalid-state', operation, 'an agent sign-in or sign-out is under way');
    const code = kind === 'login' ? this.#opts.agentLoginCode : this.#opts.agentLogoffCode!;
    let fail: (error: CtiError) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    const flow: AgentFlow = {
      kind,
      agent,
      line: undefined,
      answered: false,
      finished: false,
      fail: (error) => {
        if (flow.failed) return;
        flow.failed = error;
        fail(error);
      },
    };
    this.#flow = flow;
    const deadline = this.#host.clock.setTimeout(
      () => flow.fail({ code: 'timeout', at: this.#now(), operation, vendorCode: kind === 'login' ? 'agent-login' : 'agent-logoff', detail: `no ${kind === 'login' ? 'AgentLogin' : 'AgentLogoff'} in ${Math.round(this.#opts.agentLoginTimeoutMs / 1000)} s` }),
      this.#opts.agentLoginTimeoutMs,
    );
    const step = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);
    const waitFor = (set: (done: () => void) => void): Promise<void> => step(new Promise<void>((resolve) => set(resolve)));
    let succeeded = false;
    try {
      await step(
        this.#exclusive(async () => {
          if (flow.failed) throw flow.failed;
          const line = this.#board.freeLine(this.#board.selected);
          if (line === undefined) throw this.#error('invalid-state', operation, 'no free line for the feature code');
          flow.line = line;
          this.#board.slot(line).helper = true;
          this.#emitLines();
          await this.#select(line);
          await this.#sendDial(line, code);
        }),
      );
      if (!flow.answered) await waitFor((done) => (flow.onAnswered = done));
      const done = waitFor((resolve) => (flow.onDone = resolve));
      done.catch(() => undefined);
      await step(this.#onHelper(flow, `${agent}#`));
      if (kind === 'login') await step(this.#onHelper(flow, `${pin!.trim()}#`));
      await done;
      succeeded = true;
      this.#host.log('info', `DGPhone: agent ${agent} signed ${kind === 'login' ? 'in' : 'out'} on extension ${this.#user}`);
    } finally {
      this.#host.clock.clearTimeout(deadline);
      this.#flow = undefined;
      this.#releaseHelper(flow.line, succeeded);
    }
  }

  /** DTMF on the helper line (selected first), never logged. */
  #onHelper(flow: AgentFlow, digits: string): Promise<unknown> {
    return this.#exclusive(async () => {
      if (flow.failed) throw flow.failed;
      if (flow.line === undefined) throw this.#error('invalid-state', 'login', 'no helper line');
      await this.#select(flow.line);
      // Done once written; an Error that comes later fails the sign-in.
      await this.#send(DGCommand.SendDtmf, [['Digits', digits]], WRITTEN, flow.line, (e) => flow.fail(e));
    });
  }

  /** Line events the running agent flow waits for (before the board sees them). */
  #observeFlow(m: LineMessage): void {
    const flow = this.#flow;
    if (!flow || flow.finished || flow.line !== m.line) return;
    if (m.status === LineStatus.Answer) {
      flow.answered = true;
      flow.onAnswered?.();
    } else if (m.status === LineStatus.Hangup || m.status === LineStatus.Ready) {
      if (!this.#board.slot(m.line).helper) return;
      const operation = flow.kind === 'login' ? 'login' : 'logout';
      flow.fail(
        flow.answered
          ? { code: 'auth-failed', at: this.#now(), operation, vendorCode: flow.kind === 'login' ? 'agent-login-refused' : 'agent-logoff-refused', detail: `the PBX hung up the ${flow.kind} call without ${flow.kind === 'login' ? 'AgentLogin' : 'AgentLogoff'}` }
          : { code: 'command-failed', at: this.#now(), operation, vendorCode: 'feature-code-not-answered', detail: 'the feature-code call ended before it was answered' },
      );
    }
  }

  /**
   * The helper line is hung up either way. After a success the PBX usually hangs up by itself: give it
   * `helperHangupGraceMs` first, so a new call that lands on the freed line is not hung up by mistake.
   */
  #releaseHelper(line: number | undefined, succeeded: boolean): void {
    if (line === undefined) return;
    const hangup = () => {
      const slot = this.#board.slot(line);
      if (!slot.helper || slot.call) return;
      if (this.#phase !== 'ready') {
        slot.helper = false;
        return;
      }
      void this.#hangup(line, () => undefined)
        .catch(() => undefined)
        .finally(() => {
          if (slot.helper && !slot.call) {
            slot.helper = false;
            this.#emitLines();
          }
        });
    };
    if (succeeded && this.#opts.helperHangupGraceMs > 0) this.#host.clock.setTimeout(hangup, this.#opts.helperHangupGraceMs);
    else hangup();
  }

  /**
   * Logout without a logoff feature code: `logoff`. The server ends the extension's session (signing the agent
   * off) and closes the link; the adapter then connects again at once so the phone stays usable.
   */
  async #logoff(): Promise<void> {
    this.#requireReady('logout');
    this.#loggingOff = true;
    try {
      // The seed: "a conexão será encerrada" — the close confirms it (or a response, if one comes).
      await this.#send(DGCommand.Logoff, [], { by: 'response', what: 'the link closing' });
    } catch (e) {
      if ((e as CtiError).code !== 'connection-lost') {
        this.#loggingOff = false;
        throw e;
      }
    }
    this.#agent = { loggedIn: false, detail: 'logoff', ...(this.#agent.agentId ? { agentId: this.#agent.agentId } : {}) };
    this.#emitAgent();
    this.#relay?.close();
    this.#relay = undefined;
    this.#phase = 'down';
    this.#clearTimer('watchdog');
    this.#failPending('connection-lost', 'logoff');
    this.#loggingOff = false;
    if (!this.#closed) {
      this.#attempt = 0;
      this.#connect();
    }
  }

  /* ----------------------------------------------------------------- wire */

  /** A command on the logged-in link. */
  #send(command: DGCommandName, fields: readonly (readonly [string, string])[], confirm: Confirm, line?: number, lateError?: (error: CtiError) => void): Promise<void> {
    if (this.#phase !== 'ready') return Promise.reject(this.#error('not-connected', command));
    return this.#request(command, fields, confirm, { ...(line !== undefined ? { line } : {}), ...(lateError ? { lateError } : {}) });
  }

  #request(command: DGCommandName, fields: readonly (readonly [string, string])[], confirm: Confirm, o: RequestOptions = {}): Promise<void> {
    const relay = this.#relay;
    if (!relay || !relay.open) return Promise.reject(this.#error('not-connected', command));
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { command, line: o.line, confirm, settled: false, confirmedByEvent: false, resolve, reject, timer: undefined, lateError: o.lateError };
      pending.timer = this.#host.clock.setTimeout(() => this.#expire(pending), this.#opts.requestTimeoutMs);
      this.#window.push(pending);
      if (this.#window.length > MAX_WINDOW) {
        const oldest = this.#window.find((p) => p.settled);
        if (oldest) this.#forget(oldest);
      }
      const all = o.noUser ? fields : [['User', this.#user] as const, ...fields];
      this.#host.log('debug', `DGPhone → ${command}${command === DGCommand.SendDtmf ? ' (keys not logged)' : fields.length ? ` ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`);
      if (!relay.send(encodeCommand(command, all))) {
        this.#forget(pending);
        pending.settled = true;
        reject(this.#error('not-connected', command));
        return;
      }
      if (confirm.by === 'write') this.#settle(pending);
    });
  }

  /**
   * The bound of a command: still unconfirmed → `timeout` (kept one more bound for its late answer);
   * settled → it leaves the window.
   */
  #expire(p: Pending): void {
    p.timer = undefined;
    if (!this.#window.includes(p)) return;
    if (p.settled || p.confirm.by === 'write') {
      this.#forget(p);
      return;
    }
    const seconds = Math.round(this.#opts.requestTimeoutMs / 1000);
    this.#host.log('warn', `DGPhone: ${p.command} not confirmed (no ${p.confirm.what}) in ${this.#opts.requestTimeoutMs} ms`);
    p.timer = this.#host.clock.setTimeout(() => this.#forget(p), this.#opts.requestTimeoutMs);
    // Login: the seed promises its response, so "no answer" is the truth. Any other command: not confirmed.
    this.#settle(p, { code: 'timeout', at: this.#now(), operation: p.command, ...(p.command === DGCommand.Login ? {} : { vendorCode: 'not-confirmed' }), detail: `no ${p.confirm.what} in ${seconds} s` });
  }

  #settle(p: Pending, error?: CtiError): void {
    if (p.settled) return;
    p.settled = true;
    if (error) p.reject(error);
    else p.resolve();
  }

  /** Out of the window (answered, or its bound passed). */
  #forget(p: Pending): void {
    const i = this.#window.indexOf(p);
    if (i >= 0) this.#window.splice(i, 1);
    if (p.timer) this.#host.clock.clearTimeout(p.timer);
    p.timer = undefined;
  }

  /** Run `fn` after every earlier locked operation (selection-dependent commands never interleave). */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  #failPending(code: ErrorCode, detail: string): void {
    for (const p of [...this.#window]) {
      this.#forget(p);
      this.#settle(p, { code, at: this.#now(), operation: p.command, detail });
    }
  }

  #failFlow(error: CtiError): void {
    this.#flow?.fail(error);
  }

  #requireReady(operation: string): void {
    if (this.#phase !== 'ready') throw this.#error('not-connected', operation);
  }

  /* ---------------------------------------------------------------- output */

  #agentReport(openCalls = this.#board.openCalls(), busy?: 'busy'): AgentReport {
    const a = this.#agent;
    const phase = !a.loggedIn ? 'logged-out' : busy || openCalls > 0 ? 'busy' : 'ready';
    return { phase, detail: a.detail, extension: this.#user, ...(a.agentId ? { agentId: a.agentId } : {}) };
  }

  #emitAgent(busy?: 'busy'): void {
    this.#emit({ type: 'agent', agent: this.#agentReport(undefined, busy) });
  }

  #emitLines(force = false): void {
    const lines = this.#board.lines();
    const text = JSON.stringify(lines);
    if (!force && text === this.#lastLines) return;
    this.#lastLines = text;
    this.#emit({ type: 'lines', lines });
  }

  #setStatus(status: ConnectionStatus, attempt?: number, retryAt?: number): void {
    if (status === this.#status && attempt === undefined) return;
    this.#status = status;
    this.#emit({ type: 'connection', status, ...(attempt !== undefined ? { attempt } : {}), ...(retryAt !== undefined ? { retryAt } : {}) });
  }

  #clearTimer(which: 'retry' | 'watchdog' | 'resync'): void {
    const timer = which === 'retry' ? this.#retryTimer : which === 'watchdog' ? this.#watchdog : this.#resyncTimer;
    if (timer) this.#host.clock.clearTimeout(timer);
    if (which === 'retry') this.#retryTimer = undefined;
    else if (which === 'watchdog') this.#watchdog = undefined;
    else this.#resyncTimer = undefined;
  }

  #clearTimers(): void {
    this.#clearTimer('retry');
    this.#clearTimer('watchdog');
    this.#clearTimer('resync');
  }

  /** Report an error of the current outage only once (a retry loop must not flood the UI). */
  #reportOnce(error: CtiError): void {
    if (this.#outageReported) {
      this.#host.log('debug', `DGPhone: still down (${error.code})`);
      return;
    }
    this.#outageReported = true;
    this.#report(error);
  }

  #report(error: CtiError): void {
    this.#emit({ type: 'error', error });
  }

  #emit(event: DomainEvent): void {
    if (this.#closed && event.type !== 'connection') return;
    this.#host.emit(event);
  }

  #error(code: ErrorCode, operation: string, detail?: string): CtiError {
    return { code, at: this.#now(), operation, ...(detail ? { detail } : {}) };
  }

  #now(): number {
    return this.#host.clock.now();
  }
}

function isCtiErrorLike(value: unknown): value is CtiError {
  return typeof value === 'object' && value !== null && typeof (value as CtiError).code === 'string' && typeof (value as CtiError).at === 'number';
}

/** The DGPhone adapter factory (registered as `dgphone`). */
export const createDGPhoneAdapter: AdapterFactory = (config, host, deps) => new DGPhoneAdapter(config, host, deps);
