/**
 * The six DGPhone lines as the adapter knows them, and how line events become call events. No socket, no
 * timers: the adapter feeds it decoded line messages and gets `DomainEvent`s back.
 *
 * ```
 *   per line:   idle ── Dialing ──► dialing ── Answer ──► active ◄── Hold 0 ── held
 *                 │                                        │  └──── Hold 1 ──►  ▲
 *                 └── ReceivingCall ──► ringing ── Answer ─┘                    │
 *   any call ── Hangup | Ready ──► idle (call-ended)             (Hold: 1|0 tracked, never guessed)
 *   helper:     a line reserved by the agent-login flow: busy, no call shown, freed by Hangup | Ready
 * ```
 *
 * Call ids are made by the adapter (`newId(line)`), unique across time; a `Status` resync keeps the id of a
 * call still on its line with the same number.
 */
import type { CallReport, DomainEvent } from '../../domain/events.js';
import type { CallDirection, Line } from '../../domain/model.js';
import { LINE_COUNT, defined, type DGMessage, type LineStatusName } from './codec.js';

export type LineMessage = Extract<DGMessage, { kind: 'line' }>;

export type CallPhase = 'dialing' | 'ringing' | 'active' | 'held';

/** The call events a line event starts or changes a call with. */
type CallEventType = 'call-dialing' | 'call-offered' | 'call-answered' | 'call-held' | 'call-retrieved';

export interface LineCall {
  readonly id: string;
  readonly direction: CallDirection;
  number?: string;
  phase: CallPhase;
  /** The queue call id (`Uniqueid` of AgentCalled / AgentConnect), when known. */
  uniqueid?: string;
  /** Keys the far end pressed (DTMFReceived), in order. */
  dtmf: string;
}

export interface LineSlot {
  readonly n: number;
  call?: LineCall;
  /** Reserved by the agent login / logoff flow: the feature-code call is not shown as a call. */
  helper: boolean;
  /** A Hold toggle was sent and its Hold event has not come yet. */
  holdPending: boolean;
  /** Not confirmed by the last Status answer. */
  unknown: boolean;
}

/** What a `Status` answer said about one line. */
export type LineReport = Pick<LineMessage, 'status' | 'number' | 'hold'>;

export class LineBoard {
  readonly slots: readonly LineSlot[];
  selected: number | undefined;
  /** The lines were reported at least once (before that, `lines()` is empty). */
  known = false;
  readonly #newId: (line: number) => string;

  constructor(newId: (line: number) => string) {
    this.#newId = newId;
    this.slots = Array.from({ length: LINE_COUNT }, (_, i) => ({ n: i + 1, helper: false, holdPending: false, unknown: true }));
  }

  slot(n: number): LineSlot {
    const s = this.slots[n - 1];
    if (!s) throw new RangeError(`line ${n}`);
    return s;
  }

  /** The slot holding call `id`. */
  find(id: string): LineSlot | undefined {
    return this.slots.find((s) => s.call?.id === id);
  }

  /** Open calls (not the helper). */
  openCalls(): number {
    return this.slots.filter((s) => s.call).length;
  }

  isFree(n: number): boolean {
    const s = this.slot(n);
    return !s.call && !s.helper && !s.unknown;
  }

  /** A free line: `prefer` when free, else the lowest free one, else the lowest line in an unknown state. */
  freeLine(prefer?: number): number | undefined {
    if (prefer !== undefined && this.isFree(prefer)) return prefer;
    const free = this.slots.find((s) => this.isFree(s.n));
    // A line no Status answer reported may well be free (a server that reports busy lines only): try it
    // rather than refuse; the command's confirmation says whether it was.
    return (free ?? this.slots.find((s) => s.unknown && !s.call && !s.helper))?.n;
  }

