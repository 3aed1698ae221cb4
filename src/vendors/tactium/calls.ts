/**
 * Tactium agent role: the one call an agent has (seed: one call per agent), as `call-*` events. A call keeps
 * its id while the server reports the same call (`callSignature`), across reconnects too.
 */
import type { CallReport, DomainEvent } from '../../domain/events.js';
import type { LogLevel } from '../../domain/model.js';
import { RECORDING_KEY, callData, callService, callSignature, remoteNumber, type TactiumCall } from './codec.js';

export interface KnownCall {
  readonly id: string;
  readonly signature: string;
  report: CallReport;
  data: Record<string, string>;
  ended: boolean;
}

export class AgentCall {
  readonly #emit: (event: DomainEvent) => void;
  readonly #log: (level: LogLevel, message: string) => void;
  #call: KnownCall | undefined;
  /** The call that ended last (a `<G>` or a dialer outcome may come after `<EndCall>`). */
  #lastId: string | undefined;
  #next = 1;
  /** The last dial sent (its `<A>` may arrive after the dial command settled). */
  dialed: { readonly phone: string; readonly service: string } | undefined;

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

  /** A call event: `false` when it is the call we knew (nothing changed). */
  onCall(tc: TactiumCall, service: string | undefined): boolean {
    const known = this.current;
    if (known && known.signature === callSignature(tc)) return false;
    // Tactium has one call per agent: a new one means the old one is over.
    if (known) this.end(known);
    // The agent's own dial, arriving after the dial's fence: it keeps the service it was dialled with.
    const dialed = this.dialed;
    this.dialed = undefined;
    const ownDial = dialed && tc.kind === 'A' && tc.itemId === '' && tc.dest === dialed.phone ? dialed.service || undefined : undefined;
    this.#emit({ type: 'call-answered', call: this.adopt(tc, service || ownDial).report });
    return true;
  }

  /** Make `tc` the current call (the same id when it is the call we knew). */
  adopt(tc: TactiumCall, service: string | undefined): KnownCall {
    const signature = callSignature(tc);
    const known = this.current;
    if (known && known.signature === signature) return known;
    const id = `tactium-${this.#next++}`;
    const data = callData(tc);
    const dialer = tc.kind === 'A' && (tc.itemId !== '' || Object.keys(tc.attach).length > 0);
    const svc = service ?? callService(tc);
    const report: CallReport = {
      id,
      direction: tc.kind === 'A' ? 'outbound' : 'inbound',
      remote: [{ number: remoteNumber(tc) }],
      mustAccept: false,
      data,
      detail: tc.kind === 'R' ? 'inbound' : dialer ? 'dialer' : 'outbound',
      ...(svc ? { service: svc } : {}),
    };
    this.#call = { id, signature, report, data, ended: false };
    return this.#call;
  }

  /** No call any more (the resync found none). */
  forget(): void {
    if (this.current) this.#lastId = this.current.id;
    this.#call = undefined;
  }

  /** Mark `call` over; `announce`: emit `call-ended` now (else the caller does, after the status). */
  end(call: KnownCall, announce = true): void {
    call.ended = true;
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
