/**
 * The SIP registration a NEON user asked for (`sipregister` / `sipunregister` and the OnSIP… events), as the
 * agent's phase. The SIP password is kept in hub memory only, to register again after a reconnection; an
 * explicit unregister or a refusal forgets it.
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import type { AgentReport, DomainEvent } from '../../domain/events.js';
import type { AgentPhase, CtiError } from '../../domain/model.js';
import { defined, num, sipDetail, type NeonAction, type NeonEventName, type WireData } from './codec.js';

interface Registration {
  readonly number: string;
  readonly password: string;
  readonly domain: string;
  readonly autodisconnect: boolean;
}

export type RegState = 'unregistered' | 'registering' | 'registered' | 'unknown';

export interface SipHost {
  request(action: NeonAction, params: Readonly<Record<string, string | boolean>>, onLateFailure?: (error: CtiError) => void): Promise<WireData>;
  emit(event: DomainEvent): void;
  report(error: CtiError): void;
  log(level: 'info' | 'warn', message: string): void;
  /** A refusal of ours: `detail` the offending field, `why` the sentence for the log. */
  refuse(code: 'missing-data', operation: string, detail: string, why: string): CtiError;
  readonly clock: Clock;
}

/** The agent's phase in each registration state. */
const PHASE: Readonly<Record<RegState, AgentPhase>> = { unregistered: 'logged-out', registering: 'unknown', registered: 'ready', unknown: 'unknown' };

/** The events that end a registration attempt (or a registration) without one, and the agent's detail for each. */
const FAILURE_DETAIL: Partial<Record<NeonEventName, string>> = {
  OnSIPRegisterRefused: 'sip-refused',
  OnSIPRegisterError: 'sip-error',
  OnSIPRegisterExpired: 'sip-expired',
  OnSIPRegisterCancelled: 'sip-cancelled',
  OnSIPRegisterFinalized: 'sip-finalized',
};

export class NeonSip {
  state: RegState = 'unregistered';
  /** The autodisconnect flag of the last registration sent (what NEON will do when the socket goes). */
  sentAutodisconnect = false;
  /** What the user asked to register (memory only), to redo after a reconnection. */
  #registration: Registration | undefined;
  /** NEON held the account when the socket went (registered, autodisconnect not sent): the sipregister that
   *  follows the reconnection repeats it. Cleared once registered or unregistered. */
  #kept = false;
  #timer: TimerHandle | undefined;
  readonly #host: SipHost;
  readonly #timeoutMs: number;

  constructor(host: SipHost, registerTimeoutMs: number) {
    this.#host = host;
    this.#timeoutMs = registerTimeoutMs;
  }

