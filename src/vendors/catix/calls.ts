/**
 * The agent's one call (agent role). Catix names a call by `rl`. `DIALING` (agent calls only) → dialing;
 * `ANSWER` → active (a queue call appears already answered: there is no ringing event and no answer button);
 * `AGENT_RECEIVED_DIALER_CALL` / `SCHEDULED_CALL_ANSWER` → active with their fields as call data; `HANGUP` (and
 * `AGENT_COMPLETE` for a call still open) → ended. `STATUS_AGENTE` names no `rl`: a call found by a resync gets
 * a local id (or keeps the one it had before the reconnection) and takes the first `rl` an event gives it.
 * Ended ids are remembered (a late event must not bring one back). No socket, no clock.
 */
import type { CallReport, DomainEvent } from '../../domain/events.js';
import { AgentPhase, DIALER_CALL } from '../../domain/model.js';
import type { CallDirection } from '../../domain/model.js';
import { agentCall, callFields, defined, digits, type AgentStatus, type Attributes, type CatixEventName } from './codec.js';
import { directionFromNote } from './team.js';

/** Ended call ids remembered (a late event must not bring one back). */
const ENDED_LIMIT = 50;

interface KnownCall {
  /** The id the domain knows (the first `rl`, or a local id from a resync). */
  readonly id: string;
  /** The Catix `rl`, once known. */
  rl?: string;
  direction: CallDirection;
  number?: string;
  answered: boolean;
}

export class AgentCalls {
  current: KnownCall | undefined;
  readonly #ended = new Set<string>();
  #localIds = 0;

  readonly #agentId: string;
  readonly #emit: (e: DomainEvent) => void;
  readonly #log: (message: string) => void;

  constructor(agentId: string, emit: (e: DomainEvent) => void, log: (message: string) => void) {
    this.#agentId = agentId;
    this.#emit = emit;
    this.#log = log;
  }

  /** A call event; `false`: nothing changed (no `rl`: the caller reports it; an ended call; a hang-up). */
  onEvent(name: CatixEventName, data: Attributes): 'no-rl' | 'busy' | 'ended' | 'ignored' {
    const f = callFields(data);
    if (!f.rl) return 'no-rl';
    if (this.#ended.has(f.rl)) return 'ignored';
    let call = this.#match(f.rl);
    if (name === 'HANGUP') {
      if (call) this.end(call);
      else this.#remember(f.rl);
      return call ? 'ended' : 'ignored';
    }
    if (!call) {
      if (this.current) {
        this.#log(`call ${f.rl} while ${this.current.id} was open: that one is over`);
        this.end(this.current);
      }
      const inbound = name === 'ANSWER' && !agentCall(f);
      call = defined<KnownCall>({ id: f.rl, rl: f.rl, direction: inbound ? 'inbound' : 'outbound', answered: false, number: f.number });
      this.current = call;
    } else if (f.number && !call.number) {
      call.number = f.number;
    }
    const inbound = call.direction === 'inbound';
    const base: CallReport = defined({ id: call.id, direction: call.direction, remote: remote(call) });
    switch (name) {
      case 'DIALING':
        if (!call.answered) this.#emit({ type: 'call-dialing', call: { ...base, detail: 'Discando' } });
        break;
      case 'ANSWER':
        call.answered = true;
        this.#emit({ type: 'call-answered', call: defined({ ...base, detail: 'Em ligação', service: inbound ? f.originName : undefined }) });
        break;
      case 'AGENT_RECEIVED_DIALER_CALL': {
        call.answered = true;
        const campaign = data['campanha-id']?.trim();
        this.#emit({ type: 'call-answered', call: defined({ ...base, detail: DIALER_CALL, data: callData(data), service: campaign || undefined }) });
        break;
      }
      case 'SCHEDULED_CALL_ANSWER': {
        call.answered = true;
        this.#emit({ type: 'call-answered', call: { ...base, detail: 'scheduled', data: callData(data) } });
        const scheduling = data['agendamento-id']?.trim();
        if (scheduling) this.#emit({ type: 'notice-dismissed', id: `scheduled-${scheduling}` });
        break;
      }
    }
    return 'busy';
  }

  /** The call ends (`call-ended`). */
  end(call: KnownCall): void {
    this.forget(call);
    this.#emit({ type: 'call-ended', callId: call.id });
  }

  /** The call is gone without an event of its own (a snapshot says so). */
  forget(call: KnownCall): void {
    if (this.current === call) this.current = undefined;
    this.#remember(call.id);
    if (call.rl) this.#remember(call.rl);
  }

  /**
   * The link went: its events until the resync are lost (seed L18: events are sent as things happen, to a
   * connection). The open call keeps its id, not its `rl`: it may have ended and another begun, even to the same
   * number (`STATUS_AGENTE` names no `rl`), so it takes the first `rl` an event gives, as a call a resync found.
   */
  unconfirm(): void {
    if (this.current) this.current.rl = undefined;
  }

  /** The agent's status (authoritative) → the calls of the snapshot. */
  fromStatus(status: AgentStatus): CallReport[] {
    const previous = this.current;
    if (status.call && status.phase !== AgentPhase.LoggedOut) {
      const sameCall =
        previous !== undefined &&
        (previous.number === undefined || status.number === undefined || sameNumber(previous.number, status.number));
      const call: KnownCall = sameCall
        ? previous
        : { id: `catix-${this.#agentId}-${++this.#localIds}`, direction: directionFromNote(status.note), answered: false };
      if (!sameCall && previous) this.forget(previous);
      if (status.number) call.number = status.number;
      call.answered = status.call === 'active';
      this.current = call;
      return [
        defined({
          id: call.id,
          direction: call.direction,
          state: status.call,
          remote: remote(call),
          durationSeconds: status.seconds,
          detail: status.status,
          data: status.note ? { obs: status.note } : undefined,
        }),
      ];
    }
    if (previous && status.phase === AgentPhase.Unknown) {
      // A status text we cannot read says nothing about the call: it stays until an event ends it.
      return [defined({ id: previous.id, direction: previous.direction, state: previous.answered ? 'active' : 'dialing', remote: remote(previous) })];
    }
    if (previous) this.forget(previous);
    return [];
  }

  /** The open call this `rl` names; a call known only from a resync takes the first `rl` it sees. */
  #match(rl: string): KnownCall | undefined {
    const call = this.current;
    if (!call) return undefined;
    if (call.rl === rl) return call;
    if (call.rl === undefined) {
      call.rl = rl;
      return call;
    }
    return undefined;
  }

  #remember(id: string): void {
    this.#ended.add(id);
    if (this.#ended.size > ENDED_LIMIT) this.#ended.delete(this.#ended.values().next().value!);
  }
}

/** The call's other side, when its number is known. */
function remote(call: KnownCall): CallReport['remote'] {
  return call.number ? [{ number: call.number }] : undefined;
}

/** Event fields shown with the call (every field but the call id `rl`). Server text. */
function callData(data: Attributes): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (k !== 'rl') out[k] = v;
  return out;
}

/** Two renderings of one number (`(17) 99149-1234` / `17991491234` / `017991491234`). */
function sameNumber(a: string, b: string): boolean {
  const x = digits(a);
  const y = digits(b);
  if (!x || !y) return a.trim() === b.trim();
  return x === y || (Math.min(x.length, y.length) >= 4 && (x.endsWith(y) || y.endsWith(x)));
}
