/**
 * The SIP registration a NEON user asked for (`sipregister` / `sipunregister` and the OnSIP… events), as the
 * agent's phase. The SIP password is kept in hub memory only, to register again after a reconnection; an
 * explicit unregister or a refusal forgets it.
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import type { AgentReport, DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { CtiError } from '../../domain/model.js';
import { NeonErrorCode, NeonEvent, num, sipDetail, type NeonAction, type NeonEventName, type WireData } from './codec.js';

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

const FAILURE_DETAIL: Partial<Record<NeonEventName, string>> = {
  [NeonEvent.RegisterRefused]: 'sip-refused',
  [NeonEvent.RegisterError]: 'sip-error',
  [NeonEvent.RegisterExpired]: 'sip-expired',
  [NeonEvent.RegisterCancelled]: 'sip-cancelled',
  [NeonEvent.RegisterFinalized]: 'sip-finalized',
};

export class NeonSip {
  state: RegState = 'unregistered';
  /** The autodisconnect flag of the last registration sent (what NEON will do when the socket goes). */
  sentAutodisconnect = false;
  /** What the user asked to register (memory only), to redo after a reconnection. */
  #registration: Registration | undefined;
  #timer: TimerHandle | undefined;
  readonly #host: SipHost;
  readonly #timeoutMs: number;

  constructor(host: SipHost, registerTimeoutMs: number) {
    this.#host = host;
    this.#timeoutMs = registerTimeoutMs;
  }

  agent(phase: AgentPhase, detail: string): AgentReport {
    const number = this.#registration?.number;
    return { phase, detail, ...(number ? { agentId: number } : {}) };
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
      if ((e as CtiError).vendorCode !== String(NeonErrorCode.NotRegistered)) throw e;
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
        if (e.code !== 'connection-lost' && e.code !== 'not-connected') this.#host.report({ ...e, operation: 'login' });
      });
    } else if (reconnect) {
      this.state = 'unregistered';
      this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.LoggedOut, 'sip-unregistered') });
    }
  }

  /** The socket went: unknown until NEON says (it dropped the account only with autodisconnect). */
  lost(): void {
    this.clearTimer();
    if (this.state === 'unregistered') return;
    this.state = 'unknown';
    this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.Unknown, 'sip-unknown') });
  }

  /** A registration event: what it did, and the commands it confirms (`undefined`: not one). */
  onEvent(name: NeonEventName, data: WireData): readonly NeonAction[] | undefined {
    const sip = num(data['SIPError'] ?? data['sipError']);
    switch (name) {
      case NeonEvent.Register:
        if (sip !== undefined && sip !== 0 && (sip < 200 || sip >= 300)) {
          this.#failed(NeonEvent.RegisterError, sip);
          return [];
        }
        this.clearTimer();
        this.state = 'registered';
        this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.Ready, 'sip-registered') });
        return ['sipregister'];
      case NeonEvent.Unregister:
        this.clearTimer();
        this.#registration = undefined;
        this.state = 'unregistered';
        this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.LoggedOut, 'sip-unregistered') });
        return ['sipunregister'];
      case NeonEvent.RegisterRefused:
      case NeonEvent.RegisterError:
      case NeonEvent.RegisterExpired:
      case NeonEvent.RegisterCancelled:
      case NeonEvent.RegisterFinalized:
        this.#failed(name, sip);
        return ['sipregister'];
      default:
        return undefined;
    }
  }

  setUnregistered(): void {
    if (this.state === 'unregistered') return;
    this.state = 'unregistered';
    this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.LoggedOut, 'sip-unregistered') });
  }

  clearTimer(): void {
    if (this.#timer) this.#host.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #register(registration: Registration): Promise<void> {
    this.#registration = registration;
    this.state = 'registering';
    this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.Unknown, 'sip-registering') });
    this.clearTimer();
    const refused = (error: CtiError): void => {
      if (this.state === 'registering') {
        this.clearTimer();
        this.state = 'unregistered';
        this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.LoggedOut, 'sip-error') });
      }
      if (error.code !== 'timeout' && this.#registration === registration) this.#registration = undefined;
    };
    const { domain, number, password, autodisconnect } = registration;
    try {
      await this.#host.request('sipregister', { domain, number, password, autodisconnect }, refused);
    } catch (e) {
      const error = e as CtiError;
      if (error.code !== 'connection-lost' && error.code !== 'not-connected') refused(error);
      throw error;
    }
    this.sentAutodisconnect = autodisconnect;
    if (this.state !== 'registering') return;
    this.#timer = this.#host.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.state !== 'registering') return;
      this.state = 'unregistered';
      this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.LoggedOut, 'sip-error') });
      // Typed, no words of ours on the agent's screen (the translated error.registration-failed); the log says more.
      this.#host.log('warn', `NEON: no registration event in ${Math.round(this.#timeoutMs / 1000)} s`);
      this.#host.report({ code: 'registration-failed', at: this.#host.clock.now(), operation: 'login', vendorCode: 'timeout' });
    }, this.#timeoutMs);
  }

  #failed(name: NeonEventName, sip: number | undefined): void {
    this.clearTimer();
    const detail = FAILURE_DETAIL[name] ?? 'sip-error';
    // A refusal means the SIP credentials are wrong: never resend them by ourselves.
    if (name === NeonEvent.RegisterRefused) this.#registration = undefined;
    this.state = 'unregistered';
    this.#host.emit({ type: 'agent', agent: this.agent(AgentPhase.LoggedOut, detail) });
    if (name === NeonEvent.RegisterCancelled || name === NeonEvent.RegisterFinalized) {
      this.#host.log('info', `NEON: ${name}`);
      return;
    }
    this.#host.log('warn', `NEON: ${name}${sip ? ` (${sipDetail(sip)})` : ''}`);
    this.#host.report({ code: 'registration-failed', at: this.#host.clock.now(), operation: 'login', vendorCode: name, ...(sip ? { detail: `sip-${sip}` } : {}) });
  }
}
