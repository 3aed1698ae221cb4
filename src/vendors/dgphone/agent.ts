/**
 * The agent's picture on the DGPhone, from the agent events of the seed: `Event: DGPhoneEvent` with `User`,
 * `Agent` and `Status` AgentLogin (available), AgentCalled / AgentConnect / AgentComplete (+ `Uniqueid`, "the
 * same that will be in the table": shown as the call's data), AgentLogoff (unavailable). A queue event while
 * the agent reads logged out means the agent signed in before this connection.
 */
import type { AgentReport, DomainEvent } from '../../domain/events.js';
import { defined, type DGMessage } from './codec.js';
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
    return defined({ phase, detail: a.detail, extension: this.#h.user, agentId: a.agentId });
  }

  emit(busy?: 'busy'): void {
    this.#h.emit({ type: 'agent', agent: this.report(undefined, busy) });
  }

  /** Signed off by `logoff` (no AgentLogoff promised). */
  loggedOff(): void {
    this.#set(false, 'logoff', this.#agent.agentId);
    this.emit();
  }

  /** The queue call id an AgentCalled left for the next ringing line (taken once; the adapter drops it with the link). */
  takeUniqueid(): string | undefined {
    const id = this.#pendingUniqueid;
    this.#pendingUniqueid = undefined;
    return id;
  }

  /** The agent code is kept only when there is one (never ''). */
  #set(loggedIn: boolean, detail: string, agentId: string | undefined): void {
    this.#agent = defined({ loggedIn, detail, agentId: agentId || undefined });
  }

  onAgent(m: Extract<DGMessage, { kind: 'agent' }>): void {
    const agentId = m.agent ?? this.#agent.agentId;
    switch (m.status) {
      case 'AgentLogin':
      case 'AgentLogoff': {
        const login = m.status === 'AgentLogin';
        this.#set(login, m.status, agentId);
        this.#h.finished(login ? 'login' : 'logoff');
        this.emit();
        return;
      }
      case 'AgentCalled':
      case 'AgentConnect':
      case 'AgentComplete': {
        if (!this.#agent.loggedIn) {
          this.#set(true, 'AgentLogin', agentId);
          this.emit();
        }
        this.#set(true, m.status, agentId);
        // Seed L154-166: one Uniqueid a call. An AgentConnect / AgentComplete naming the one an AgentCalled left
        // places that call (its ring was read in a Status answer) or ends it: no later ring may take it.
        if (m.status !== 'AgentCalled' && m.uniqueid === this.#pendingUniqueid) this.#pendingUniqueid = undefined;
        if (m.uniqueid && m.status !== 'AgentComplete') {
          const data = this.#h.board.attachUniqueid(m.uniqueid, m.status === 'AgentCalled' ? ['ringing'] : ['active', 'ringing']);
          if (data) this.#h.emit(data);
          else if (m.status === 'AgentCalled') this.#pendingUniqueid = m.uniqueid;
        }
        this.emit(m.status === 'AgentComplete' ? undefined : 'busy');
        return;
      }
    }
  }
}
