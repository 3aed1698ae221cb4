/**
 * Intelix DGPhone adapter: the DGPhone remote-control interface (Asterisk-manager-style packets, TCP 5038)
 * through a websockify relay. Commands in, `DomainEvent`s out. The lifecycle is the connection runtime's
 * (`../runtime/`: connect, Login, resync after every reconnect, outage shown once, backoff with jitter, no retry
 * after a refused first Login, fail fast while down); the relay link moves bytes and cuts packets, the codec
 * (`codec.ts`) says what a packet means, `lines.ts` keeps the six lines, `window.ts` says what confirms each
 * command (the runtime correlates by command name), `line-commands.ts` runs the commands that act on a line
 * (under the selection lock), `agent.ts` keeps the agent's picture. This module keeps the protocol mapping
 * and the DGPhone's quirks:
 *
 * ```
 *   link open ─► Login(User, RemoteMode 1) ─ Success ─► connected ─► Status ─► snapshot
 *                  │ Error (first login): auth-failed, refused (no retry loop; `refresh` retries)
 *   close codes (the runtime's relayCloseError): never opened → relay-unavailable; 1011 → vendor-unreachable;
 *   any other close → connection-lost
 *   connected ─ UserLogoff ─► server-down (calls gone) ─ Login again with backoff on the same link ─► connected
 *   DGTimeStamp silent for interval × misses (armed by the first one) → keep-alive-lost, the link is dropped
 *   logout ─ logoff ─► the server closes the link ─► opened again at once (the extension logs in again)
 *   close() ─► the socket is closed; nothing is sent (see `close`)
 * ```
 *
 * `config.server`: the relay URL with its token (`ws://relay:port/?token=NAME`). The DGPhone `User` is
 * `config.extension`, else `config.agent`. Options: `options.ts`; see docs/vendors/dgphone.md.
 */
import { DGPHONE_CAPABILITIES } from './capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { DomainEvent } from '../../domain/events.js';
import type { Capabilities, CtiError, ErrorCode } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { PacketFramer } from '../relay/framing-packets.js';
import { ByName } from '../runtime/by-name.js';
import { Connection, refusal } from '../runtime/connection.js';
import { openRelayLink, relayCloseError } from '../runtime/relay-link.js';
import { SilenceWatch } from '../runtime/silence-watch.js';
import { LINE_COUNT, decodeItem, lineNumber, type DGCommandName, type DGMessage } from './codec.js';
import { LineBoard, type LineMessage } from './lines.js';
import { readDGPhoneOptions, type DGPhoneOptions } from './options.js';
import { DGAgent } from './agent.js';
import { LineCommands, type LineCommandsHost } from './line-commands.js';
import { AgentSignIn } from './agent-flow.js';
import { StatusCollector, type StatusAnswer } from './status.js';
import { WRITTEN, dgRequest, namedAnswer, onLine, responseError, type Confirm, type DGRequest } from './window.js';

export { readDGPhoneOptions, type DGPhoneOptions } from './options.js';

