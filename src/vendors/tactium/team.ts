/**
 * Tactium supervisor role (ADMSOCKET): every agent's messages → `team` updates. The call each agent is on
 * and the last status code seen are kept per lower-case login; an unchanged status is not repeated (each team
 * update is a new snapshot for every tab).
 */
import type { DomainEvent } from '../../domain/events.js';
import { AgentPhase, type LogLevel } from '../../domain/model.js';
import { OUTSIDE_MESSAGE, callService, callSignature, remoteNumber, replyWords, sameLogin, statusPhase, type TactiumMessage } from './codec.js';

export interface TeamHost {
  emit(event: DomainEvent): void;
  log(level: LogLevel, message: string): void;
  /** A failure shown as an `error` event. */
  report(code: 'malformed-frame' | 'command-failed', detail: string): void;
  /** Ask the status of `login` (a listed agent whose call ended). */
  askStatus(login: string): void;
  now(): number;
}

export class TactiumTeam {
  readonly #agents: readonly string[];
  readonly #host: TeamHost;
  readonly #calls = new Map<string, { readonly id: string; readonly signature: string }>();
  readonly #codes = new Map<string, string>();
  #nextCall = 1;

  constructor(agents: readonly string[], host: TeamHost) {
    this.#agents = agents;
    this.#host = host;
  }

  /** After a (re)connect: the listed agents, state unknown until asked. */
  reset(): void {
    this.#calls.clear();
    this.#codes.clear();
    this.#host.emit({ type: 'team', replace: true, members: this.#agents.map((agentId) => ({ agentId, phase: AgentPhase.Unknown, detail: '' })) });
  }

  /** `asked`: the message answers a status request about its agent (an unlisted agent asked by name). */
  handle(m: TactiumMessage, asked: boolean): void {
    switch (m.kind) {
      case 'status': {
        if (!asked && !this.#listed(m.login)) return;
        const key = m.login.toLowerCase();
        if (this.#codes.get(key) === m.code) return;
        this.#codes.set(key, m.code);
        const { phase, detail } = statusPhase(m.code);
        const onCall = this.#calls.has(key);
        if (phase === AgentPhase.LoggedOut) this.#calls.delete(key);
        this.#member({ agentId: this.#id(m.login), phase, detail, ...(phase === AgentPhase.LoggedOut && onCall ? { call: null } : {}) });
        return;
      }
      case 'call': {
        const key = m.login.toLowerCase();
        const signature = callSignature(m.call);
        if (this.#calls.get(key)?.signature === signature) return;
        const id = `tactium-${this.#nextCall++}`;
        this.#calls.set(key, { id, signature });
        this.#codes.set(key, '3');
        const service = callService(m.call);
        const call = { id, direction: m.call.kind === 'A' ? 'outbound' : 'inbound', number: remoteNumber(m.call), since: this.#host.now(), ...(service ? { service } : {}) } as const;
        this.#member({ agentId: this.#id(m.login), phase: AgentPhase.Busy, detail: 'status-3', call });
        return;
      }
      case 'end-call':
      case 'no-call': {
        const key = m.login.toLowerCase();
        const had = this.#calls.delete(key);
        if (!had && m.kind === 'no-call') return;
        this.#codes.delete(key);
        const listed = this.#listed(m.login);
        this.#member({ agentId: this.#id(m.login), call: null, ...(listed ? {} : { phase: AgentPhase.Unknown, detail: 'call-ended' }) });
        if (listed && m.kind === 'end-call') this.#host.askStatus(m.login);
        return;
      }
      case 'error':
      case 'garbage':
        this.#host.log('warn', `Tactium: ${m.raw}`);
        this.#host.report(m.kind === 'garbage' ? 'malformed-frame' : 'command-failed', m.kind === 'error' ? replyWords(m) : OUTSIDE_MESSAGE);
        return;
      default:
        return;
    }
  }

  #member(member: Extract<DomainEvent, { type: 'team' }>['members'][number]): void {
    this.#host.emit({ type: 'team', members: [member] });
  }

  #listed(login: string): boolean {
    return this.#agents.some((a) => sameLogin(a, login));
  }

  /** The member id: the login as configured in `options.agents` when listed, else as the server wrote it. */
  #id(login: string): string {
    return this.#agents.find((a) => sameLogin(a, login)) ?? login;
  }
}
