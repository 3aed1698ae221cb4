/**
 * Intelix DGPhone adapter: the DGPhone remote-control interface (Asterisk-manager-style packets, TCP 5038)
 * through a websockify relay. Commands in, `DomainEvent`s out. The lifecycle is the connection runtime's
 * (`../runtime/`: connect, Login, resync after every reconnect, outage shown once, backoff with jitter, no retry
 * after a refused first Login, fail fast while down); the relay link moves bytes and cuts packets, the codec
 * (`codec.ts`) says what a packet means, `lines.ts` keeps the six lines, `window.ts` correlates commands with
 * their confirming events and responses. This module keeps the protocol mapping and the DGPhone's quirks:
 *
 * ```
 *   link open ─► Login(User, RemoteMode 1) ─ Success ─► connected ─► Status ─► snapshot
 *                  │ Error (first login): auth-failed, refused (no retry loop; `refresh` retries)
 *   close codes: never opened → relay-unavailable; opened then 1011 before Login → vendor-unreachable
 *   connected ─ UserLogoff ─► server-down (calls gone) ─ Login again with backoff on the same link ─► connected
 *   DGTimeStamp silent for interval × misses (armed by the first one) → keep-alive-lost, the link is dropped
 *   logout ─ logoff ─► the server closes the link ─► opened again at once (the extension logs in again)
 *   close() ─► the socket is closed; nothing is sent (see `close`)
 * ```
 *
 * Line selection: `Dial`, `Hold` and `SendDtmf` act on the SELECTED line. Every command that needs a line
 * selected runs under one lock: `LineSelect` first unless that line is selected for sure (a LineSelected said
 * so and no Hangup has been sent since), then the command. `Answer` selects the line it answers first, so the
 * selection follows the call the agent takes.
 *
 * `config.server`: the relay URL with its token (`ws://relay:port/?token=NAME`). The DGPhone `User` is
 * `config.extension`, else `config.agent`. Options: `options.ts`; see docs/vendors/dgphone.md.
 */
import type { TimerHandle } from '../../domain/clock.js';
import { capabilitiesFor } from '../../domain/capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { AgentReport, DomainEvent } from '../../domain/events.js';
import type { Capabilities, CtiError, ErrorCode } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { PacketFramer } from '../relay/framing-packets.js';
import { Connection, type Link } from '../runtime/connection.js';
import { openRelayLink } from '../runtime/relay-link.js';
import { AgentStatus, DGCommand, DTMF_KEYS, LINE_COUNT, LineStatus, decodeItem, dialString, encodeCommand, lineNumber, type DGCommandName, type DGMessage } from './codec.js';
import { LineBoard, type LineMessage } from './lines.js';
import { readDGPhoneOptions, type DGPhoneOptions } from './options.js';
import { AgentSignIn } from './agent-flow.js';
import { StatusCollector, type StatusAnswer } from './status.js';
import { ResponseWindow, WRITTEN, onLine, type Confirm } from './window.js';

export { readDGPhoneOptions, type DGPhoneOptions } from './options.js';

