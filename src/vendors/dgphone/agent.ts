/**
 * The agent's picture on the DGPhone, from the agent events of the seed: `Event: DGPhoneEvent` with `User`,
 * `Agent` and `Status` AgentLogin (available), AgentCalled / AgentConnect / AgentComplete (+ `Uniqueid`, "the
 * same that will be in the table": shown as the call's data), AgentLogoff (unavailable). A queue event while
 * the agent reads logged out means the agent signed in before this connection.
 */
import type { AgentReport, DomainEvent } from '../../domain/events.js';
import { AgentStatus, type DGMessage } from './codec.js';
import type { LineBoard } from './lines.js';

export interface AgentHost {
  /** The extension (the DGPhone `User`). */
  readonly user: string;
  readonly board: LineBoard;
  emit(event: DomainEvent): void;
  /** AgentLogin / AgentLogoff came (a running sign-in or sign-out by feature code ends). */
  finished(kind: 'login' | 'logoff'): void;
}

export class DGAgent {
  readonly #h: AgentHost;
  #agent: { loggedIn: boolean; agentId?: string; detail: string } = { loggedIn: false, detail: '' };
  /** A queue call id (AgentCalled) whose line has not rung yet. */
  #pendingUniqueid: string | undefined;

  constructor(host: AgentHost) {
    this.#h = host;
  }

  /** The agent code the DGPhone named last (none yet: `undefined`). */
  get agentId(): string | undefined {
    return this.#agent.agentId;
  }

  report(openCalls = this.#h.board.openCalls(), busy?: 'busy'): AgentReport {
    const a = this.#agent;
    const phase = !a.loggedIn ? 'logged-out' : busy || openCalls > 0 ? 'busy' : 'ready';
    return { phase, detail: a.detail, extension: this.#h.user, ...(a.agentId ? { agentId: a.agentId } : {}) };
  }

  emit(busy?: 'busy'): void {
    this.#h.emit({ type: 'agent', agent: this.report(undefined, busy) });
  }

  /** Signed off by `logoff` (no AgentLogoff promised). */
  loggedOff(): void {
    this.#agent = { loggedIn: false, detail: 'logoff', ...(this.#agent.agentId ? { agentId: this.#agent.agentId } : {}) };
    this.emit();
  }

  /** The queue call id an AgentCalled left for the next ringing line (taken once). */
  takeUniqueid(): string | undefined {
    const id = this.#pendingUniqueid;
    this.#pendingUniqueid = undefined;
    return id;
  }

  onAgent(m: Extract<DGMessage, { kind: 'agent' }>): void {
    const agentId = m.agent ?? this.#agent.agentId;
    switch (m.status) {
      case AgentStatus.AgentLogin:
      case AgentStatus.AgentLogoff: {
        const login = m.status === AgentStatus.AgentLogin;
        this.#agent = { loggedIn: login, detail: m.status, ...(agentId ? { agentId } : {}) };
        this.#h.finished(login ? 'login' : 'logoff');
        this.emit();
        return;
      }
      case AgentStatus.AgentCalled:
      case AgentStatus.AgentConnect:
      case AgentStatus.AgentComplete: {
        if (!this.#agent.loggedIn) {
          this.#agent = { loggedIn: true, detail: AgentStatus.AgentLogin, ...(agentId ? { agentId } : {}) };
          this.emit();
        }
        this.#agent = { ...this.#agent, detail: m.status, ...(agentId ? { agentId } : {}) };
        if (m.uniqueid && m.status !== AgentStatus.AgentComplete) {
          const data = this.#h.board.attachUniqueid(m.uniqueid, m.status === AgentStatus.AgentCalled ? ['ringing'] : ['active', 'ringing']);
          if (data) this.#h.emit(data);
          else if (m.status === AgentStatus.AgentCalled) this.#pendingUniqueid = m.uniqueid;
        }
        this.emit(m.status === AgentStatus.AgentComplete ? undefined : 'busy');
        return;
      }
    }
  }
}