  agent(phase: AgentPhase, detail: string): AgentReport {
    return defined({ phase, detail, agentId: this.#registration?.number || undefined });
  }

  login(agent: string, password: string | undefined, domain: string | undefined, autodisconnect: boolean): Promise<void> {
    const number = agent.trim();
    if (!number) throw this.#host.refuse('missing-data', 'login', 'agent', 'no SIP number');
    if (!password) throw this.#host.refuse('missing-data', 'login', 'password', 'no SIP password');
    if (!domain) throw this.#host.refuse('missing-data', 'login', 'domain', 'no SIP proxy (host:port)');
    return this.#register({ number, password, domain, autodisconnect });
  }

  async logout(): Promise<void> {
    this.clearTimer();
    try {
      await this.#host.request('sipunregister', {});
    } catch (e) {
      // 601: not registered with the SIP proxy — already where the user wants to be.
      if ((e as CtiError).vendorCode !== '601') throw e;
    }
    this.#registration = undefined;
    this.setUnregistered();
  }

  /** After a reconnection: register again when the user had registered. */
  restore(reconnect: boolean): void {
    const registration = this.#registration;
    if (registration) {
      // Nobody awaits this one: a refusal is shown here (a dropped socket just tries again later).
      void this.#register(registration).catch((e: CtiError) => {
        if (!gone(e)) this.#host.report({ ...e, operation: 'login' });
      });
      // An account NEON held that we did not register (the agent did, in NEON's own window): NEON keeps it when our
      // socket goes (L193's autodisconnect is a sipregister's), so it stays being checked (unknown) until an event.
    } else if (reconnect && !this.#kept) this.#set('unregistered');
  }

  /** The socket went: unknown until NEON says (it dropped the account only with autodisconnect). */
  lost(): void {
    this.clearTimer();
    if (this.state === 'registered') this.#kept = !this.sentAutodisconnect;
    if (this.state !== 'unregistered') this.#set('unknown');
  }

  /** An incoming call (OnNewCall) rings only on a registered account: a repeated sipregister left unanswered is one. */
  ringing(): void {
    if (!this.#kept || (this.state !== 'unknown' && this.state !== 'registering')) return;
    this.clearTimer();
    this.#set('registered');
  }

  /** A registration event: what it did, and the commands it confirms (`undefined`: not one). */
  onEvent(name: NeonEventName, data: WireData): readonly NeonAction[] | undefined {
    const sip = num(data['SIPError'] ?? data['sipError']);
    if (name === 'OnSIPRegister') {
      if (sip && (sip < 200 || sip >= 300)) {
        this.#failed('OnSIPRegisterError', sip);
        return [];
      }
      this.clearTimer();
      this.#set('registered');
      return ['sipregister'];
    }
    if (name === 'OnSIPUnRegister') {
      // Seed L195 / L260 do not say what a sipregister does to the account NEON holds. While ours waits for its
      // outcome, an unregistration ends the previous account (a refresh done as remove + add, another account
      // replacing it): the one asked for is kept and still awaited (its event, or registerTimeoutMs). A logout
      // sets the state itself once its sipunregister is settled.
      if (this.state === 'registering') return ['sipunregister'];
      this.clearTimer();
      this.#registration = undefined;
      this.#set('unregistered');
      return ['sipunregister'];
    }
    if (!FAILURE_DETAIL[name]) return undefined;
    this.#failed(name, sip);
    return ['sipregister'];
  }

  setUnregistered(): void {
    if (this.state !== 'unregistered') this.#set('unregistered');
  }

  clearTimer(): void {
    if (this.#timer) this.#host.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Now in `state`: the agent shows its phase, with `detail` (by default `sip-<state>`). */
  #set(state: RegState, detail = `sip-${state}`): void {
    this.state = state;
    if (state === 'registered' || state === 'unregistered') this.#kept = false;
    this.#host.emit({ type: 'agent', agent: this.agent(PHASE[state], detail) });
  }

  async #register(registration: Registration): Promise<void> {
    this.#registration = registration;
    this.#set('registering');
    this.clearTimer();
    const refused = (error: CtiError): void => {
      if (this.state === 'registering') {
        this.clearTimer();
        this.#set('unregistered', 'sip-error');
      }
      if (error.code !== 'timeout' && this.#registration === registration) this.#registration = undefined;
    };
    const { domain, number, password, autodisconnect } = registration;
    try {
      await this.#host.request('sipregister', { domain, number, password, autodisconnect }, refused);
    } catch (e) {
      if (!gone(e as CtiError)) refused(e as CtiError);
      throw e;
    }
    this.sentAutodisconnect = autodisconnect;
    if (this.state !== 'registering') return;
    this.#timer = this.#host.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.state !== 'registering') return;
      if (this.#kept) {
        // Seed L195: after SIPRegister NEON "poderá" (may) send the events; a sipregister repeating the account
        // NEON held may get none. Not known to be lost: shown as being checked (no error) until an event, an
        // incoming call, or the agent's own unregister says more.
        this.#host.log('info', `NEON: no event for the repeated sipregister in ${Math.round(this.#timeoutMs / 1000)} s: checking`);
        return this.#set('unknown');
      }
      this.#set('unregistered', 'sip-error');
      // Typed, no words of ours on the agent's screen (the translated error.registration-failed); the log says more.
      this.#host.log('warn', `NEON: no registration event in ${Math.round(this.#timeoutMs / 1000)} s`);
      this.#failure('timeout');
    }, this.#timeoutMs);
  }

  #failed(name: NeonEventName, sip: number | undefined): void {
    this.clearTimer();
    // A refusal means the SIP credentials are wrong: never resend them by ourselves.
    if (name === 'OnSIPRegisterRefused') this.#registration = undefined;
    this.#set('unregistered', FAILURE_DETAIL[name]);
    if (name === 'OnSIPRegisterCancelled' || name === 'OnSIPRegisterFinalized') {
      this.#host.log('info', `NEON: ${name}`);
      return;
    }
    this.#host.log('warn', `NEON: ${name}${sip ? ` (${sipDetail(sip)})` : ''}`);
    this.#failure(name, sip ? `sip-${sip}` : undefined);
  }

  /** A registration that failed, shown: `registration-failed` with what failed as `vendorCode`. */
  #failure(vendorCode: string, detail?: string): void {
    this.#host.report(defined({ code: 'registration-failed', at: this.#host.clock.now(), operation: 'login', vendorCode, detail }));
  }
}

/** The socket went (or was not there): nothing to show, a reconnection registers again. */
const gone = (e: CtiError): boolean => e.code === 'connection-lost' || e.code === 'not-connected';
