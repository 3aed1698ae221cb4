/**
 * InWise NEON adapter: the softphone on the agent's computer, over one native `WebSocket`
 * (`ws://localhost:15070/`). Commands in, `DomainEvent`s out. The lifecycle is the connection runtime's
 * (`../runtime/`: connect, authenticate, outage shown once, backoff with jitter, no retry after bad
 * credentials, fail fast while down, requests by id with a bound on every wait); the codec (`codec.ts`) maps
 * frames, the transport (`transport.ts`) moves them, `calls.ts` keeps the calls. This module keeps the
 * protocol mapping: the token (hub memory only), the SIP registration the user asked for, NEON's answers.
 *
 * ```
 *   socket open ─► authenticate ──token──► connected ─► (re-)register if the user had registered
 *                      │ 600 / no credentials ─► auth-failed, refused (no retry loop; `refresh` tries again)
 *   close codes: never opened → softphone-unavailable (NEON not running, or its WebSocket option off: the
 *   calls and registration the widget knew went with it); opened then closed → connection-lost.
 *   close() ─► socket closed (NEON unregisters by itself when `autodisconnect` was sent)
 * ```
 *
 * What survives a reconnection. NEON has no command that lists the registration or the calls, so:
 * - the registration is redone when the user had registered (the SIP password is kept in hub memory for
 *   exactly this; an explicit unregister or a refusal forgets it);
 * - calls: with `autodisconnect: true` NEON dropped the SIP account with the socket, so the calls
 *   the widget knew are shown as ended; without it (the default) they are kept, marked `unconfirmed`, until an event
 *   or a failed command (102, unknown call id) settles them. Any later event for a call id brings it back.
 *
 * Answers. The document shows an answer for `authenticate` (the token) and `startcall` (the call id) only:
 * those are awaited (`requestTimeoutMs`, then a timeout error). Every other command may or may not be
 * answered: a refusal (an error code) that comes within `ackWaitMs`, or before the event that confirms the
 * command (OnAcceptCall, OnFinalizedCall, OnSIPRegister…), rejects it; otherwise the command counts as
 * taken (the runtime's `silence: 'resolve'`), and a refusal that comes later is still shown (and undoes what
 * the command changed: a hold) — the adapter remembers the last commands taken for that (`#sent`).
 * So a NEON that answers nothing but what the document shows never looks like one that does not answer.
 *
 * `config.server`: the NEON URL (`ws://localhost:15070/`). `config.credentials`: the integration's
 * `authenticate` user and password. `config.options` (defaults): `sipDomain` (none: the login must
 * give it), `autodisconnect` (false), `requestTimeoutMs` (10000), `ackWaitMs` (500), `registerTimeoutMs`
 * (15000), `reconnectBaseMs` (1000), `reconnectMaxMs` (10000).
 */
import { NEON_CAPABILITIES } from './capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { DomainEvent } from '../../domain/events.js';
import type { Capabilities, CtiError, ErrorCode } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { Connection, refusal } from '../runtime/connection.js';
import {
  DTMF_KEYS,
  callInfo,
  decodeFrame,
  dialString,
  encodeRequest,
  neonError,
  partyFromUri,
  str,
  type NeonAction,
  type NeonEventName,
  type NeonFrame,
  type WireData,
} from './codec.js';
import { NeonCalls, type CallPhase } from './calls.js';
import { DEFAULT_NEON_URL, readNeonOptions, type NeonOptions } from './options.js';
import { NeonSip } from './registration.js';
import { openSocket } from './transport.js';

export { DEFAULT_NEON_URL, readNeonOptions, type NeonOptions } from './options.js';

/** A request on the wire (until answered), or a command taken without an answer (its answer may still come). */
interface Sent {
  readonly action: NeonAction;
  /** The `callid` the request named (to settle it on that call's event). */
  readonly callId: string | undefined;
  /** A refusal that comes after the command counted as taken. */
  readonly onLateFailure: ((error: CtiError) => void) | undefined;
  taken: boolean;
}

/** The commands whose answer the document shows: `authenticate` → `{ token }`, `startcall` → `{ callId }`. */
const ANSWERED: ReadonlySet<NeonAction> = new Set(['authenticate', 'startcall']);
/** 602, command not authorised: the token may be stale. */
const NOT_AUTHORISED = 602;
/** How many commands taken without an answer are remembered, for an answer that comes late. */
const UNANSWERED_KEPT = 32;
/** What a command taken by its confirming event resolves with (it had no answer of its own). */
const TAKEN: NeonFrame = { kind: 'response', success: true, data: {} };

