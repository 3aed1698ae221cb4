/**
 * The `Status` answer collected: the seed promises one DGPhoneEvent per line and nothing more, so the answer is
 * complete when all six lines were named (a LineSelected, when the server adds one, names the selection), or when
 * the bound passes (the lines missing are unknown). A response is not awaited.
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import { LINE_COUNT, defined } from './codec.js';
import type { LineMessage, LineReport } from './lines.js';

export interface StatusAnswer {
  readonly lines: Map<number, LineReport>;
  readonly selected: number | undefined;
  /** A refresh on a link that stayed up: lines the answer leaves out keep what the live events said. */
  readonly refresh: boolean;
}

export class StatusCollector {
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #onLate: (got: number) => void;
  readonly #onAnswer: (a: StatusAnswer) => void;
  #current: { readonly lines: Map<number, LineReport>; readonly named: Set<number>; selected?: number; readonly refresh: boolean; readonly done: () => void } | undefined;
  #timer: TimerHandle | undefined;

  /** `onAnswer`: the answer, at once (before the next message); `onLate`: the bound passed with `got` lines of six. */
  constructor(clock: Clock, timeoutMs: number, onAnswer: (a: StatusAnswer) => void, onLate: (got: number) => void) {
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#onAnswer = onAnswer;
    this.#onLate = onLate;
  }

  /** An answer is being collected: line events belong to it. */
  get active(): boolean {
    return this.#current !== undefined;
  }

  /** Start collecting; resolves once the answer was applied, or it was dropped. */
  start(refresh: boolean): Promise<void> {
    this.drop();
    return new Promise<void>((done) => {
      this.#current = { lines: new Map(), named: new Set(), refresh, done };
      this.#timer = this.#clock.setTimeout(() => {
        this.#timer = undefined;
        if (this.#current) this.#onLate(this.#current.lines.size);
        this.finish();
      }, this.#timeoutMs);
    });
  }

  collect(m: LineMessage): void {
    const r = this.#current;
    if (!r) return;
    // Seed L39 "o evento Status para cada linha": a server may give a line as its last event. LineSelected and
    // DTMFReceived say nothing of the line's call: that line is named (the answer is complete at six) but unknown.
    r.named.add(m.line);
    if (m.status === 'LineSelected') r.selected = m.line;
    else if (m.status !== 'DTMFReceived') r.lines.set(m.line, m.status === 'Hangup' ? { status: 'Ready' } : defined({ status: m.status, number: m.number || undefined, hold: m.hold }));
    if (r.named.size >= LINE_COUNT) this.finish();
  }

  /** End with what came (all six, the bound, an Error response). */
  finish(): void {
    const r = this.#end();
    if (!r) return;
    r.done();
    this.#onAnswer({ lines: r.lines, selected: r.selected, refresh: r.refresh });
  }

  /** Abandon it (the link or the DGPhone went away). */
  drop(): void {
    this.#end()?.done();
  }

  #end() {
    const r = this.#current;
    this.#current = undefined;
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    return r;
  }
}
