/**
 * InWise NEON adapter: the softphone on the agent's computer, over one native `WebSocket`
 * (`ws://localhost:15070/`). Commands in, `DomainEvent`s out. The codec (`codec.ts`) maps frames, the
 * transport (`transport.ts`) moves them; this module correlates responses by `id`, owns the token
 * (hub memory only), the SIP registration the user asked for, and reconnection. Timers go through
 * `host.clock`.
 *
 * ```
 *   idle ─ start() ─► connecting ─ socket open ─► authenticate ──ok──► connected ─► (re-)register if the
 *                        ▲     │                      │ 600 / no credentials          user had registered
 *                        │     │ refused: NEON not     └──────────────► closed (error, no retry loop)
 *                        │     │ running → softphone-unavailable (once per outage), calls ended
 *                        └─────┴──── reconnecting (backoff + jitter) ◄── socket dropped ◄── connected
 *   any ─ close() ─► socket closed (NEON unregisters by itself when `autodisconnect` was sent)
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
 * taken, and a refusal that comes later is still shown (and undoes what the command changed: a hold).
 * So a NEON that answers nothing but what the document shows never looks like one that does not answer.
 *
 * `config.server`: the NEON URL (`ws://localhost:15070/`). `config.credentials`: the integration's
 * `authenticate` user and password. `config.options` (defaults): `sipDomain` (none: the login must
 * give it), `autodisconnect` (false), `requestTimeoutMs` (10000), `ackWaitMs` (500), `registerTimeoutMs`
 * (15000), `reconnectBaseMs` (1000), `reconnectMaxMs` (10000).
 */