/** The call commands a call event confirms (the command is taken even if NEON never answers it). */
const SETTLED_BY: Partial<Record<NeonEventName, readonly NeonAction[]>> = {
  OnAcceptCall: ['acceptcall'],
  OnFinalizedCall: ['finalizecall', 'acceptcall', 'transferecall'],
  OnTransferredCall: ['transferecall', 'finalizecall'],
};

class NeonAdapter implements VendorAdapter {
  readonly capabilities: Capabilities = NEON_CAPABILITIES;
  readonly #config: SessionConfig;
  readonly #host: AdapterHost;
  readonly #opts: NeonOptions;
  readonly #url: string;
  readonly #conn: Connection<NeonFrame>;
  readonly #calls: NeonCalls;

  readonly #sip: NeonSip;
  #token: string | undefined;
  #everSynchronised = false;
  #reauthenticating = false;
  #notRunningLogged = false;
  #nextId = 1;
  /** Requests by id: on the wire, or taken without an answer (`ackWaitMs` passed, or their event came). */
  readonly #sent = new Map<string, Sent>();

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#config = config;
    this.#host = host;
    const opts = (this.#opts = readNeonOptions(config.options));
    const url = (this.#url = config.server.trim() || DEFAULT_NEON_URL);
    this.#calls = new NeonCalls({
      emit: (e) => this.#emit(e),
      report: (e) => this.#report(e),
      log: (level, message) => host.log(level, message),
      now: () => this.#now(),
    });
    this.#sip = new NeonSip(
      {
        request: (action, params, onLateFailure) => this.#request(action, params, onLateFailure),
        emit: (e) => this.#emit(e),
        report: (e) => this.#report(e),
        log: (level, message) => host.log(level, message),
        refuse: (code, operation, detail, why) => this.#refuse(code, operation, detail, why),
        clock: host.clock,
      },
      opts.registerTimeoutMs,
    );
    this.#conn = new Connection<NeonFrame>({
      name: 'NEON',
      host,
      random: deps.random,
      backoff: { baseMs: opts.reconnectBaseMs, maxMs: opts.reconnectMaxMs },
      requestTimeoutMs: opts.requestTimeoutMs,
      open: (events) =>
        openSocket(deps.WebSocket, url, {
          onOpen: () => events.opened(),
          onFrame: (text) => events.message(decodeFrame(text)),
          onClose: (code, reason, opened) => events.closed(code, reason, opened),
        }),
      authenticate: () => this.#authenticate(),
      synchronise: async () => this.#restore(),
      closeError: (code, reason, opened) => this.#closed(code, reason, opened),
      receive: (frame) => this.#onFrame(frame),
      // A request that meets silence is logged by the runtime ('NEON: no answer to <action> in <ms> ms').
      lost: () => (this.#token = undefined),
    });
  }

  /* ------------------------------------------------------------- lifecycle */

  start(): void {
    this.#conn.start();
  }

  async close(): Promise<void> {
    this.#sip.clearTimer();
    this.#conn.close();
    this.#token = undefined;
  }

  async #authenticate(): Promise<void> {
    this.#token = undefined;
    this.#sent.clear();
    this.#host.log('info', `NEON: socket open (${this.#url})`);
    const credentials = this.#config.credentials;
    if (!credentials || !credentials.user) {
      // The translated error.neon.no-credentials names the property; the detail is its name (a code).
      throw { ...this.#conn.error('auth-failed', 'authenticate', 'credentials'), vendorCode: 'no-credentials' } satisfies CtiError;
    }
    // 600 (invalid credentials) reads as auth-failed (codec): the runtime refuses, no retry loop.
    const token = await this.#tokenFor(credentials);
    if (!token) {
      this.#host.log('warn', 'NEON: authenticate answered without a token');
      throw this.#conn.error('malformed-frame', 'authenticate', 'token');
    }
    this.#token = token;
    this.#notRunningLogged = false;
  }

  /**
   * 602 on a command: the token may no longer be valid (NEON forgot it). Authenticate again for the next
   * commands — the refused command itself is not replayed (the user sees its error and decides).
   */
  async #reauthenticate(): Promise<void> {
    const credentials = this.#config.credentials;
    if (this.#reauthenticating || !credentials) return;
    this.#reauthenticating = true;
    try {
      const token = await this.#tokenFor(credentials);
      if (token) {
        this.#token = token;
        this.#host.log('info', 'NEON: authenticated again after 602');
      }
    } catch (e) {
      const error = e as CtiError;
      // 600: invalid credentials.
      if (error.vendorCode === '600') this.#conn.refuse(error);
      else this.#host.log('warn', `NEON: authenticating again failed (${error.code})`);
    } finally {
      this.#reauthenticating = false;
    }
  }

  /** `authenticate` with the integration's credentials: the token NEON answers (none: `undefined`). */
  async #tokenFor(credentials: NonNullable<SessionConfig['credentials']>): Promise<string | undefined> {
    return str((await this.#request('authenticate', { user: credentials.user, password: credentials.password }))['token']);
  }

  /** After (re)authentication: settle what the widget knew, re-register when the user had registered. */
  #restore(): void {
    const reconnect = this.#everSynchronised;
    this.#everSynchronised = true;
    if (!reconnect) {
      this.#emit({ type: 'snapshot', agent: this.#sip.agent('logged-out', 'sip-unregistered'), calls: [] });
    } else if (this.#calls.size > 0) {
      if (this.#sip.sentAutodisconnect || this.#sip.state === 'unregistered') this.#calls.endAll('NEON dropped the SIP account with the socket');
      else this.#calls.markUnconfirmed();
    }
    this.#sip.restore(reconnect);
  }

  /** The socket closed by itself: what it took with it, and how the outage reads (shown once by the runtime). */
  #closed(code: number, reason: string, opened: boolean): CtiError {
    this.#token = undefined;
    this.#sip.clearTimer();
    if (!opened) {
      // Nothing listens: NEON is not running (or its WebSocket option is off). Whatever calls and
      // registration the widget knew went with it.
      this.#calls.endAll('NEON is not running');
      this.#sip.setUnregistered();
      // Said once per outage, like the error the runtime shows once.
      if (!this.#notRunningLogged) this.#host.log('warn', `NEON does not answer at ${this.#url}: not running, or its WebSocket option is disabled`);
      this.#notRunningLogged = true;
      return { ...this.#conn.error('softphone-unavailable', 'connect', this.#url), vendorCode: 'not-running' };
    }
    this.#host.log('warn', `NEON: socket closed (code ${code}${reason ? `, ${reason}` : ''})`);
    if (this.#sip.sentAutodisconnect) this.#calls.endAll('NEON drops the SIP account with the socket');
    this.#sip.lost();
    // The close code as detail (a code); the sentence is logged above.
    return this.#conn.error('connection-lost', 'connect', `close-${code}`);
  }

  /* ------------------------------------------------------------- requests */

  /**
   * Send one request (by id). `authenticate` and `startcall` wait for their answer (`requestTimeoutMs`); any
   * other command resolves with `{}` when no refusal came within `ackWaitMs` or its event came first (the
   * document shows no answer to it), and `onLateFailure` hears of a refusal that comes after that.
   */
  async #request(
    action: NeonAction,
    params: Readonly<Record<string, string | number | boolean | undefined>>,
    onLateFailure?: (error: CtiError) => void,
  ): Promise<WireData> {
    if (action !== 'authenticate') this.#conn.requireReady(action);
    const id = String(this.#nextId++);
    const answered = ANSWERED.has(action);
    const sent: Sent = { action, callId: str(params['callid']), onLateFailure, taken: false };
    this.#sent.set(id, sent);
    this.#host.log('debug', `NEON → ${action} #${id}`);
    let frame: NeonFrame | undefined;
    try {
      frame = await this.#conn.request({
        op: action,
        payload: encodeRequest(action, params, Number(id), this.#token),
        by: 'id',
        id,
        timeoutMs: answered ? this.#opts.requestTimeoutMs : this.#opts.ackWaitMs,
        silence: answered ? 'fail' : 'resolve',
      });
    } catch (e) {
      if (this.#sent.get(id) === sent) this.#sent.delete(id);
      throw e;
    }
    if (this.#sent.get(id) === sent && !sent.taken) this.#taken(id, sent, `not refused in ${this.#opts.ackWaitMs} ms (no answer is documented)`);
    return frame?.kind === 'response' ? frame.data : {};
  }

  /** A command the document shows no answer for counts as taken: kept (a few) for a late refusal. */
  #taken(id: string, sent: Sent, why: string): void {
    sent.taken = true;
    this.#host.log('debug', `NEON: ${sent.action} #${id} ${why}: taken`);
    let kept = 0;
    for (const [key, s] of [...this.#sent].reverse()) if (s.taken && ++kept > UNANSWERED_KEPT) this.#sent.delete(key);
  }

  /** The event that confirms these commands came: they are taken now (on `callId` when given). */
  #settle(actions: readonly NeonAction[], callId?: string): void {
    for (const [id, sent] of [...this.#sent]) {
      if (sent.taken || ANSWERED.has(sent.action) || !actions.includes(sent.action)) continue;
      if (callId !== undefined && sent.callId !== callId) continue;
      this.#taken(id, sent, 'confirmed by its event');
      this.#conn.requests.answer(id, TAKEN);
    }
  }

  #onFrame(frame: NeonFrame): void {
    switch (frame.kind) {
      case 'malformed':
        this.#host.log('warn', `NEON: unreadable frame (${frame.reason})`);
        this.#report(this.#conn.error('malformed-frame', 'receive', frame.tooLong ? 'too-long' : 'malformed'));
        return;
      case 'unknown-event':
        return this.#conn.unknownEvent(frame.name);
      case 'event':
        this.#onEvent(frame.name, frame.data);
        return;
      case 'response':
        this.#onAnswer(frame);
        return;
    }
  }

  #onAnswer(frame: Extract<NeonFrame, { kind: 'response' }>): void {
    const id = String(typeof frame.id === 'number' ? frame.id : frame.id !== undefined ? Number(frame.id) : NaN);
    const sent = this.#sent.get(id);
    this.#sent.delete(id);
    const failure = frame.failure ?? {};
    if (sent?.taken) {
      if (frame.success) return;
      // Refused after it counted as taken: shown, and what the command changed is undone.
      const error = neonError(failure, sent.action, this.#now());
      this.#host.log('warn', `NEON: ${sent.action} #${id} refused late (${error.vendorCode ?? error.code})`);
      this.#report(error);
      sent.onLateFailure?.(error);
      if (failure.code === NOT_AUTHORISED) void this.#reauthenticate();
      return;
    }
    const settled = sent && (frame.success ? this.#conn.requests.answer(id, frame) : this.#conn.requests.refuse(id, neonError(failure, sent.action, this.#now())));
    if (!sent || !settled) {
      this.#host.log('warn', `NEON: answer to no pending request (id ${String(frame.id ?? 'none')})`);
      // A failure nobody waits for (e.g. 100 for a frame NEON could not read) is still shown.
      if (!frame.success) this.#report(neonError(failure, 'receive', this.#now()));
      return;
    }
    this.#host.log('debug', `NEON ← ${sent.action} #${id} ${frame.success ? 'ok' : `failed ${failure.code ?? ''}`}`);
    if (!frame.success && failure.code === NOT_AUTHORISED && sent.action !== 'authenticate') void this.#reauthenticate();
  }

  /* --------------------------------------------------------------- events */

  #onEvent(name: NeonEventName, data: WireData): void {
    this.#host.log('debug', `NEON event ${name}`);
    // A registration event; every other event is a call event.
    const confirms = this.#sip.onEvent(name, data);
    if (confirms) return this.#settle(confirms);
    let info = callInfo(data);
    let rawId = data['callId'] ?? data['callid'];
    // The table lists data for OnNewCall only. An end, answer or transfer without a call id can only be
    // about the one call this phone has; with several it cannot be placed, and is reported.
    const only = name !== 'OnNewCall' ? this.#calls.only() : undefined;
    if (!info && only) {
      rawId = only.wireId;
      info = callInfo({ ...data, callId: rawId });
    }
    if (!info) {
      this.#host.log('warn', `NEON: ${name} without a callId`);
      this.#report(this.#conn.error('malformed-frame', 'receive', 'callId'));
      return;
    }
    // First the registration it proves, then the call (which makes the agent busy).
    if (name === 'OnNewCall' && info.direction === 'inbound') this.#sip.ringing();
    this.#calls.onEvent(name, info, rawId);
    this.#settle(SETTLED_BY[name] ?? [], info.id);
    if (name === 'OnNewCall' && info.direction === 'outbound') this.#dialSeen(rawId);
  }

  /**
   * An outgoing call while our `startcall` waits: its call. L104-L122 show the answer, not when it comes (a NEON may
   * answer when the far end picks up): the dial is done now, with this call id; a late refusal is still shown.
   */
  #dialSeen(callId: unknown): void {
    for (const [id, sent] of this.#sent) {
      if (sent.action !== 'startcall' || sent.taken) continue;
      this.#taken(id, sent, 'shown by OnNewCall');
      this.#conn.requests.answer(id, { kind: 'response', success: true, data: { callId } });
      return;
    }
  }

  /* ------------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    switch (command.type) {
      case 'refresh':
        // Nothing to read again while connected (NEON lists nothing); while down: try again now.
        this.#conn.retryNow();
        return;
      case 'login':
        return this.#login(command.agent, command.password, command.domain);
      case 'logout':
        this.#conn.requireReady('logout');
        return this.#sip.logout();
      case 'dial':
        return this.#dial(command.to);
      case 'answer':
        return this.#callCommand(command.callId, 'answer', ['ringing'], 'acceptcall', {});
      case 'reject':
        return this.#callCommand(command.callId, 'reject', ['ringing'], 'finalizecall', {}, true);
      case 'hangup':
        return this.#callCommand(command.callId, 'hangup', ['ringing', 'dialing', 'active', 'held'], 'finalizecall', {}, true);
      case 'hold':
      case 'retrieve': {
        const hold = command.type === 'hold';
        await this.#callCommand(command.callId, command.type, [hold ? 'active' : 'held'], 'sethold', { hold }, false, () => this.#calls.undoHold(command.callId, hold));
        return this.#calls.setHeld(command.callId, hold);
      }
      case 'transfer': {
        const to = dialString(command.to);
        if (!to) throw this.#refuse('bad-request', 'transfer', 'to', 'a number to transfer to');
        return this.#callCommand(command.callId, 'transfer', ['ringing', 'active', 'held'], 'transferecall', { to });
      }
      case 'dtmf':
        return this.#dtmf(command.callId, command.digits);
      case 'show-softphone':
        await this.#request('showui', { show: command.show });
        return;
      default:
        throw this.#refuse('unsupported', command.type, command.type, 'NEON has no such operation');
    }
  }

  async #login(agent: string, password: string | undefined, domain: string | undefined): Promise<void> {
    this.#conn.requireReady('login');
    await this.#sip.login(agent, password, domain?.trim() || this.#opts.sipDomain, this.#opts.autodisconnect);
  }

  async #dial(to: string): Promise<void> {
    const number = dialString(to);
    if (!number) throw this.#refuse('bad-request', 'dial', 'to', 'a number to dial');
    const data = await this.#request('startcall', { number });
    const rawId = data['callId'] ?? data['callid'];
    const id = str(rawId);
    if (!id) {
      this.#host.log('warn', 'NEON: startcall answered without a callId');
      return;
    }
    // OnNewCall (even OnFinalizedCall) may have come first: events and answers interleave on the socket.
    if (this.#calls.seen(id)) return;
    this.#calls.dialled(id, typeof rawId === 'number' || typeof rawId === 'string' ? rawId : id, partyFromUri(number));
  }

  async #callCommand(
    callId: string,
    operation: string,
    phases: readonly CallPhase[],
    action: NeonAction,
    params: Readonly<Record<string, string | number | boolean>>,
    ending = false,
    undo?: () => void,
  ): Promise<void> {
    this.#conn.requireReady(operation);
    const call = this.#calls.get(callId);
    if (!call) throw this.#refuse('invalid-state', operation, 'callId', 'no such call');
    if (!phases.includes(call.phase)) throw this.#conn.error('invalid-state', operation, call.phase);
    if (ending) call.endedByUs = true;
    const refused = (error: CtiError): void => {
      if (this.#calls.get(callId) !== call) return;
      if (ending) call.endedByUs = false;
      // 102 (invalid argument): NEON no longer knows this call, it ended while we were away.
      if (call.unconfirmed && error.vendorCode === '102') this.#calls.end(callId);
    };
    try {
      await this.#request(action, { callid: call.wireId, ...params }, (error) => {
        refused(error);
        undo?.();
      });
    } catch (e) {
      refused(e as CtiError);
      throw e;
    }
  }

  async #dtmf(callId: string, digits: string): Promise<void> {
    const keys = digits.trim().toUpperCase();
    if (!DTMF_KEYS.test(keys)) throw this.#refuse('bad-request', 'dtmf', 'digits', 'DTMF keys are 0-9, *, #, A-D');
    for (const key of keys) await this.#callCommand(callId, 'dtmf', ['active', 'held'], 'senddtmf', { DTMF: key });
  }

  /* -------------------------------------------------------------- helpers */

  #report(error: CtiError): void {
    this.#emit({ type: 'error', error });
  }

  #emit(event: DomainEvent): void {
    if (this.#conn.state === 'closed' && event.type !== 'connection') return;
    this.#host.emit(event);
  }

  /** A refusal of ours: `detail` a code or the offending field (it may reach the screen), `why` the sentence, logged. */
  #refuse(code: ErrorCode, operation: string, detail: string, why: string): CtiError {
    return refusal(this.#host, 'NEON', code, operation, detail, why);
  }

  #now(): number {
    return this.#host.clock.now();
  }
}

export const createNeonAdapter: AdapterFactory = (config, host, deps) => new NeonAdapter(config, host, deps);