class DGPhoneAdapter implements VendorAdapter {
  readonly capabilities: Capabilities = DGPHONE_CAPABILITIES;
  readonly #host: AdapterHost;
  readonly #opts: DGPhoneOptions;
  readonly #user: string;
  /** The configured agent code (`config.agent`): who a logoff feature code signs off when no event named one. */
  readonly #configAgent: string;
  readonly #board: LineBoard;
  readonly #idBase: string;
  #idCounter = 0;
  readonly #conn: Connection<DGMessage, DGRequest>;
  #closed = false;
  /** Logged in once: a Login refused later means the DGPhone is down, not a wrong extension. */
  #everLoggedIn = false;
  /** The DGTimeStamp watchdog: armed by the first DGTimeStamp, re-armed only by DGTimeStamp (also while the DGPhone is down). */
  readonly #keepAlive: SilenceWatch<DGMessage>;
  /** A `logoff` (logout) is under way: the server closes the link, and that is not a loss. */
  #loggingOff = false;
  readonly #calls: LineCommands;
  /** Logged in since the last resync started: the lines may have changed unseen. */
  #freshLink = true;
  readonly #status: StatusCollector;
  #lastLines = '[]';
  /** A message for another User came on this link (the first one is logged as a warning). */
  #otherUserSeen = false;
  readonly #agent: DGAgent;
  readonly #signIn: AgentSignIn;

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#host = host;
    const opts = (this.#opts = readDGPhoneOptions(config.options));
    const url = config.server.trim();
    this.#user = (config.extension ?? '').trim() || config.agent.trim();
    this.#configAgent = config.agent.trim();
    this.#idBase = host.clock.now().toString(36);
    this.#board = new LineBoard((line) => `${line}-${this.#idBase}-${++this.#idCounter}`);
    const limit = opts.keepAliveIntervalMs * opts.keepAliveMisses;
    this.#keepAlive = new SilenceWatch<DGMessage>(
      host.clock,
      limit,
      () => {
        host.log('warn', `DGPhone: no DGTimeStamp for ${limit} ms, the link is dead`);
        this.#conn.lose(this.#conn.error('keep-alive-lost', 'keep-alive', 'silence'));
      },
      { is: (m) => m.kind === 'timestamp', only: true },
    );
    this.#status = new StatusCollector(
      host.clock,
      opts.requestTimeoutMs,
      (a) => this.#applyStatus(a),
      (got) => host.log('warn', `DGPhone: Status answered ${got} of ${LINE_COUNT} lines in time`),
    );
    const lineHost: LineCommandsHost = {
      board: this.#board,
      send: (command, fields, confirm, line, lateError) => this.#send(command, fields, confirm, line, lateError),
      requireReady: (operation) => this.#requireReady(operation),
      refuse: (code, operation, detail, why) => this.#refuse(code, operation, detail, why),
      emitLines: () => this.#emitLines(),
      log: (level, message) => host.log(level, message),
    };
    this.#calls = new LineCommands(lineHost);
    this.#signIn = new AgentSignIn({
      ...lineHost,
      clock: host.clock,
      opts,
      user: this.#user,
      calls: this.#calls,
      log: (level, message) => host.log(level, message),
      ready: () => this.#conn.ready,
    });
    this.#agent = new DGAgent({ user: this.#user, board: this.#board, emit: (e) => this.#emit(e), finished: (kind) => this.#signIn.finished(kind) });
    this.#conn = new Connection<DGMessage, DGRequest>({
      name: 'DGPhone',
      host,
      random: deps.random,
      backoff: { baseMs: opts.reconnectBaseMs, maxMs: opts.reconnectMaxMs },
      requestTimeoutMs: opts.requestTimeoutMs,
      open: (events) =>
        openRelayLink(
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
        ),
      // The translated error.dgphone.no-extension names what is missing; the detail is the property's name.
      configProblem: () => (this.#user ? undefined : { ...this.#refuse('auth-failed', 'connect', 'extension', 'no extension configured (extension or agent)'), vendorCode: 'no-extension' }),
      authenticate: () => this.#login(),
      synchronise: () => this.#startResync(),
      closeError: (code, reason, opened) => relayCloseError(host, 'DGPhone', code, reason, opened),
      receive: (m) => this.#onMessage(m),
      lost: () => this.#lost('connection-lost', 'link-closed'),
    });
    this.#conn.requests.correlateByName((h) => new ByName(h));
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
    this.#calls.selectionSure = false;
    this.#freshLink = true;
    this.#otherUserSeen = false;
    try {
      await this.#write('Login', [['User', this.#user], ['RemoteMode', '1']], { by: 'response', what: 'DGPhoneResponse' });
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
    this.#keepAlive.stop();
    this.#status.drop();
    // A ring AgentCalled announced may have come and gone unseen: its Uniqueid must not reach a later call.
    this.#agent.takeUniqueid();
    this.#signIn.fail(this.#conn.error(code, 'login', detail));
    this.#conn.requests.failAll(code, detail);
  }

  /* ------------------------------------------------------------ receiving */

  #onMessage(m: DGMessage): void {
    this.#keepAlive.heard(m);
    switch (m.kind) {
      case 'banner':
        this.#host.log('info', `DGPhone banner: ${m.line.slice(0, 120)}`);
        return;
      case 'malformed':
        this.#host.log('warn', `DGPhone: malformed packet (${m.reason})${m.preview ? `: ${m.preview}` : ''}`);
        this.#report(this.#conn.error('malformed-frame', 'receive', m.tooLong ? 'too-long' : 'malformed'));
        return;
      case 'unknown':
        // Only what the codec does not know at all (every event and Status the seed lists is read): an unknown
        // Status of a DGPhoneEvent is named by it, any other Event by its name.
        return this.#conn.unknownEvent(m.event === 'DGPhoneEvent' ? `DGPhoneEvent ${m.status}` : m.event);
      case 'timestamp':
        return;
    }
    // Seed L23 logs in "User: (Ramal/Usuario no Intelix)", L79 events name "User: <Numero do ramal>": a user
    // name logs in, its number comes back. `eventUser` names it; the first other User of a link is a warning.
    if (m.user !== undefined && m.user !== this.#user && m.user !== this.#opts.eventUser) {
      const hint = this.#otherUserSeen ? '' : ' (set options.eventUser if the DGPhone names this extension so)';
      this.#otherUserSeen = true;
      this.#host.log(hint ? 'warn' : 'debug', `DGPhone: ${m.kind === 'response' ? 'response' : 'event'} for User ${m.user} ignored${hint}`);
      return;
    }
    switch (m.kind) {
      case 'response':
        this.#onResponse(m);
        return;
      case 'line':
        this.#onLine(m);
        return;
      case 'agent':
        this.#agent.onAgent(m);
        return;
      case 'user-logoff':
        // Seed L35 / L134: our own `logoff` may be told as UserLogoff ("Logoff do usuário") before the close;
        // during a logoff it confirms it (the link is opened again), it does not mean the DGPhone closed.
        if (!this.#loggingOff) this.#onUserLogoff();
        else this.#conn.requests.answerByName({ name: 'logoff' }, m);
        return;
    }
  }

  #onLine(m: LineMessage): void {
    this.#signIn.observe(m);
    if (this.#status.active) this.#status.collect(m);
    else {
      if (m.status === 'LineSelected') this.#calls.selectionSure = true;
      // Seed L56-60 / L49: Answer names its line and may move the selection unannounced; Hold toggles the selected
      // line. A call answered on another line that was not our dial (another client of the extension answered
      // it: ours selects first) leaves the selection unknown (shown so), and the next Hold / Dial / SendDtmf
      // selects its line again.
      else if (m.status === 'Answer' && m.line !== this.#board.selected) {
        const slot = this.#board.slot(m.line);
        if (!slot.helper && slot.call?.phase !== 'dialing') {
          this.#calls.selectionSure = false;
          this.#board.selected = undefined;
        }
      }
      const events = this.#board.apply(m, () => this.#agent.takeUniqueid());
      for (const e of events) this.#emit(e);
      this.#emitLines();
    }
    // One event confirms one command: the oldest waiting for it.
    this.#conn.requests.match(m);
  }

  /** A DGPhoneResponse: the command it names settles (`window.ts`); a late or unsolicited Error is shown. */
  #onResponse(m: Extract<DGMessage, { kind: 'response' }>): void {
    const got = this.#conn.requests.answerByName(namedAnswer(m, this.#now()), m);
    const said = m.ok ? 'Success' : `Error${m.message ? ` (${m.message})` : ''}`;
    if (!got) {
      this.#host.log('warn', `DGPhone: response to no command sent (${m.command ?? 'no Command'}, ${said})`);
      if (!m.ok) this.#report(responseError(m, m.command ?? 'receive', this.#now()));
      return;
    }
    this.#host.log('debug', `DGPhone ← ${got.request.op} ${said}${got.outcome === 'late' ? ' (already settled)' : ''}`);
    if (got.error) (got.request.lateError ?? ((e: CtiError) => this.#report(e)))(got.error);
  }

  /** The DGPhone closed or became unavailable: its calls are gone; log in again (with backoff) until it is back. */
  #onUserLogoff(): void {
    this.#host.log('warn', `DGPhone: UserLogoff — the DGPhone of extension ${this.#user} closed or is unavailable`);
    // Commands waiting for their event will not get it from a closed DGPhone.
    this.#lost('softphone-unavailable', 'UserLogoff');
    for (const e of this.#board.clear()) this.#emit(e);
    this.#emitLines();
    // The extension as detail (a code); the sentence is logged above.
    this.#conn.suspend({ ...this.#conn.error('softphone-unavailable', 'receive', this.#user), vendorCode: 'UserLogoff' });
  }

  /* ----------------------------------------------------------------- resync */

  /** Ask for the state of every line; the answer becomes the authoritative snapshot (resolves then). */
  #startResync(): Promise<void> {
    if (this.#status.active) return Promise.resolve();
    // A refresh on a link that stayed up: lines the answer leaves out keep what the live events said.
    const known = this.#status.start(this.#board.known && !this.#freshLink);
    this.#freshLink = false;
    // Selection-dependent commands wait until the lines are known.
    void this.#calls.exclusive(() => known);
    // An Error that comes is shown and ends the resync with what it has.
    this.#write('Status', [['User', this.#user]], WRITTEN, undefined, (e) => {
      this.#report({ ...e, operation: 'status' });
      this.#status.finish();
    }).catch(() => undefined);
    return known;
  }

  #applyStatus(r: StatusAnswer): void {
    const calls = this.#board.resync(r.lines, r.selected, r.refresh);
    // Without a LineSelected in the answer (the seed has none), the selection is not known for sure.
    if (r.selected !== undefined) this.#calls.selectionSure = true;
    else if (!r.refresh) this.#calls.selectionSure = false;
    // A feature-code call left over from an agent login cut short: hang it up, do not show it.
    const codes = [this.#opts.agentLoginCode, this.#opts.agentLogoffCode].filter(Boolean);
    const leftovers = this.#signIn.running ? [] : this.#board.slots.filter((s) => s.call?.number !== undefined && codes.includes(s.call.number));
    for (const slot of leftovers) {
      delete slot.call;
      slot.helper = true;
      void this.#write('Hangup', [['User', this.#user], ['Line', String(slot.n)]], onLine(slot.n, 'Hangup', 'Ready'), slot.n, () => undefined).catch(() => undefined);
    }
    const shown = calls.filter((c) => !leftovers.some((s) => String(s.n) === c.lineId));
    this.#emitLines(true);
    this.#emit({ type: 'snapshot', agent: this.#agent.report(shown.length), calls: shown });
  }

  /* ---------------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    try {
      await this.#execute(command);
    } catch (e) {
      if (!isCtiErrorLike(e)) this.#host.log('error', `DGPhone: ${command.type} threw: ${e instanceof Error ? e.message : String(e)}`);
      const error: CtiError = isCtiErrorLike(e) ? e : this.#conn.error('internal', command.type);
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
        return this.#signIn.run('login', this.#text(command.agent, 'login', 'agent'), command.password === undefined ? undefined : this.#text(command.password, 'login', 'password'));
      case 'logout':
        return this.#opts.agentLogoffCode ? this.#signIn.run('logoff', this.#agent.agentId ?? this.#configAgent, undefined) : this.#logoff();
      case 'dial':
        return this.#calls.dial(this.#text(command.to, 'dial', 'to'));
      case 'answer':
        // The agent's line follows the call answered: LineSelect (confirmed by LineSelected), then Answer on
        // that line, under the lock. Hold, Dial and DTMF then act on the line the agent is talking on.
        return this.#calls.callCommand(command.callId, 'answer', ['ringing'], (n) => this.#calls.answer(n), true);
      case 'reject':
        return this.#calls.callCommand(command.callId, 'reject', ['ringing'], (n) => this.#calls.hangup(n));
      case 'hangup':
        return this.#calls.callCommand(command.callId, 'hangup', ['dialing', 'ringing', 'active', 'held'], (n) => this.#calls.hangup(n));
      case 'hold':
        return this.#calls.toggleHold(command.callId, 'hold');
      case 'retrieve':
        return this.#calls.toggleHold(command.callId, 'retrieve');
      case 'dtmf':
        return this.#calls.dtmf(command.callId, this.#text(command.digits, 'dtmf', 'digits'));
      case 'select-line': {
        const line = lineNumber(this.#text(command.lineId, 'select-line', 'lineId'));
        if (line === undefined) throw this.#refuse('bad-request', 'select-line', 'lineId', `line must be 1..${LINE_COUNT}`);
        this.#requireReady('select-line');
        return this.#calls.exclusive(() => this.#calls.select(line));
      }
      default:
        throw this.#refuse('unsupported', command.type, command.type, 'DGPhone has no such operation');
    }
  }

  /** A text field of a command: commands come from host pages, so anything may arrive. Absent: ''. */
  #text(value: unknown, operation: string, field: string): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    throw this.#refuse('bad-request', operation, field, `${field} must be text`);
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
      await this.#send('logoff', [], { by: 'response', what: 'the link closing' });
    } catch (e) {
      if ((e as CtiError).code !== 'connection-lost') {
        this.#loggingOff = false;
        throw e;
      }
    }
    this.#agent.loggedOff();
    // A response came first: close the link ourselves and open it again now.
    if (this.#loggingOff) {
      this.#loggingOff = false;
      this.#conn.reopen();
    }
  }

  /* ----------------------------------------------------------------- wire */

  /** A command on the logged-in link. */
  #send(command: DGCommandName, fields: readonly (readonly [string, string])[], confirm: Confirm, line?: number, lateError?: (error: CtiError) => void): Promise<unknown> {
    if (!this.#conn.ready) return Promise.reject(this.#conn.error('not-connected', command));
    return this.#write(command, [['User', this.#user], ...fields], confirm, line, lateError);
  }

  /** Put a command on the current link and wait for what confirms it (`window.ts`). */
  #write(command: DGCommandName, fields: readonly (readonly [string, string])[], confirm: Confirm, line?: number, lateError?: (error: CtiError) => void): Promise<unknown> {
    const shown = command === 'SendDtmf' ? ' (keys not logged)' : fields.length ? ` ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
    this.#host.log('debug', `DGPhone → ${command}${shown}`);
    return this.#conn.request(dgRequest(command, fields, confirm, line, lateError));
  }

  #requireReady(operation: string): void {
    if (!this.#conn.ready) throw this.#conn.error('not-connected', operation);
  }

  /* ---------------------------------------------------------------- output */

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

  /** A refusal of ours: `detail` a code or the offending field (it may reach the screen), `why` the sentence, logged. */
  #refuse(code: ErrorCode, operation: string, detail: string, why: string): CtiError {
    return refusal(this.#host, 'DGPhone', code, operation, detail, why);
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