  /** The `Line[]` of the snapshot (empty until the first Status answer). */
  lines(): Line[] {
    if (!this.known) return [];
    return this.slots.map((s) => {
      const state: Line['state'] = s.unknown
        ? 'unknown'
        : s.call
          ? s.call.phase === 'ringing'
            ? 'ringing'
            : s.call.phase === 'held'
              ? 'held'
              : 'busy'
          : s.helper
            ? 'busy'
            : 'idle';
      return defined({ id: String(s.n), label: String(s.n), state, selected: s.n === this.selected, callId: s.call?.id });
    });
  }

  report(slot: LineSlot, call: LineCall, extra: Partial<CallReport> = {}): CallReport {
    const data: Record<string, string> = {};
    if (call.uniqueid) data['Uniqueid'] = call.uniqueid;
    if (call.dtmf) data['DTMFReceived'] = call.dtmf;
    return {
      id: call.id,
      direction: call.direction,
      remote: call.number ? [{ number: call.number }] : [],
      lineId: String(slot.n),
      detail: PHASE_STATUS[call.phase],
      data,
      ...extra,
    };
  }

  /**
   * Apply a live line event; returns the call events it means. The adapter emits `lines` when `lines()`
   * changed. `pendingUniqueid` is attached to a call that starts ringing (a queue call announced by AgentCalled).
   */
  apply(m: LineMessage, pendingUniqueid?: () => string | undefined): DomainEvent[] {
    const slot = this.slot(m.line);
    slot.unknown = false;
    if (m.status === 'LineSelected') {
      this.selected = m.line;
      return [];
    }
    if (slot.helper && !slot.call) {
      if (m.status === 'Hangup' || m.status === 'Ready') slot.helper = false;
      return [];
    }
    const call = slot.call;
    switch (m.status) {
      case 'Dialing':
        return call ? this.#renumber(slot, call, m.number) : this.#started(slot, 'outbound', 'dialing', m.number, 'call-dialing');
      case 'ReceivingCall': {
        if (call) return this.#renumber(slot, call, m.number);
        return this.#started(slot, 'inbound', 'ringing', m.number, 'call-offered', { mustAccept: false }, pendingUniqueid?.());
      }
      case 'Answer':
        if (!call) return this.#started(slot, 'unknown', 'active', m.number, 'call-answered');
        if (m.number && m.number !== call.number) call.number = m.number;
        if (call.phase === 'active') return [];
        slot.holdPending = false;
        return this.#to(slot, call, 'active', call.phase === 'held' ? 'call-retrieved' : 'call-answered');
      case 'Hold': {
        slot.holdPending = false;
        // `Hold: 1` puts an active call on hold, `Hold: 0` takes a held one off; anything else changes nothing.
        const held = m.hold === true;
        if (call?.phase === (held ? 'active' : 'held')) return this.#to(slot, call, held ? 'held' : 'active', held ? 'call-held' : 'call-retrieved');
        return [];
      }
      case 'Hangup':
      case 'Ready':
        return this.end(slot);
      case 'DTMFReceived':
        if (!call || !m.digit) return [];
        call.dtmf = (call.dtmf + m.digit).slice(-64);
        return [{ type: 'call-data', callId: call.id, data: { DTMFReceived: call.dtmf } }];
      default:
        return [];
    }
  }

  /** The call on `slot` is over. */
  end(slot: LineSlot): DomainEvent[] {
    const call = slot.call;
    slot.holdPending = false;
    slot.helper = false;
    if (!call) return [];
    delete slot.call;
    return [{ type: 'call-ended', callId: call.id }];
  }

  /** Every call is gone (the DGPhone closed); lines become unknown. */
  clear(): DomainEvent[] {
    const events = this.slots.flatMap((s) => this.end(s));
    for (const s of this.slots) s.unknown = true;
    this.selected = undefined;
    return events;
  }