import type { TimerHandle } from '../../domain/clock.js';
import { capabilitiesFor } from '../../domain/capabilities.js';
import type { Command } from '../../domain/commands.js';
import type { AgentReport, CallReport, DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { CallDirection, Capabilities, ConnectionStatus, CtiError, ErrorCode, Party } from '../../domain/model.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig, VendorAdapter } from '../adapter.js';
import { backoffDelay } from '../backoff.js';
import {
  DTMF_KEYS,
  NeonErrorCode,
  NeonEvent,
  callInfo,
  decodeFrame,
  dialString,
  encodeRequest,
  neonError,
  num,
  partyFromUri,
  sipDetail,
  str,
  type NeonAction,
  type NeonCallInfo,
  type NeonEventName,
  type WireData,
} from './codec.js';
import { openSocket, type SocketHandle } from './transport.js';

export interface NeonOptions {
  readonly sipDomain?: string;
  readonly autodisconnect: boolean;
  readonly requestTimeoutMs: number;
  /** How long a command the document shows no answer for may still be refused before it counts as taken. */
  readonly ackWaitMs: number;
  readonly registerTimeoutMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
}

export const DEFAULT_NEON_URL = 'ws://localhost:15070/';

export function readNeonOptions(raw: SessionConfig['options']): NeonOptions {
  const o = raw ?? {};
  const n = (k: string, def: number, min: number, max: number): number => {
    const v = num(o[k]);
    return v === undefined ? def : Math.min(max, Math.max(min, v));
  };
  const domain = str(o['sipDomain']);
  return {
    ...(domain ? { sipDomain: domain } : {}),
    // Off by default: NEON then keeps the SIP account and its calls when the socket goes (a reload in a
    // browser whose hub dies with the page, a hub crash); see the README, "Reloading the page".
    autodisconnect: o['autodisconnect'] === true || o['autodisconnect'] === 'true',
    requestTimeoutMs: n('requestTimeoutMs', 10_000, 200, 120_000),
    ackWaitMs: n('ackWaitMs', 500, 0, 10_000),
    registerTimeoutMs: n('registerTimeoutMs', 15_000, 200, 300_000),
    reconnectBaseMs: n('reconnectBaseMs', 1_000, 10, 600_000),
    reconnectMaxMs: n('reconnectMaxMs', 10_000, 10, 3_600_000),
  };
}


type CallPhase = 'ringing' | 'dialing' | 'active' | 'held';

interface KnownCall {
  /** The id exactly as NEON sent it (number or string), sent back the same way. */
  readonly wireId: string | number;
  readonly direction: CallDirection;
  remote?: Party;
  phase: CallPhase;
  answered: boolean;
  /** We asked NEON to end it (so a SIP status on its end is not a failure to report). */
  endedByUs: boolean;
  /** Known from before a reconnection NEON could not confirm. */
  unconfirmed: boolean;
}

/** What the adapter knows of a call, as the domain's `CallReport`. */
function callReport(id: string, call: KnownCall, detail: string, extra: Partial<CallReport> = {}): CallReport {
  return { id, direction: call.direction, ...(call.remote ? { remote: [call.remote] } : {}), detail, ...extra };
}

interface Registration {
  readonly number: string;
  readonly password: string;
  readonly domain: string;
  readonly autodisconnect: boolean;
}

interface Pending {
  readonly action: NeonAction;
  /** The `callid` the request named (to settle it on that call's event). */
  readonly callId: string | undefined;
  readonly resolve: (data: WireData) => void;
  readonly reject: (error: CtiError) => void;
  readonly timer: TimerHandle;
  /** A refusal that comes after the command counted as taken. */
  readonly onLateFailure: ((error: CtiError) => void) | undefined;
}

/** A command taken without an answer: its answer may still come. */
type Unanswered = Pick<Pending, 'action' | 'onLateFailure'>;

/** The commands whose answer the document shows: `authenticate` → `{ token }`, `startcall` → `{ callId }`. */
const ANSWERED: ReadonlySet<NeonAction> = new Set(['authenticate', 'startcall']);
/** How many commands taken without an answer are remembered, for an answer that comes late. */
const UNANSWERED_KEPT = 32;

type RegState = 'unregistered' | 'registering' | 'registered' | 'unknown';

/** The call commands a call event confirms (the command is taken even if NEON never answers it). */
const SETTLED_BY: Partial<Record<NeonEventName, readonly NeonAction[]>> = {
  [NeonEvent.AcceptCall]: ['acceptcall'],
  [NeonEvent.FinalizedCall]: ['finalizecall', 'acceptcall', 'transferecall'],
  [NeonEvent.TransferredCall]: ['transferecall', 'finalizecall'],
};

const FAILURE_DETAIL: Partial<Record<NeonEventName, string>> = {
  [NeonEvent.RegisterRefused]: 'sip-refused',
  [NeonEvent.RegisterError]: 'sip-error',
  [NeonEvent.RegisterExpired]: 'sip-expired',
  [NeonEvent.RegisterCancelled]: 'sip-cancelled',
  [NeonEvent.RegisterFinalized]: 'sip-finalized',
};

class NeonAdapter implements VendorAdapter {
  readonly capabilities: Capabilities = capabilitiesFor('neon');
  readonly #config: SessionConfig;
  readonly #host: AdapterHost;
  readonly #deps: AdapterDeps;
  readonly #opts: NeonOptions;
  readonly #url: string;

  #socket: SocketHandle | undefined;
  #token: string | undefined;
  #status: ConnectionStatus = 'idle';
  #attempt = 0;
  #retryTimer: TimerHandle | undefined;
  #registerTimer: TimerHandle | undefined;
  #closed = false;
  /** Wrong or missing application credentials: retrying cannot help. */
  #fatal = false;
  #everConnected = false;
  #notRunningReported = false;
  #reauthenticating = false;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** Commands taken without an answer (`ackWaitMs` passed, or their event came), by request id. */
  readonly #unanswered = new Map<number, Unanswered>();
  /** What the user asked to register (memory only), to redo after a reconnection. */
  #registration: Registration | undefined;
  #regState: RegState = 'unregistered';
  /** The autodisconnect flag of the last registration sent (what NEON will do when the socket goes). */
  #sentAutodisconnect = false;
  readonly #calls = new Map<string, KnownCall>();
  /** Ids of calls that ended lately: a late `startcall` answer must not bring one back. */
  readonly #ended = new Set<string>();

  constructor(config: SessionConfig, host: AdapterHost, deps: AdapterDeps) {
    this.#config = config;
    this.#host = host;
    this.#deps = deps;
    this.#opts = readNeonOptions(config.options);
    this.#url = config.server.trim() || DEFAULT_NEON_URL;
  }

  /* ------------------------------------------------------------- lifecycle */

  start(): void {
    if (this.#closed || this.#socket) return;
    this.#connect();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearTimer('retry');
    this.#clearTimer('register');
    this.#failPending('connection-lost', 'closed');
    this.#socket?.close();
    this.#socket = undefined;
    this.#token = undefined;
    this.#setStatus('closed');
  }

  #connect(): void {
    this.#retryTimer = undefined;
    this.#setStatus(this.#everConnected || this.#attempt > 0 ? 'reconnecting' : 'connecting', this.#attempt || undefined);
    this.#socket = openSocket(this.#deps.WebSocket, this.#url, {
      onOpen: () => void this.#onOpen(),
      onFrame: (text) => this.#onFrame(text),
      onClose: (code, reason, opened) => this.#onClose(code, reason, opened),
    });
  }

  async #onOpen(): Promise<void> {
    this.#host.log('info', `NEON: socket open (${this.#url})`);
    const credentials = this.#config.credentials;
    if (!credentials || !credentials.user) {
      this.#giveUp({
        code: 'auth-failed',
        at: this.#now(),
        operation: 'authenticate',
        vendorCode: 'no-credentials',
        detail: 'no application user/password configured (the provider’s credentials property)',
      });
      return;
    }
    let data: WireData;
    try {
      data = await this.#request('authenticate', { user: credentials.user, password: credentials.password });
    } catch (e) {
      const error = e as CtiError;
      if (error.code === 'auth-failed' || error.vendorCode === String(NeonErrorCode.InvalidCredentials)) {
        this.#giveUp(error);
      } else if (error.code !== 'connection-lost') {
        this.#retryLater(error);
      }
      return;
    }
    const token = str(data['token']);
    if (!token) {
      this.#retryLater({ code: 'malformed-frame', at: this.#now(), operation: 'authenticate', detail: 'authenticate answered without a token' });
      return;
    }
    this.#token = token;
    const reconnect = this.#everConnected;
    this.#everConnected = true;
    this.#attempt = 0;
    this.#notRunningReported = false;
    this.#setStatus('connected');
    this.#host.log('info', reconnect ? 'NEON: re-authenticated' : 'NEON: authenticated');
    this.#restore(reconnect);
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
      const data = await this.#request('authenticate', { user: credentials.user, password: credentials.password });
      const token = str(data['token']);
      if (token) {
        this.#token = token;
        this.#host.log('info', 'NEON: authenticated again after 602');
      }
    } catch (e) {
      const error = e as CtiError;
      if (error.vendorCode === String(NeonErrorCode.InvalidCredentials)) this.#giveUp(error);
      else this.#host.log('warn', `NEON: authenticating again failed (${error.code})`);
    } finally {
      this.#reauthenticating = false;
    }
  }

  /** After (re)authentication: settle what the widget knew, re-register when the user had registered. */
  #restore(reconnect: boolean): void {
    if (!reconnect) {
      this.#emit({ type: 'snapshot', agent: this.#agent(AgentPhase.LoggedOut, 'sip-unregistered'), calls: [] });
    } else if (this.#calls.size > 0) {
      if (this.#sentAutodisconnect || this.#regState === 'unregistered') {
        this.#endAllCalls('NEON dropped the SIP account with the socket');
      } else {
        for (const [id, call] of this.#calls) {
          call.unconfirmed = true;
          this.#emit({ type: 'call-updated', call: { id, detail: 'unconfirmed' } });
        }
      }
    }
    const registration = this.#registration;
    if (registration) {
      // Nobody awaits this one: a refusal is shown here (a dropped socket just tries again later).
      void this.#register(registration).catch((e: CtiError) => {
        if (e.code !== 'connection-lost' && e.code !== 'not-connected') this.#report({ ...e, operation: 'login' });
      });
    } else if (reconnect) {
      this.#regState = 'unregistered';
      this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, 'sip-unregistered') });
    }
  }

  #onClose(code: number, reason: string, opened: boolean): void {
    this.#socket = undefined;
    this.#token = undefined;
    this.#failPending('connection-lost', `socket closed (${code})`);
    if (this.#closed || this.#fatal) return;
    this.#clearTimer('register');
    if (!opened) {
      // Nothing listens: NEON is not running (or its WebSocket option is off). Whatever calls and
      // registration the widget knew went with it.
      if (this.#calls.size > 0) this.#endAllCalls('NEON is not running');
      if (this.#regState !== 'unregistered') {
        this.#regState = 'unregistered';
        this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, 'sip-unregistered') });
      }
      if (!this.#notRunningReported) {
        this.#notRunningReported = true;
        this.#host.log('warn', `NEON does not answer at ${this.#url}: not running, or its WebSocket option is disabled`);
        this.#report({ code: 'softphone-unavailable', at: this.#now(), operation: 'connect', vendorCode: 'not-running', detail: this.#url });
      }
    } else {
      this.#host.log('warn', `NEON: socket closed (code ${code}${reason ? `, ${reason}` : ''})`);
      this.#report({ code: 'connection-lost', at: this.#now(), operation: 'connect', detail: `WebSocket close ${code}` });
      if (this.#sentAutodisconnect && this.#calls.size > 0) this.#endAllCalls('NEON drops the SIP account with the socket');
      if (this.#regState !== 'unregistered') {
        this.#regState = 'unknown';
        this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.Unknown, 'sip-unknown') });
      }
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#fatal || this.#retryTimer) return;
    this.#attempt += 1;
    const delay = backoffDelay(this.#attempt, this.#opts.reconnectBaseMs, this.#opts.reconnectMaxMs, this.#deps.random);
    const retryAt = this.#now() + delay;
    this.#setStatus('reconnecting', this.#attempt, retryAt);
    this.#retryTimer = this.#host.clock.setTimeout(() => this.#connect(), delay);
  }

  /** Authentication failed for a reason a retry may fix: show it, drop this socket, try again later. */
  #retryLater(error: CtiError): void {
    this.#report(error);
    this.#socket?.close();
    this.#socket = undefined;
    this.#scheduleReconnect();
  }

  /** Stop for good (wrong credentials): a visible error, the socket closed, no retry loop. */
  #giveUp(error: CtiError): void {
    this.#fatal = true;
    this.#report(error);
    this.#socket?.close();
    this.#socket = undefined;
    this.#token = undefined;
    this.#setStatus('closed');
  }

  /** `refresh` while disconnected: try again now (a "retry" button, or after fixing the credentials). */
  #retryNow(): void {
    if (this.#closed) return;
    this.#clearTimer('retry');
    this.#fatal = false;
    if (!this.#socket) this.#connect();
  }

  /* ------------------------------------------------------------- requests */

  /**
   * Send one request. `authenticate` and `startcall` wait for their answer (`requestTimeoutMs`); any other
   * command resolves with `{}` when no refusal came within `ackWaitMs` or its event came first (the
   * document shows no answer to it), and `onLateFailure` hears of a refusal that comes after that.
   */
  #request(
    action: NeonAction,
    params: Readonly<Record<string, string | number | boolean | undefined>>,
    onLateFailure?: (error: CtiError) => void,
  ): Promise<WireData> {
    const socket = this.#socket;
    if (!socket || !socket.open || (action !== 'authenticate' && !this.#token)) {
      return Promise.reject(this.#error('not-connected', action));
    }
    const id = this.#nextId++;
    const answered = ANSWERED.has(action);
    return new Promise<WireData>((resolve, reject) => {
      const timer = this.#host.clock.setTimeout(
        () => {
          if (!this.#pending.has(id)) return;
          if (!answered) {
            this.#host.log('debug', `NEON: ${action} #${id} not refused in ${this.#opts.ackWaitMs} ms: taken (no answer is documented)`);
            this.#taken(id);
            return;
          }
          this.#pending.delete(id);
          this.#host.log('warn', `NEON: no answer to ${action} #${id} in ${this.#opts.requestTimeoutMs} ms`);
          reject(this.#error('timeout', action));
        },
        answered ? this.#opts.requestTimeoutMs : this.#opts.ackWaitMs,
      );
      this.#pending.set(id, { action, callId: str(params['callid']), resolve, reject, timer, onLateFailure });
      this.#host.log('debug', `NEON → ${action} #${id}`);
      if (!socket.send(encodeRequest(action, params, id, this.#token))) {
        this.#pending.delete(id);
        this.#host.clock.clearTimeout(timer);
        reject(this.#error('not-connected', action));
      }
    });
  }

  /** A command the document shows no answer for counts as taken: resolve it, keep listening for a late refusal. */
  #taken(id: number): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    this.#host.clock.clearTimeout(pending.timer);
    this.#unanswered.set(id, { action: pending.action, onLateFailure: pending.onLateFailure });
    if (this.#unanswered.size > UNANSWERED_KEPT) this.#unanswered.delete(this.#unanswered.keys().next().value!);
    pending.resolve({});
  }

  /** The event that confirms these commands came: they are taken now (on `callId` when given). */
  #settle(actions: readonly NeonAction[], callId?: string): void {
    for (const [id, pending] of [...this.#pending]) {
      if (ANSWERED.has(pending.action) || !actions.includes(pending.action)) continue;
      if (callId !== undefined && pending.callId !== callId) continue;
      this.#taken(id);
    }
  }

  #failPending(code: ErrorCode, detail: string): void {
    this.#unanswered.clear();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      this.#host.clock.clearTimeout(p.timer);
      p.reject({ code, at: this.#now(), operation: p.action, detail });
    }
  }

  #onFrame(text: string): void {
    const frame = decodeFrame(text);
    switch (frame.kind) {
      case 'malformed':
        this.#host.log('warn', `NEON: unreadable frame (${frame.reason})`);
        this.#report({ code: 'malformed-frame', at: this.#now(), operation: 'receive', detail: frame.reason });
        return;
      case 'unknown-event':
        this.#host.log('warn', `NEON: unknown event ${frame.name}`);
        this.#report({ code: 'unknown-event', at: this.#now(), operation: 'receive', detail: frame.name });
        return;
      case 'event':
        this.#onEvent(frame.name, frame.data);
        return;
      case 'response': {
        const id = typeof frame.id === 'number' ? frame.id : frame.id !== undefined ? Number(frame.id) : NaN;
        const pending = this.#pending.get(id);
        const taken = pending ? undefined : this.#unanswered.get(id);
        if (taken) {
          this.#unanswered.delete(id);
          if (frame.success) return;
          // Refused after it counted as taken: shown, and what the command changed is undone.
          const error = neonError(frame.failure ?? {}, taken.action, this.#now());
          this.#host.log('warn', `NEON: ${taken.action} #${id} refused late (${error.vendorCode ?? error.code})`);
          this.#report(error);
          taken.onLateFailure?.(error);
          if (frame.failure?.code === NeonErrorCode.NotAuthorised) void this.#reauthenticate();
          return;
        }
        if (!pending) {
          this.#host.log('warn', `NEON: answer to no pending request (id ${String(frame.id ?? 'none')})`);
          // A failure nobody waits for (e.g. 100 for a frame NEON could not read) is still shown.
          if (!frame.success) this.#report(neonError(frame.failure ?? {}, 'receive', this.#now()));
          return;
        }
        this.#pending.delete(id);
        this.#host.clock.clearTimeout(pending.timer);
        this.#host.log('debug', `NEON ← ${pending.action} #${id} ${frame.success ? 'ok' : `failed ${frame.failure?.code ?? ''}`}`);
        if (frame.success) pending.resolve(frame.data);
        else pending.reject(neonError(frame.failure ?? {}, pending.action, this.#now()));
        if (!frame.success && frame.failure?.code === NeonErrorCode.NotAuthorised && pending.action !== 'authenticate') {
          void this.#reauthenticate();
        }
        return;
      }
    }
  }

  /* --------------------------------------------------------------- events */

  #onEvent(name: NeonEventName, data: WireData): void {
    this.#host.log('debug', `NEON event ${name}`);
    switch (name) {
      case NeonEvent.Register: {
        const sip = num(data['SIPError'] ?? data['sipError']);
        if (sip !== undefined && sip !== 0 && (sip < 200 || sip >= 300)) {
          this.#registrationFailed(NeonEvent.RegisterError, sip);
          return;
        }
        this.#clearTimer('register');
        this.#regState = 'registered';
        this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.Ready, 'sip-registered') });
        this.#settle(['sipregister']);
        return;
      }
      case NeonEvent.Unregister:
        this.#settle(['sipunregister']);
        this.#clearTimer('register');
        this.#registration = undefined;
        this.#regState = 'unregistered';
        this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, 'sip-unregistered') });
        return;
      case NeonEvent.RegisterRefused:
      case NeonEvent.RegisterError:
      case NeonEvent.RegisterExpired:
      case NeonEvent.RegisterCancelled:
      case NeonEvent.RegisterFinalized:
        this.#registrationFailed(name, num(data['SIPError'] ?? data['sipError']));
        this.#settle(['sipregister']);
        return;
      case NeonEvent.NewCall:
      case NeonEvent.AcceptCall:
      case NeonEvent.FinalizedCall:
      case NeonEvent.TransferredCall: {
        let info = callInfo(data);
        let rawId = data['callId'] ?? data['callid'];
        // The table lists data for OnNewCall only. An end, answer or transfer without a call id can only be
        // about the one call this phone has; with several it cannot be placed, and is reported.
        const only = this.#calls.size === 1 && name !== NeonEvent.NewCall ? [...this.#calls][0] : undefined;
        if (!info && only) {
          rawId = only[1].wireId;
          info = callInfo({ ...data, callId: rawId });
        }
        if (!info) {
          this.#report({ code: 'malformed-frame', at: this.#now(), operation: 'receive', detail: `${name} without a callId` });
          return;
        }
        this.#onCallEvent(name, info, rawId);
        this.#settle(SETTLED_BY[name] ?? [], info.id);
        return;
      }
    }
  }

  #registrationFailed(name: NeonEventName, sip: number | undefined): void {
    this.#clearTimer('register');
    const detail = FAILURE_DETAIL[name] ?? 'sip-error';
    // A refusal means the SIP credentials are wrong: never resend them by ourselves.
    if (name === NeonEvent.RegisterRefused) this.#registration = undefined;
    this.#regState = 'unregistered';
    this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, detail) });
    if (name === NeonEvent.RegisterCancelled || name === NeonEvent.RegisterFinalized) {
      this.#host.log('info', `NEON: ${name}`);
      return;
    }
    this.#host.log('warn', `NEON: ${name}${sip ? ` (${sipDetail(sip)})` : ''}`);
    this.#report({
      code: 'registration-failed',
      at: this.#now(),
      operation: 'login',
      vendorCode: name,
      ...(sip ? { detail: sipDetail(sip) } : {}),
    });
  }

  #onCallEvent(name: NeonEventName, info: NeonCallInfo, rawId: unknown): void {
    const known = this.#calls.get(info.id);
    const wireId = typeof rawId === 'number' || typeof rawId === 'string' ? rawId : info.id;
    const call: KnownCall = known ?? {
      wireId,
      direction: info.direction,
      phase: info.direction === 'inbound' ? 'ringing' : 'dialing',
      answered: false,
      endedByUs: false,
      unconfirmed: false,
    };
    if (info.remote && (!call.remote || call.remote.number !== info.remote.number)) call.remote = info.remote;
    const wasUnconfirmed = call.unconfirmed;
    call.unconfirmed = false;
    const report = (detail: string, extra: Partial<CallReport> = {}): CallReport => callReport(info.id, call, detail, extra);
    switch (name) {
      case NeonEvent.NewCall:
        this.#calls.set(info.id, call);
        if (known) {
          this.#emit({ type: 'call-updated', call: report(known.phase === 'ringing' ? 'incoming' : 'outgoing') });
        } else if (call.direction === 'inbound') {
          this.#emit({ type: 'call-offered', call: report('incoming', { mustAccept: false }) });
        } else {
          this.#emit({ type: 'call-dialing', call: report('outgoing') });
        }
        return;
      case NeonEvent.AcceptCall: {
        this.#calls.set(info.id, call);
        if (known && call.phase === 'held') {
          if (wasUnconfirmed) this.#emit({ type: 'call-updated', call: report('held') });
          return;
        }
        call.phase = 'active';
        call.answered = true;
        const seconds = !known && info.durationMs !== undefined ? { durationSeconds: Math.floor(info.durationMs / 1000) } : {};
        this.#emit({ type: 'call-answered', call: report('answered', seconds) });
        return;
      }
      case NeonEvent.FinalizedCall:
        this.#forget(info.id);
        if (!known) return;
        if (info.sipError !== undefined && !call.answered && !call.endedByUs && call.direction === 'outbound' && info.sipError >= 300) {
          // The far end never answered: busy, declined, not found... say which.
          this.#report({ code: 'command-failed', at: this.#now(), operation: 'dial', vendorCode: `sip-${info.sipError}`, detail: sipDetail(info.sipError) });
        } else if (!call.answered && call.direction === 'inbound' && !call.endedByUs) {
          this.#host.log('info', `NEON: call ${info.id} ended before it was answered`);
        }
        this.#emit({ type: 'call-ended', callId: info.id });
        return;
      case NeonEvent.TransferredCall:
        this.#forget(info.id);
        if (!known) return;
        this.#emit({ type: 'call-transferred', previousId: info.id, stays: false });
        return;
    }
  }

  #forget(callId: string): void {
    this.#calls.delete(callId);
    this.#ended.add(callId);
    if (this.#ended.size > 50) this.#ended.delete(this.#ended.values().next().value!);
  }

  #endAllCalls(why: string): void {
    if (this.#calls.size === 0) return;
    this.#host.log('info', `NEON: ${this.#calls.size} call(s) shown as ended: ${why}`);
    const ids = [...this.#calls.keys()];
    for (const callId of ids) {
      this.#forget(callId);
      this.#emit({ type: 'call-ended', callId });
    }
  }

  /* ------------------------------------------------------------- commands */

  async execute(command: Command): Promise<void> {
    switch (command.type) {
      case 'refresh':
        if (this.#status !== 'connected') this.#retryNow();
        return;
      case 'login':
        return this.#login(command.agent, command.password, command.domain);
      case 'logout':
        return this.#logout();
      case 'dial':
        return this.#dial(command.to);
      case 'answer':
        return this.#callCommand(command.callId, 'answer', ['ringing'], 'acceptcall', {});
      case 'reject':
        return this.#callCommand(command.callId, 'reject', ['ringing'], 'finalizecall', {}, true);
      case 'hangup':
        return this.#callCommand(command.callId, 'hangup', ['ringing', 'dialing', 'active', 'held'], 'finalizecall', {}, true);
      case 'hold':
        await this.#callCommand(command.callId, 'hold', ['active'], 'sethold', { hold: true }, false, () => this.#undoHold(command.callId, true));
        return this.#setHeld(command.callId, true);
      case 'retrieve':
        await this.#callCommand(command.callId, 'retrieve', ['held'], 'sethold', { hold: false }, false, () => this.#undoHold(command.callId, false));
        return this.#setHeld(command.callId, false);
      case 'transfer': {
        const to = dialString(command.to);
        if (!to) throw this.#error('bad-request', 'transfer', 'a number to transfer to');
        return this.#callCommand(command.callId, 'transfer', ['ringing', 'active', 'held'], 'transferecall', { to });
      }
      case 'dtmf':
        return this.#dtmf(command.callId, command.digits);
      case 'show-softphone':
        await this.#request('showui', { show: command.show });
        return;
      default:
        throw this.#error('unsupported', command.type, 'NEON has no such operation');
    }
  }

  async #login(agent: string, password: string | undefined, domainGiven: string | undefined): Promise<void> {
    if (!this.#token) throw this.#error('not-connected', 'login');
    const number = agent.trim();
    const domain = domainGiven?.trim() || this.#opts.sipDomain;
    if (!number) throw this.#error('missing-data', 'login', 'SIP number');
    if (!password) throw this.#error('missing-data', 'login', 'SIP password');
    if (!domain) throw this.#error('missing-data', 'login', 'SIP proxy (host:port)');
    await this.#register({ number, password, domain, autodisconnect: this.#opts.autodisconnect });
  }

  async #register(registration: Registration): Promise<void> {
    this.#registration = registration;
    this.#regState = 'registering';
    this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.Unknown, 'sip-registering') });
    this.#clearTimer('register');
    const refused = (error: CtiError): void => {
      if (this.#regState === 'registering') {
        this.#clearTimer('register');
        this.#regState = 'unregistered';
        this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, 'sip-error') });
      }
      if (error.code !== 'timeout' && this.#registration === registration) this.#registration = undefined;
    };
    try {
      await this.#request(
        'sipregister',
        {
          domain: registration.domain,
          number: registration.number,
          password: registration.password,
          autodisconnect: registration.autodisconnect,
        },
        refused,
      );
    } catch (e) {
      const error = e as CtiError;
      if (error.code === 'connection-lost' || error.code === 'not-connected') throw error;
      refused(error);
      throw error;
    }
    this.#sentAutodisconnect = registration.autodisconnect;
    if (this.#regState !== 'registering') return;
    this.#registerTimer = this.#host.clock.setTimeout(() => {
      this.#registerTimer = undefined;
      if (this.#regState !== 'registering') return;
      this.#regState = 'unregistered';
      this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, 'sip-error') });
      this.#report({
        code: 'registration-failed',
        at: this.#now(),
        operation: 'login',
        vendorCode: 'timeout',
        detail: `no registration event in ${Math.round(this.#opts.registerTimeoutMs / 1000)} s`,
      });
    }, this.#opts.registerTimeoutMs);
  }

  async #logout(): Promise<void> {
    if (!this.#token) throw this.#error('not-connected', 'logout');
    this.#clearTimer('register');
    try {
      await this.#request('sipunregister', {});
    } catch (e) {
      const error = e as CtiError;
      // 601: not registered with the SIP proxy — already where the user wants to be.
      if (error.vendorCode !== String(NeonErrorCode.NotRegistered)) throw error;
    }
    this.#registration = undefined;
    if (this.#regState !== 'unregistered') {
      this.#regState = 'unregistered';
      this.#emit({ type: 'agent', agent: this.#agent(AgentPhase.LoggedOut, 'sip-unregistered') });
    }
  }

  async #dial(to: string): Promise<void> {
    const number = dialString(to);
    if (!number) throw this.#error('bad-request', 'dial', 'a number to dial');
    const data = await this.#request('startcall', { number });
    const rawId = data['callId'] ?? data['callid'];
    const id = str(rawId);
    if (!id) {
      this.#host.log('warn', 'NEON: startcall answered without a callId');
      return;
    }
    // OnNewCall (even OnFinalizedCall) may have come first: events and answers interleave on the socket.
    if (this.#calls.has(id) || this.#ended.has(id)) return;
    const call: KnownCall = {
      wireId: typeof rawId === 'number' || typeof rawId === 'string' ? rawId : id,
      direction: 'outbound',
      remote: partyFromUri(number),
      phase: 'dialing',
      answered: false,
      endedByUs: false,
      unconfirmed: false,
    };
    this.#calls.set(id, call);
    this.#emit({ type: 'call-dialing', call: callReport(id, call, 'outgoing') });
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
    if (!this.#token) throw this.#error('not-connected', operation);
    const call = this.#calls.get(callId);
    if (!call) throw this.#error('invalid-state', operation, 'no such call');
    if (!phases.includes(call.phase)) throw this.#error('invalid-state', operation, call.phase);
    if (ending) call.endedByUs = true;
    const refused = (error: CtiError): void => {
      if (this.#calls.get(callId) !== call) return;
      if (ending) call.endedByUs = false;
      if (call.unconfirmed && error.vendorCode === String(NeonErrorCode.InvalidArgument)) {
        // NEON no longer knows this call: it ended while we were away.
        this.#forget(callId);
        this.#emit({ type: 'call-ended', callId });
      }
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

  /** A hold (or retrieve) NEON refused after it was shown: back to how it was. */
  #undoHold(callId: string, held: boolean): void {
    const call = this.#calls.get(callId);
    if (call?.phase === (held ? 'held' : 'active')) this.#setHeld(callId, !held);
  }

  #setHeld(callId: string, held: boolean): void {
    // NEON sends no event for sethold: the successful answer is the change.
    const call = this.#calls.get(callId);
    if (!call) return;
    call.phase = held ? 'held' : 'active';
    this.#emit({ type: held ? 'call-held' : 'call-retrieved', call: callReport(callId, call, held ? 'held' : 'answered') });
  }

  async #dtmf(callId: string, digits: string): Promise<void> {
    const keys = digits.trim().toUpperCase();
    if (!DTMF_KEYS.test(keys)) throw this.#error('bad-request', 'dtmf', 'DTMF keys are 0-9, *, #, A-D');
    for (const key of keys) {
      await this.#callCommand(callId, 'dtmf', ['active', 'held'], 'senddtmf', { DTMF: key });
    }
  }

  /* -------------------------------------------------------------- helpers */

  #agent(phase: AgentPhase, detail: string): AgentReport {
    const number = this.#registration?.number;
    return { phase, detail, ...(number ? { agentId: number } : {}) };
  }

  #setStatus(status: ConnectionStatus, attempt?: number, retryAt?: number): void {
    if (status === this.#status && attempt === undefined) return;
    this.#status = status;
    this.#emit({
      type: 'connection',
      status,
      ...(attempt !== undefined ? { attempt } : {}),
      ...(retryAt !== undefined ? { retryAt } : {}),
    });
  }

  #clearTimer(which: 'retry' | 'register'): void {
    const timer = which === 'retry' ? this.#retryTimer : this.#registerTimer;
    if (timer) this.#host.clock.clearTimeout(timer);
    if (which === 'retry') this.#retryTimer = undefined;
    else this.#registerTimer = undefined;
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

export const createNeonAdapter: AdapterFactory = (config, host, deps) => new NeonAdapter(config, host, deps);
