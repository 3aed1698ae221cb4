/**
 * The supervisor feed: a `LOGAR_MULTI_USER` connection receives every agent's events; each becomes a `team`
 * member update. Plain TypeScript, no socket, no clock (`now` is passed in). It remembers, per agent, the phase
 * and the call it last reported, so an `AGENT_UNPAUSED` during a call stays `busy` and a `HANGUP` of another
 * call leaves the member alone.
 *
 * ```
 *   AGENT_LOGIN ─► ready ──DIALING / ANSWER / dialer / scheduled──► busy (call) ──HANGUP / AGENT_COMPLETE──► ready
 *        ▲          │ ▲                                              (a member paused before the call stays paused)
 *        │    PAUSED│ │UNPAUSED (busy again if a call is up)
 *        │          ▼ │
 *        │        paused / after-call ("Pós Atendimento")
 *   AGENT_LOGOFF (from anywhere) ─► logged-out, call cleared
 * ```
 */
import type { DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { CallDirection, Timestamp } from '../../domain/model.js';
import { agentCall, callFields, defined, isPostCallPause, type AgentStatus, type Attributes, type CatixEventName } from './codec.js';

export type MemberUpdate = Extract<DomainEvent, { type: 'team' }>['members'][number];

interface Known {
  phase: AgentPhase;
  detail?: string;
  /** Phase before the current call (restored when it ends). */
  beforeCall?: AgentPhase;
  /** Detail before the current call. */
  beforeDetail?: string;
  callId?: string;
}

export class TeamFeed {
  readonly #members = new Map<string, Known>();

  /** Forget everything (a new connection: the status queries rebuild it). */
  reset(): void {
    this.#members.clear();
  }

  /** A `STATUS_AGENTE` answer → the member as of now. */
  fromStatus(agentId: string, status: AgentStatus, now: Timestamp): MemberUpdate {
    const since = status.seconds !== undefined ? now - status.seconds * 1000 : now;
    const callId = status.call ? `status-${agentId}` : undefined;
    this.#members.set(agentId, {
      phase: status.phase,
      detail: status.status,
      ...(callId ? { callId, beforeCall: AgentPhase.Ready, beforeDetail: 'Disponível' } : {}),
    });
    return defined({
      agentId,
      phase: status.phase,
      detail: status.status || 'unknown',
      since,
      name: status.name,
      extension: status.extension,
      call:
        callId && status.call
          ? {
              id: callId,
              direction: directionFromNote(status.note),
              number: status.number ?? '',
              since,
            }
          : null,
    });
  }

  /**
   * `STATUS_AGENTE` readings of `agents` (`undefined`: unreadable) → member updates. `rebuild` (the resync):
   * when every status was read the team is rebuilt (`replace`); some unreadable: those members stay as they were.
   */
  fromStatuses(agents: readonly string[], readings: readonly (AgentStatus | undefined)[], now: Timestamp, rebuild: boolean): { members: MemberUpdate[]; replace: boolean } {
    const replace = rebuild && readings.every((r) => r !== undefined);
    if (replace) this.reset();
    return { members: readings.flatMap((status, i) => (status ? [this.fromStatus(agents[i]!, status, now)] : [])), replace };
  }

  /** An agent event → the member update, or undefined when the event says nothing about the member. */
  fromEvent(name: CatixEventName, agentId: string, data: Attributes, now: Timestamp): MemberUpdate | undefined {
    const known = this.#members.get(agentId) ?? { phase: AgentPhase.Unknown };
    this.#members.set(agentId, known);
    const set = (phase: AgentPhase, detail: string, extra: Partial<MemberUpdate> = {}): MemberUpdate => {
      known.phase = phase;
      known.detail = detail;
      return defined({ agentId, phase, detail, ...extra });
    };
    switch (name) {
      case 'AGENT_LOGIN': {
        delete known.callId;
        const extension = data['ramal-agente']?.trim();
        return set(AgentPhase.Ready, 'Disponível', { call: null, extension: extension || undefined });
      }
      case 'AGENT_LOGOFF':
        delete known.callId;
        return set(AgentPhase.LoggedOut, 'Deslogado', { call: null });
      case 'AGENT_PAUSED': {
        const reason = data['pausa']?.trim() || data['idPausa'] || '';
        const phase = isPostCallPause(reason) ? AgentPhase.AfterCall : AgentPhase.Paused;
        if (known.callId) {
          known.beforeCall = phase;
          known.beforeDetail = reason;
          return undefined;
        }
        return set(phase, reason);
      }
      case 'AGENT_UNPAUSED':
        if (known.callId) {
          known.beforeCall = AgentPhase.Ready;
          known.beforeDetail = 'Disponível';
          return undefined;
        }
        return set(AgentPhase.Ready, 'Disponível');
      case 'DIALING':
      case 'ANSWER':
      case 'AGENT_RECEIVED_DIALER_CALL':
      case 'SCHEDULED_CALL_ANSWER': {
        const f = callFields(data);
        if (!f.rl) return undefined;
        if (known.callId === undefined) {
          const free = known.phase === AgentPhase.Busy || known.phase === AgentPhase.Unknown;
          known.beforeCall = free ? AgentPhase.Ready : known.phase;
          known.beforeDetail = free ? 'Disponível' : (known.detail ?? known.phase);
        }
        known.callId = f.rl;
        const inbound = name === 'ANSWER' && !agentCall(f);
        const direction: CallDirection = inbound ? 'inbound' : 'outbound';
        const service = name === 'AGENT_RECEIVED_DIALER_CALL' ? data['campanha-id'] : inbound ? f.originName : undefined;
        return set(AgentPhase.Busy, name === 'DIALING' ? 'Discando' : 'Em ligação', {
          name: agentCall(f) ? f.originName : undefined,
          call: defined({ id: f.rl, direction, number: f.number ?? '', since: now, service: service || undefined }),
        });
      }
      case 'HANGUP':
      case 'AGENT_COMPLETE': {
        const rl = callFields(data).rl;
        if (!known.callId || (rl !== undefined && rl !== known.callId && !known.callId.startsWith('status-'))) return undefined;
        delete known.callId;
        const back = known.beforeCall ?? AgentPhase.Ready;
        const detail = known.beforeDetail ?? 'Disponível';
        delete known.beforeCall;
        delete known.beforeDetail;
        return set(back, detail, { call: null });
      }
      default:
        return undefined;
    }
  }
}

/** `obs` says `Tipo Ligação: Entrante` for a received call (our reading); anything else is outbound. */
export function directionFromNote(note: string | undefined): CallDirection {
  if (!note) return 'unknown';
  if (/tipo liga[cç][aã]o:\s*entrante/i.test(note)) return 'inbound';
  if (/tipo liga[cç][aã]o:\s*(sainte|preditivo)/i.test(note)) return 'outbound';
  return 'unknown';
}