  /** Attach a queue call id to the call it belongs to (`phase`, latest first); the call-data event, if any. */
  attachUniqueid(uniqueid: string, phases: readonly CallPhase[]): DomainEvent | undefined {
    if (this.slots.some((s) => s.call?.uniqueid === uniqueid)) return undefined;
    const slot = [...this.slots].reverse().find((s) => s.call && !s.call.uniqueid && phases.includes(s.call.phase));
    if (!slot?.call) return undefined;
    slot.call.uniqueid = uniqueid;
    return { type: 'call-data', callId: slot.call.id, data: { Uniqueid: uniqueid } };
  }

  /**
   * Rebuild from a `Status` answer (authoritative). A call still on its line with the same number (or no
   * number either side) keeps its id and what the adapter knew of it; lines missing from the answer keep
   * their call, marked unknown — or, with `keepMissing` (a refresh on a link that stayed up, whose live events
   * kept the lines), exactly as they were. Returns the calls for the `snapshot` event.
   */
  resync(reports: ReadonlyMap<number, LineReport>, selected: number | undefined, keepMissing = false): CallReport[] {
    this.known = true;
    if (selected !== undefined) this.selected = selected;
    for (const slot of this.slots) {
      const r = reports.get(slot.n);
      if (!r) {
        if (!keepMissing) {
          slot.unknown = true;
          slot.holdPending = false;
        }
        continue;
      }
      slot.holdPending = false;
      slot.unknown = false;
      const phase = reportPhase(r);
      if (!phase) {
        delete slot.call;
        slot.helper = false;
        continue;
      }
      const previous = slot.call;
      const same = previous && (previous.number === r.number || !previous.number || !r.number);
      if (same) {
        previous.phase = phase;
        if (r.number) previous.number = r.number;
      } else {
        slot.call = newCall(this.#newId(slot.n), phase === 'dialing' ? 'outbound' : phase === 'ringing' ? 'inbound' : 'unknown', phase, r.number);
      }
    }
    // A call phase is its domain state too (dialing, ringing, active, held).
    return this.slots.flatMap((s) => (s.call ? [this.report(s, s.call, { state: s.call.phase })] : []));
  }

  /** A call starts on `slot` (a queue call with the `uniqueid` AgentCalled announced): its event. */
  #started(slot: LineSlot, direction: CallDirection, phase: CallPhase, number: string | undefined, type: CallEventType, extra?: Partial<CallReport>, uniqueid?: string): DomainEvent[] {
    const call = (slot.call = newCall(this.#newId(slot.n), direction, phase, number));
    if (uniqueid) call.uniqueid = uniqueid;
    slot.holdPending = false;
    return [{ type, call: this.report(slot, call, extra) }];
  }

  /** The call on `slot` is now in `phase`: its event. */
  #to(slot: LineSlot, call: LineCall, phase: CallPhase, type: CallEventType): DomainEvent[] {
    call.phase = phase;
    return [{ type, call: this.report(slot, call) }];
  }

  #renumber(slot: LineSlot, call: LineCall, number: string | undefined): DomainEvent[] {
    if (!number || number === call.number) return [];
    call.number = number;
    return [{ type: 'call-updated', call: this.report(slot, call) }];
  }
}

/** The line status that means each call phase: what a call's `detail` shows, and how a Status answer reads. */
const PHASE_STATUS: Readonly<Record<CallPhase, LineStatusName>> = { dialing: 'Dialing', ringing: 'ReceivingCall', active: 'Answer', held: 'Hold' };

/** A line's call phase from its Status report (`Hold: 0` is a call taken off hold); `undefined` for a free line. */
function reportPhase(r: LineReport): CallPhase | undefined {
  return r.status === 'Hold' && r.hold === false ? 'active' : (Object.keys(PHASE_STATUS) as CallPhase[]).find((p) => PHASE_STATUS[p] === r.status);
}

function newCall(id: string, direction: CallDirection, phase: CallPhase, number: string | undefined): LineCall {
  return defined({ id, direction, phase, dtmf: '', number: number || undefined });
}
