/**
 * The pause-reason and classification lists (§8), read after every (re)connect. The same list is asked at
 * most once every 5 s (the server's rate limit): within that, the cached answer is published again. An
 * `unsafe_request` (rate-limited) with a list known is retried once after 5 s; with none known it is asked
 * again until it comes (the limit's scope is not said, L2200: a server may count every client's queries,
 * and with no pause list the agent cannot pause), each time later (5 s doubling to 60 s, plus up to 5 s of
 * jitter). An answer without the list, or a failure, keeps the cached one (no news is not an empty list).
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import type { DomainEvent } from '../../domain/events.js';
import type { CtiError } from '../../domain/model.js';
import { classifications, pauseReasons, type WireObject } from './codec.js';

/** The list rate limit (§8: the same list at most once every 5 s). */
const LIST_INTERVAL_MS = 5_000;

export type ListName = 'pauses' | 'classifications';

export interface ListsHost {
  readonly clock: Clock;
  get(path: string, query?: Record<string, string>): Promise<WireObject>;
  random(): number;
  emit(event: DomainEvent): void;
  log(level: 'info' | 'warn', message: string): void;
}

export class InteractLists {
  readonly #host: ListsHost;
  readonly #timers = new Set<TimerHandle>();
  /** `tries`: rate-limited answers in a row. */
  readonly #cache: Record<ListName, { at: number; event?: DomainEvent; tries: number }> = {
    pauses: { at: -Infinity, tries: 0 },
    classifications: { at: -Infinity, tries: 0 },
  };

  constructor(host: ListsHost) {
    this.#host = host;
  }

  /** Read `which` (or publish the cached one); `current()` false: the answer is for a connection gone. */
  async load(which: ListName, current: () => boolean): Promise<void> {
    const host = this.#host;
    const cache = this.#cache[which];
    const now = host.clock.now();
    /** The list we have, published again. */
    const cached = (): void => {
      if (cache.event) host.emit(cache.event);
    };
    if (now - cache.at < LIST_INTERVAL_MS) return cached();
    cache.at = now;
    try {
      const body = which === 'pauses' ? await host.get('agent/get_pause_type_list', { trigger: 'manual' }) : await host.get('agent/get_classification_list');
      if (!current()) return;
      const keys = which === 'pauses' ? ['pauses'] : ['classification', 'classifications'];
      if (keys.every((k) => body[k] === undefined)) {
        // An answer without the list is no news: the list we have stays.
        host.log('warn', `${which} list answer without a list; keeping the cached one`);
        return cached();
      }
      const event: DomainEvent =
        which === 'pauses' ? { type: 'pause-reasons', reasons: pauseReasons(body) } : { type: 'classifications', classifications: classifications(body) };
      cache.event = event;
      cache.tries = 0;
      host.emit(event);
    } catch (e) {
      if (!current()) return;
      const err = e as CtiError;
      if (err.code === 'rate-limited' && (!cache.event || !cache.tries)) {
        const ms = LIST_INTERVAL_MS * (Math.min(12, 2 ** cache.tries++) + host.random());
        host.log('info', `${which} list rate-limited, retrying in ${Math.round(ms / 1000)} s`);
        const t = host.clock.setTimeout(() => {
          this.#timers.delete(t);
          cache.at = -Infinity;
          void this.load(which, current);
        }, ms);
        this.#timers.add(t);
        return;
      }
      host.log('warn', `${which} list failed (${err.code})`);
      cached();
    }
  }

  /** A pause reason's name as the list gave it ('' when not listed). */
  pauseName(id: string): string {
    const e = this.#cache.pauses.event;
    return (e?.type === 'pause-reasons' && e.reasons.find((r) => r.id === id)?.name) || '';
  }

  /** Stop the retries waiting. */
  stop(): void {
    for (const t of this.#timers) this.#host.clock.clearTimeout(t);
    this.#timers.clear();
  }
}