class DGPhoneAdapter implements VendorAdapter {
  readonly capabilities: Capabilities = capabilitiesFor('dgphone');
  readonly #host: AdapterHost;
  readonly #opts: DGPhoneOptions;
  readonly #user: string;
  /** The configured agent code (`config.agent`): who a logoff feature code signs off when no event named one. */
  readonly #configAgent: string;
  readonly #board: LineBoard;
  readonly #idBase: string;
  #idCounter = 0;
  readonly #conn: Connection<DGMessage>;
  readonly #window: ResponseWindow;
  /** The current link (written directly: the window correlates, not the runtime's requests). */
  #link: Link | undefined;
  #closed = false;
  /** Logged in once: a Login refused later means the DGPhone is down, not a wrong extension. */
  #everLoggedIn = false;
  /** The DGTimeStamp watchdog (armed only once the server has sent one). */
  #watchdog: TimerHandle | undefined;
  /** A `logoff` (logout) is under way: the server closes the link, and that is not a loss. */
  #loggingOff = false;
  /** `board.selected` is the DGPhone's selection for sure (a LineSelected said so; no Answer / Hangup since). */
  #selectionSure = false;
  /** Logged in since the last resync started: the lines may have changed unseen. */
  #freshLink = true;
  #lock: Promise<unknown> = Promise.resolve();
  readonly #status: StatusCollector;
  #lastLines = '[]';
  #agent: { loggedIn: boolean; agentId?: string; detail: string } = { loggedIn: false, detail: '' };
  readonly #signIn: AgentSignIn;
  /** A queue call id (AgentCalled) whose line has not rung yet. */
  #pendingUniqueid: string | undefined;

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#host = host;
    const opts = (this.#opts = readDGPhoneOptions(config.options));
    const url = config.server.trim();
    this.#user = (config.extension ?? '').trim() || config.agent.trim();
    this.#configAgent = config.agent.trim();
    this.#idBase = host.clock.now().toString(36);
    this.#board = new LineBoard((line) => `${line}-${this.#idBase}-${++this.#idCounter}`);
    this.#window = new ResponseWindow({ clock: host.clock, timeoutMs: opts.requestTimeoutMs, log: (level, message) => host.log(level, message), report: (e) => this.#report(e) });
    this.#status = new StatusCollector(
      host.clock,
      opts.requestTimeoutMs,
      (a) => this.#applyStatus(a),
      (got) => host.log('warn', `DGPhone: Status answered ${got} of ${LINE_COUNT} lines in time`),
    );
    this.#signIn = new AgentSignIn({
      clock: host.clock,
      opts,
      user: this.#user,
      board: this.#board,
      log: (level, message) => host.log(level, message),
      error: (code, operation, detail) => this.#error(code, operation, detail),
      ready: () => this.#conn.ready,
      requireReady: (operation) => this.#requireReady(operation),
      exclusive: (fn) => this.#exclusive(fn),
      select: (line) => this.#select(line),
      sendDial: (line, number) => this.#sendDial(line, number),
      sendDtmf: (line, digits, lateError) => this.#send(DGCommand.SendDtmf, [['Digits', digits]], WRITTEN, line, lateError),
      hangup: (line) => this.#hangup(line, () => undefined),
      emitLines: () => this.#emitLines(),
    });
    this.#conn = new Connection<DGMessage>({
      name: 'DGPhone',
      host,
      random: deps.random,
      backoff: { baseMs: opts.reconnectBaseMs, maxMs: opts.reconnectMaxMs },
      requestTimeoutMs: opts.requestTimeoutMs,
      open: (events) =>
        (this.#link = openRelayLink(
          { WebSocket: deps.WebSocket, url, encoding: opts.encoding, framer: () => new PacketFramer(), decode: decodeItem },
          {
            ...events,
            // After a logoff the server closes the link on purpose: not a loss, the extension logs in again now.
            closed: (code, reason, opened) => {
              if (!this.#loggingOff) return events.closed(code, reason, opened);
              this.#loggingOff = false;
              this.#conn.reopen();
            },
          },
        )),
      configProblem: () => (this.#user ? undefined : { ...this.#error('auth-failed', 'connect', 'no extension configured (extension or agent)'), vendorCode: 'no-extension' }),
      authenticate: () => this.#login(),
      synchronise: () => this.#startResync(),
      closeError: (code, reason, opened, authenticated) => {
        if (!opened) return this.#error('relay-unavailable', 'connect', `WebSocket close ${code}${reason ? ` ${reason}` : ''}`);
        if (!authenticated && code === 1011) return this.#error('vendor-unreachable', 'connect', reason || 'WebSocket close 1011');
        return this.#error('connection-lost', 'connect', `WebSocket close ${code}`);
      },
      receive: (m) => {
        try {
          this.#onMessage(m);
        } catch (e) {
          // A bug here must not stop the stream.
          host.log('error', `DGPhone: handling a packet failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
      lost: () => this.#lost('connection-lost', 'link closed'),
    });
  }

  /* ------------------------------------------------------------- lifecycle */

  start(): void {
    if (!this.#closed) this.#conn.start();
  }

  /**
   * Close the link. Sends nothing: `logoff` would end the extension's DGPhone session and, on this PBX, sign
   * the agent off the queue — closing the widget must not do that. The DGPhone keeps its lines and calls; the
   * next connection logs in again and reads them with `Status`.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#lost('connection-lost', 'closed');
    this.#conn.close();
  }

  /** Login on the open link (first time, after a reconnect, or after UserLogoff). */
  async #login(): Promise<void> {
    this.#host.log('info', `DGPhone: logging in extension ${this.#user}`);
    this.#selectionSure = false;
    this.#freshLink = true;
    try {
      await this.#write(DGCommand.Login, [['User', this.#user], ['RemoteMode', '1']], { by: 'response', what: 'DGPhoneResponse' });
    } catch (e) {
      const error = e as CtiError;
      if (error.code !== 'auth-failed') throw error;
      // It worked before: the DGPhone is closed or busy restarting; keep the link, Login again with backoff.
      // The first time: the extension is refused, a wrong configuration, not a passing failure (no retry).
      if (this.#everLoggedIn) this.#conn.suspend({ ...error, operation: 'connect' });
      throw { ...error, operation: 'connect' };
    }
    this.#everLoggedIn = true;
  }

  /** The link (or the DGPhone behind it) went: what waited on it fails; lines stay until the next Status. */
  #lost(code: ErrorCode, detail: string): void {
    this.#clearWatchdog();
    this.#status.drop();
    this.#signIn.fail(this.#error(code, 'login', detail));
    this.#window.failAll(code, detail);
  }

  /* ------------------------------------------------------------- keep-alive */

  /** DGTimeStamp came: (re)arm the watchdog. Armed only once the server has sent one; also while the DGPhone is down. */
  #armWatchdog(): void {
    this.#clearWatchdog();
    const state = this.#conn.state;
    if (!this.#conn.ready && state !== 'authenticating' && state !== 'suspended') return;
    const limit = this.#opts.keepAliveIntervalMs * this.#opts.keepAliveMisses;
    this.#watchdog = this.#host.clock.setTimeout(() => {
      this.#watchdog = undefined;
      this.#host.log('warn', `DGPhone: no DGTimeStamp for ${limit} ms, the link is dead`);
      this.#conn.lose(this.#error('keep-alive-lost', 'keep-alive', `no DGTimeStamp for ${Math.round(limit / 1000)} s`));
    }, limit);
  }

  #clearWatchdog(): void {
    if (this.#watchdog) this.#host.clock.clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }

  /* ------------------------------------------------------------ receiving */

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
        if (m.user !== undefined && m.user !== this.#user) this.#host.log('debug', `DGPhone: response for extension ${m.user} ignored`);
        else this.#window.onResponse(m);
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

  #onLine(m: LineMessage): void {
    this.#signIn.observe(m);
    if (this.#status.active) this.#status.collect(m);
    else {
      if (m.status === LineStatus.LineSelected) this.#selectionSure = true;
      const events = this.#board.apply(m, () => this.#takeUniqueid());
      for (const e of events) this.#emit(e);
      this.#emitLines();
    }
    // One event confirms one command: the oldest waiting for it.
    this.#window.onLine(m);
  }

  #onAgent(m: Extract<DGMessage, { kind: 'agent' }>): void {
    const agentId = m.agent ?? this.#agent.agentId;
    switch (m.status) {
      case AgentStatus.AgentLogin:
        this.#agent = { loggedIn: true, detail: m.status, ...(agentId ? { agentId } : {}) };
        this.#signIn.finished('login');
        this.#emitAgent();
        return;
      case AgentStatus.AgentLogoff:
        this.#agent = { loggedIn: false, detail: m.status, ...(agentId ? { agentId } : {}) };
        this.#signIn.finished('logoff');
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

  #takeUniqueid(): string | undefined {
    const id = this.#pendingUniqueid;
    this.#pendingUniqueid = undefined;
    return id;
  }

  /** The DGPhone closed or became unavailable: its calls are gone; log in again (with backoff) until it is back. */
  #onUserLogoff(): void {
    this.#host.log('warn', `DGPhone: UserLogoff — the DGPhone of extension ${this.#user} closed or is unavailable`);
    // Commands waiting for their event will not get it from a closed DGPhone.
    this.#lost('softphone-unavailable', 'UserLogoff');
    for (const e of this.#board.clear()) this.#emit(e);
    this.#emitLines();
    this.#conn.suspend({ ...this.#error('softphone-unavailable', 'receive', `DGPhone ${this.#user}`), vendorCode: 'UserLogoff' });
  }

  /* ----------------------------------------------------------------- resync */

  /** Ask for the state of every line; the answer becomes the authoritative snapshot (resolves then). */
  #startResync(): Promise<void> {
    if (this.#status.active) return Promise.resolve();
    // A refresh on a link that stayed up: lines the answer leaves out keep what the live events said.
    const known = this.#status.start(this.#board.known && !this.#freshLink);
    this.#freshLink = false;
    // Selection-dependent commands wait until the lines are known.
    void this.#exclusive(() => known);
    // An Error that comes is shown and ends the resync with what it has.
    this.#write(DGCommand.Status, [['User', this.#user]], WRITTEN, undefined, (e) => {
      this.#report({ ...e, operation: 'status' });
      this.#status.finish();
    }).catch(() => undefined);
    return known;
  }

  #applyStatus(r: StatusAnswer): void {
    const calls = this.#board.resync(r.lines, r.selected, r.refresh);
    // Without a LineSelected in the answer (the seed has none), the selection is not known for sure.
    if (r.selected !== undefined) this.#selectionSure = true;
    else if (!r.refresh) this.#selectionSure = false;
    // A feature-code call left over from an agent login cut short: hang it up, do not show it.
    const codes = [this.#opts.agentLoginCode, this.#opts.agentLogoffCode].filter(Boolean);
    const leftovers = this.#signIn.running ? [] : this.#board.slots.filter((s) => s.call?.number !== undefined && codes.includes(s.call.number));
    for (const slot of leftovers) {
      delete slot.call;
      slot.helper = true;
      void this.#write(DGCommand.Hangup, [['User', this.#user], ['Line', String(slot.n)]], onLine(slot.n, LineStatus.Hangup, LineStatus.Ready), slot.n, () => undefined).catch(() => undefined);
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
        if (!this.#conn.ready) this.#conn.retryNow();
        else if (!this.#status.active) void this.#conn.synchronise();
        return;
      case 'login':
        return this.#signIn.run('login', this.#text(command.agent, 'login', 'the agent code'), command.password === undefined ? undefined : this.#text(command.password, 'login', 'the PIN'));
      case 'logout':
        return this.#opts.agentLogoffCode ? this.#signIn.run('logoff', this.#agent.agentId ?? this.#configAgent, undefined) : this.#logoff();
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
    // A response came first: close the link ourselves and open it again now.
    if (this.#loggingOff) {
      this.#loggingOff = false;
      this.#conn.reopen();
    }
  }

  /* ----------------------------------------------------------------- wire */

  /** A command on the logged-in link. */
  #send(command: DGCommandName, fields: readonly (readonly [string, string])[], confirm: Confirm, line?: number, lateError?: (error: CtiError) => void): Promise<void> {
    if (!this.#conn.ready) return Promise.reject(this.#error('not-connected', command));
    return this.#write(command, [['User', this.#user], ...fields], confirm, line, lateError);
  }

  /** Put a command on the current link and wait for its confirmation (`window.ts`). */
  #write(command: DGCommandName, fields: readonly (readonly [string, string])[], confirm: Confirm, line?: number, lateError?: (error: CtiError) => void): Promise<void> {
    const shown = command === DGCommand.SendDtmf ? ' (keys not logged)' : fields.length ? ` ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
    this.#host.log('debug', `DGPhone → ${command}${shown}`);
    return this.#window.request(command, line, confirm, lateError, () => this.#link?.open === true && this.#link.send(encodeCommand(command, fields)));
  }

  /** Run `fn` after every earlier locked operation (selection-dependent commands never interleave). */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  #requireReady(operation: string): void {
    if (!this.#conn.ready) throw this.#error('not-connected', operation);
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

