/**
 * The agent role's picture (one agent on `LOGAR_SINGLE_USER`): phase, pause, pause reasons, transfer targets,
 * the agent's own extension and its one call (`calls.ts`), fed by the agent's events and by the resync's
 * `STATUS_AGENTE` (authoritative: a snapshot). No socket, no clock (`now` is injected).
 */
import type { AgentReport, DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { CtiError, PauseInfo, PauseReason, Timestamp, TransferTarget } from '../../domain/model.js';
import { AgentCalls } from './calls.js';
import { brDateTime, defined, isPostCallPause, type AgentStatus, type Attributes, type CatixEventName } from './codec.js';
import { ownExtensionFilter } from './sync.js';

export interface AgentHost {
  emit(e: DomainEvent): void;
  log(level: 'debug' | 'info' | 'warn', message: string): void;
  report(error: CtiError): void;
  now(): Timestamp;
  /** The agent logged in or out: the PIN wait is over. */
  pinOver(): void;
}

export class AgentModel {
  phase: AgentPhase = AgentPhase.LoggedOut;
  /** A status answer or an agent event told us the agent's state (an empty status answer then keeps it). */
  statusKnown = false;
  pause: PauseInfo | undefined;
  reasons: readonly PauseReason[] = [];
  /** `BUSCAR_OPCOES_TRANSFERENCIA` as the server gave it (`ramal: [{id, nome}]`). */
  #targets: readonly TransferTarget[] = [];
  /**
   * The agent's own extension (the one signed in with, AGENT_LOGIN `ramal-agente`, STATUS_AGENTE
   * `ramal_fisico`): never offered as a transfer destination.
   */
  #ownExtension: string | undefined;
  readonly calls: AgentCalls;

  readonly #agentId: string;
  readonly #host: AgentHost;

  constructor(agentId: string, host: AgentHost) {
    this.#agentId = agentId;
    this.#host = host;
    this.calls = new AgentCalls(agentId, (e) => host.emit(e), (m) => host.log('warn', `Catix: ${m}`));
  }

  /** One of the agent's events (another agent's are ignored; none named: seed L56 gives `agente` to MULTI_LOGIN only). */
  onEvent(name: CatixEventName, agent: string | undefined, data: Attributes): void {
    const host = this.#host;
    if (agent !== undefined && agent !== this.#agentId) return host.log('debug', `Catix: ${name} for agent ${agent} ignored`);
    host.log('debug', `Catix event ${name}`);
    if (name !== 'SCHEDULED_CALL_COMING') this.statusKnown = true;
    const call = this.calls.current;
    switch (name) {
      case 'AGENT_LOGIN': {
        host.pinOver();
        this.phase = call ? AgentPhase.Busy : AgentPhase.Ready;
        this.pause = undefined;
        const extension = data['ramal-agente']?.trim();
        this.setOwnExtension(extension);
        return host.emit(defined({ type: 'logged-in', agentId: this.#agentId, extension: extension || undefined }));
      }
      case 'AGENT_LOGOFF':
        host.pinOver();
        this.phase = AgentPhase.LoggedOut;
        this.pause = undefined;
        if (call) this.calls.forget(call);
        return host.emit({ type: 'logged-out' });
      case 'AGENT_PAUSED':
        return this.#onPaused(data);
      case 'AGENT_UNPAUSED':
        this.pause = undefined;
        this.phase = call ? AgentPhase.Busy : AgentPhase.Ready;
        return host.emit({ type: 'agent', agent: this.report(this.phase, call ? 'Em ligação' : 'Disponível') });
      case 'AGENT_COMPLETE': {
        // Documented without fields; one that names a call (`rl`) ends that call only: events are not ordered
        // (seed L73, "ambiente multi thread"), a late one of the previous call must not end the next (as `team.ts`).
        const rl = data['rl']?.trim();
        if (!call || (rl && call.rl !== undefined && rl !== call.rl)) return;
        host.log('info', `Catix: AGENT_COMPLETE ends call ${call.id}`);
        if (this.phase === AgentPhase.Busy) this.phase = AgentPhase.Ready;
        return this.calls.end(call);
      }
      case 'SCHEDULED_CALL_COMING':
        return this.#onScheduled(data);
      default: {
        // DIALING, ANSWER, HANGUP, the dialer's and the scheduled call's answer.
        const outcome = this.calls.onEvent(name, data);
        if (outcome === 'no-rl') {
          host.log('warn', `Catix: ${name} without rl`);
          host.report({ code: 'malformed-frame', at: host.now(), operation: 'receive', detail: 'rl' });
        }
        else if (outcome === 'busy') this.phase = AgentPhase.Busy;
        else if (outcome === 'ended' && this.phase === AgentPhase.Busy) this.phase = AgentPhase.Ready;
      }
    }
  }

  /** The agent's status (authoritative) → the snapshot: agent, and the call it implies. */
  applyStatus(status: AgentStatus, pause: PauseInfo | undefined): void {
    const calls = this.calls.fromStatus(status);
    this.statusKnown = true;
    this.phase = status.phase;
    this.pause = status.phase === AgentPhase.Paused ? pause : undefined;
    this.setOwnExtension(status.extension);
    const agent: AgentReport = defined({
      ...this.report(status.phase, status.status || 'unknown', status.extension),
      // `tempo`: how long the agent has been in this status.
      since: status.seconds === undefined ? undefined : this.#host.now() - status.seconds * 1000,
    });
    this.#host.log('info', `Catix: status ${status.status || '(none)'} → ${status.phase}`);
    this.#host.emit({ type: 'snapshot', agent, calls });
  }

  setReasons(items: readonly PauseReason[]): void {
    this.reasons = items;
    this.#host.emit({ type: 'pause-reasons', reasons: items });
  }

  setTargets(items: readonly TransferTarget[]): void {
    this.#targets = items;
    this.#emitTargets();
  }

  setOwnExtension(extension: string | undefined): void {
    const own = extension?.trim();
    if (!own || own === '-' || own === this.#ownExtension) return;
    this.#ownExtension = own;
    if (this.#targets.length > 0) this.#emitTargets();
  }

  report(phase: AgentPhase, detail: string, extension?: string): AgentReport {
    return defined({
      phase,
      detail,
      agentId: this.#agentId || undefined,
      extension: extension || undefined,
      pause: phase === AgentPhase.Paused ? this.pause : undefined,
    });
  }

  #emitTargets(): void {
    this.#host.emit({ type: 'transfer-targets', targets: ownExtensionFilter(this.#targets, this.#ownExtension) });
  }

  #onPaused(data: Attributes): void {
    const name = data['pausa']?.trim() ?? '';
    if (isPostCallPause(name)) {
      this.pause = undefined;
      this.phase = AgentPhase.AfterCall;
      this.#host.emit({ type: 'agent', agent: this.report(AgentPhase.AfterCall, name) });
      return;
    }
    const id = data['idPausa']?.trim() ?? '';
    const known = this.reasons.find((r) => r.id === id);
    this.pause = { reasonId: id, reasonName: name || known?.name || id, trigger: 'manual' };
    this.phase = AgentPhase.Paused;
    this.#host.emit({ type: 'agent', agent: this.report(AgentPhase.Paused, 'Pausado') });
  }

  #onScheduled(data: Attributes): void {
    const target = data['agendamento-destino-tipo-id']?.trim();
    const kind = data['agendamento-destino-tipo']?.trim().toLowerCase();
    if (target && (kind === undefined || kind === 'agente') && target !== this.#agentId) {
      this.#host.log('debug', `Catix: scheduled call for agent ${target} ignored`);
      return;
    }
    const id = data['agendamento-id']?.trim() || `${this.#host.now()}`;
    const dueAt = brDateTime(data['agendamento-data-hora'] ?? '');
    this.#host.emit({
      type: 'notice',
      notice: defined({ id: `scheduled-${id}`, kind: 'scheduled-call', dueAt, data: { ...data } }),
    });
  }
}
