/**
 * Tactium agent role: the one call an agent has (seed: one call per agent), as `call-*` events. A call keeps
 * its id while the server reports the same call (`callSignature`), across reconnects too.
 */
import type { CallReport, DomainEvent } from '../../domain/events.js';
import { DIALER_CALL, type LogLevel } from '../../domain/model.js';
import { RECORDING_KEY, callData, callService, callSignature, joinNumber, remoteNumber, type TactiumCall } from './codec.js';

/** A dial sent: its number and service (seed 4.9). */
export interface Dialed {
  readonly ddd: string;
  readonly phone: string;
  readonly service: string;
}

export interface KnownCall {
  readonly id: string;
  readonly signature: string;
  report: CallReport;
  data: Record<string, string>;
  ended: boolean;
  /** While the call is our dial not yet confirmed by its `<A>` (state dialing): the dial, shown `at`. */
  dial?: Dialed & { readonly at: number };
}

export class AgentCall {
  readonly #emit: (event: DomainEvent) => void;
  readonly #log: (level: LogLevel, message: string) => void;
  #call: KnownCall | undefined;
  /** The call that ended last (a `<G>` or a dialer outcome may come after `<EndCall>`). */
  #lastId: string | undefined;
  #next = 1;
  /** The last dial sent (its `<A>` may arrive after the dial command settled). */
  dialed: Dialed | undefined;

  constructor(emit: (event: DomainEvent) => void, log: (level: LogLevel, message: string) => void) {
    this.#emit = emit;
    this.#log = log;
  }

  /** The call going on. */
  get current(): KnownCall | undefined {
    return this.#call && !this.#call.ended ? this.#call : undefined;
  }

  /** The call going on, or the one that ended last. */
  get currentOrLastId(): string | undefined {
    return this.current?.id ?? this.#lastId;
  }

  /**
   * That call is known and the agent's own (a manual `<A>`, an `<R>`), not the automatic dialer's: seed 4.7 and 4.8
   * ("válido apenas para ligações do discador automático") leave the callback and the outcome to dialer calls.
   */
  get manual(): boolean {
    const call = this.#call;
    return call !== undefined && call.id === this.currentOrLastId && call.report.detail !== DIALER_CALL;
  }

  /** A call event: `false` when it is the call we knew (nothing changed). */
  onCall(tc: TactiumCall, service: string | undefined): boolean {
    const known = this.current;
    if (known && known.signature === callSignature(tc)) return false;
    // Tactium has one call per agent: a new one means the old one is over (but our dial's `<A>` confirms it).
    if (known && !ownDial(known.dial, tc)) this.end(known);
    // The agent's own dial, arriving after the dial's fence: it keeps the service it was dialled with.
    const dialed = ownDial(this.dialed, tc);
    this.dialed = undefined;
    this.#emit({ type: 'call-answered', call: this.adopt(tc, service || dialed?.service || undefined).report });
    return true;
  }

  /**
   * The dial was taken (the fence read busy) and its `<A>` has not come: the agent sees it at once as an outbound
   * call being dialled (the number and service given), which the `<A>` confirms (same id) or an end removes.
   */
  dialing(dial: Dialed, at: number): void {
    const report: CallReport = { ...callReport(`tactium-${this.#next++}`, 'outbound', joinNumber(dial.ddd, dial.phone), {}, 'dialing', dial.service), state: 'dialing' };
    this.#call = { id: report.id, signature: '', report, data: {}, ended: false, dial: { ...dial, at } };
    this.#emit({ type: 'call-dialing', call: report });
  }

  /** Make `tc` the current call (the same id when it is the call we knew). */
  adopt(tc: TactiumCall, service: string | undefined): KnownCall {
    const signature = callSignature(tc);
    const known = this.current;
    if (known && known.signature === signature) return known;
    // Our dial's call (its `<A>`, or the `<AC>` answer after a reconnect): the same call, its real fields now.
    const dial = ownDial(known?.dial, tc);
    if (dial) this.dialed = undefined;
    const id = dial && known ? known.id : `tactium-${this.#next++}`;
    const data = callData(tc);
    const dialer = tc.kind === 'A' && (tc.itemId !== '' || Object.keys(tc.attach).length > 0);
    const report = callReport(id, tc.kind === 'A' ? 'outbound' : 'inbound', remoteNumber(tc), data, tc.kind === 'R' ? 'inbound' : dialer ? DIALER_CALL : 'outbound', service ?? (dial?.service || callService(tc)));
    this.#call = { id, signature, report, data, ended: false };
    return this.#call;
  }

  /** No call any more (the resync found none). */
  forget(): void {
    if (this.current) this.#lastId = this.current.id;
    if (this.#call?.dial) this.dialed = undefined;
    this.#call = undefined;
  }

  /** Mark `call` over; `announce`: emit `call-ended` now (else the caller does, after the status). */
  end(call: KnownCall, announce = true): void {
    call.ended = true;
    if (call.dial) this.dialed = undefined;
    this.#lastId = call.id;
    if (announce) this.#emit({ type: 'call-ended', callId: call.id });
  }

  /** `<G>`: the recording path of the call going on, or of the one that just ended. */
  recording(path: string): void {
    const call = this.current;
    const id = this.currentOrLastId;
    if (!id) return this.#log('warn', 'Tactium: a recording path with no call');
    if (call) {
      call.data = { ...call.data, [RECORDING_KEY]: path };
      call.report = { ...call.report, data: call.data };
    }
    this.#emit({ type: 'call-data', callId: id, data: { [RECORDING_KEY]: path } });
  }

  /** The link went: the call may have changed meanwhile. */
  unconfirmed(): void {
    const call = this.current;
    if (call) this.#emit({ type: 'call-updated', call: { id: call.id, detail: 'unconfirmed' } });
  }
}

/** `dial` when `tc` is its call: a manual `<A>` (no dialer item) to the number dialled. */
function ownDial(dial: Dialed | undefined, tc: TactiumCall): Dialed | undefined {
  return dial && tc.kind === 'A' && tc.itemId === '' && tc.dest === dial.phone ? dial : undefined;
}

function callReport(id: string, direction: 'outbound' | 'inbound', number: string, data: Record<string, string>, detail: string, service: string | undefined): CallReport {
  return { id, direction, remote: [{ number }], mustAccept: false, data, detail, ...(service ? { service } : {}) };
}
