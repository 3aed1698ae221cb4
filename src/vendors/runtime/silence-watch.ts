/**
 * A silence watchdog the adapter starts itself (Catix: only once the server has shown how often it sends `KEEP_ALIVE`
 * — two on a link, or the first on a later link — with a window that follows that rhythm; a server that sends none is
 * not watched). Once started, anything heard re-arms it; `limitMs` of silence calls
 * `silent` once (the adapter then loses the link: `connection.lose(keep-alive-lost)`). `stop` on every link end.
 * The runtime's own `watchdog: { kind: 'silence' }` is armed by the connection from the start instead.
 *
 * Given a `KeepAlive` filter, the adapter hands it every message (`heard`) instead: the keep-alive starts it
 * (the first one) and re-arms it; any other message re-arms it once started, or nothing else does when `only`
 * (DGPhone: armed by the first DGTimeStamp, re-armed only by DGTimeStamp).
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';

/** Which messages are the keep-alive, and whether only they re-arm the watch. */
export interface KeepAlive<M> {
  readonly is: (m: M) => boolean;
  /** Only the keep-alive re-arms it (else anything heard does, once started). */
  readonly only?: boolean;
}

export class SilenceWatch<M = unknown> {
  readonly #clock: Clock;
  readonly #limitMs: number;
  readonly #silent: (limitMs: number) => void;
  #timer: TimerHandle | undefined;
  #started = false;
  readonly #keepAlive: KeepAlive<M> | undefined;

  /** `limitMs` ≤ 0: never watches. */
  constructor(clock: Clock, limitMs: number, silent: (limitMs: number) => void, keepAlive?: KeepAlive<M>) {
    this.#clock = clock;
    this.#limitMs = limitMs;
    this.#silent = silent;
    this.#keepAlive = keepAlive;
  }

  /** A message of the link (a watch given a `KeepAlive`): the keep-alive starts or re-arms it; others per `only`. */
  heard(m: M): void {
    if (this.#keepAlive?.is(m)) this.start();
    else if (!this.#keepAlive?.only) this.touch();
  }

  get started(): boolean {
    return this.#started;
  }

  /** Watch from now on (again: re-armed). */
  start(): void {
    if (this.#limitMs <= 0) return;
    this.#started = true;
    this.touch();
  }

  /** Something was heard: the silence starts again (nothing while not started). */
  touch(): void {
    if (!this.#started) return;
    this.#clear();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#started = false;
      this.#silent(this.#limitMs);
    }, this.#limitMs);
  }

  /** The link ended: not watched until started again. */
  stop(): void {
    this.#started = false;
    this.#clear();
  }

  #clear(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
