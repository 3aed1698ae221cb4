/**
 * The calls a NEON phone has, as the adapter knows them from the call events (OnNewCall, OnAcceptCall,
 * OnFinalizedCall, OnTransferredCall) and the `startcall` answer; NEON has no command that lists them.
 */
import type { CallReport, DomainEvent } from '../../domain/events.js';
import type { CallDirection, CtiError, Party } from '../../domain/model.js';
import { defined, sipDetail, type NeonCallInfo, type NeonEventName } from './codec.js';

export type CallPhase = 'ringing' | 'dialing' | 'active' | 'held';

export interface KnownCall {
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
export function callReport(id: string, call: KnownCall, detail: string, extra: Partial<CallReport> = {}): CallReport {
  return defined({ id, direction: call.direction, remote: call.remote && [call.remote], detail, ...extra });
}

export interface CallsHost {
  emit(event: DomainEvent): void;
  report(error: CtiError): void;
  log(level: 'info' | 'warn', message: string): void;
  now(): number;
}

export class NeonCalls {
  readonly #calls = new Map<string, KnownCall>();
  /** Ids of calls that ended lately: a late `startcall` answer must not bring one back. */
  readonly #ended = new Set<string>();
  readonly #host: CallsHost;

  constructor(host: CallsHost) {
    this.#host = host;
  }

  get size(): number {
    return this.#calls.size;
  }

  get(id: string): KnownCall | undefined {
    return this.#calls.get(id);
  }

  /** The one call this phone has, when it has exactly one. */
  only(): KnownCall | undefined {
    return this.#calls.size === 1 ? [...this.#calls.values()][0] : undefined;
  }

  /** Known, or ended lately (events and answers interleave on the socket). */
  seen(id: string): boolean {
    return this.#calls.has(id) || this.#ended.has(id);
  }

  /** A call this widget dialled (the `startcall` answer came before its OnNewCall). */
  dialled(id: string, wireId: string | number, remote: Party): void {
    const call: KnownCall = { wireId, direction: 'outbound', remote, phase: 'dialing', answered: false, endedByUs: false, unconfirmed: false };
    this.#calls.set(id, call);
    this.#host.emit({ type: 'call-dialing', call: callReport(id, call, 'outgoing') });
  }

  /** After a reconnection without autodisconnect: kept, but NEON has not confirmed them. */
  markUnconfirmed(): void {
    for (const [id, call] of this.#calls) {
      call.unconfirmed = true;
      this.#host.emit({ type: 'call-updated', call: { id, detail: 'unconfirmed' } });
    }
  }

  /** Shown as ended (NEON dropped them, or is not running). */
  endAll(why: string): void {
    if (this.#calls.size === 0) return;
    this.#host.log('info', `NEON: ${this.#calls.size} call(s) shown as ended: ${why}`);
    for (const callId of [...this.#calls.keys()]) this.end(callId);
  }

  /** Forgotten and shown as ended. */
  end(callId: string): void {
    this.#forget(callId);
    this.#host.emit({ type: 'call-ended', callId });
  }

  setHeld(callId: string, held: boolean): void {
    // NEON sends no event for sethold: the successful answer is the change.
    const call = this.#calls.get(callId);
    if (!call) return;
    call.phase = held ? 'held' : 'active';
    this.#host.emit({ type: held ? 'call-held' : 'call-retrieved', call: callReport(callId, call, held ? 'held' : 'answered') });
  }

  /** A hold (or retrieve) NEON refused after it was shown: back to how it was. */
  undoHold(callId: string, held: boolean): void {
    if (this.#calls.get(callId)?.phase === (held ? 'held' : 'active')) this.setHeld(callId, !held);
  }

  onEvent(name: NeonEventName, info: NeonCallInfo, rawId: unknown): void {
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
    const emit = (e: DomainEvent): void => this.#host.emit(e);
    switch (name) {
      case 'OnNewCall':
        this.#calls.set(info.id, call);
        if (known) emit({ type: 'call-updated', call: report(known.phase === 'ringing' ? 'incoming' : 'outgoing') });
        else if (call.direction === 'inbound') emit({ type: 'call-offered', call: report('incoming', { mustAccept: false }) });
        else emit({ type: 'call-dialing', call: report('outgoing') });
        return;
      case 'OnAcceptCall': {
        this.#calls.set(info.id, call);
        if (known && call.phase === 'held') {
          if (wasUnconfirmed) emit({ type: 'call-updated', call: report('held') });
          return;
        }
        call.phase = 'active';
        call.answered = true;
        const seconds = !known && info.durationMs !== undefined ? { durationSeconds: Math.floor(info.durationMs / 1000) } : {};
        emit({ type: 'call-answered', call: report('answered', seconds) });
        return;
      }
      case 'OnFinalizedCall':
        this.#forget(info.id);
        if (!known) return;
        if (info.sipError !== undefined && !call.answered && !call.endedByUs && call.direction === 'outbound' && info.sipError >= 300) {
          // The far end never answered: busy, declined, not found... say which.
          // The SIP status as a code (the title); its reason phrase in the log.
          this.#host.log('info', `NEON: call ${info.id} not completed: ${sipDetail(info.sipError)}`);
          this.#host.report({ code: 'command-failed', at: this.#host.now(), operation: 'dial', vendorCode: `sip-${info.sipError}`, detail: `sip-${info.sipError}` });
        } else if (!call.answered && call.direction === 'inbound' && !call.endedByUs) {
          this.#host.log('info', `NEON: call ${info.id} ended before it was answered`);
        }
        emit({ type: 'call-ended', callId: info.id });
        return;
      case 'OnTransferredCall':
        this.#forget(info.id);
        if (known) emit({ type: 'call-transferred', previousId: info.id, stays: false });
        return;
    }
  }

  #forget(callId: string): void {
    this.#calls.delete(callId);
    this.#ended.add(callId);
    if (this.#ended.size > 50) this.#ended.delete(this.#ended.values().next().value!);
  }
}
