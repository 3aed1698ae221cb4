/**
 * Events that arrive while a resync is in flight are held and applied after its snapshot (they are newer than
 * what it read). At most `limit` are held; never a silent drop past it: the overflow is remembered, and so are
 * the agents those events were about, so the adapter reads them again after the resync (agent role: the agent
 * again; supervisor: `STATUS_AGENTE` of each member not heard — a team that logs in during the first resync is
 * not stuck at what was held). Memory stays bounded by `limit` events plus one id per agent.
 */
export class HeldEvents<E extends { readonly agent?: string }> {
  #events: E[] = [];
  #overflow = false;
  readonly #unheard = new Set<string>();

  readonly #limit: number;
  readonly #overflowed: () => void;

  constructor(limit: number, overflowed: () => void) {
    this.#limit = limit;
    this.#overflowed = overflowed;
  }

  hold(event: E): void {
    if (this.#events.length < this.#limit) {
      this.#events.push(event);
      return;
    }
    if (!this.#overflow) this.#overflowed();
    this.#overflow = true;
    if (event.agent) this.#unheard.add(event.agent);
  }

  /** Everything held, emptied: the events in order, whether some did not fit, the agents of those. */
  take(): { readonly events: E[]; readonly overflow: boolean; readonly unheard: string[] } {
    const taken = { events: this.#events, overflow: this.#overflow, unheard: [...this.#unheard] };
    this.clear();
    return taken;
  }

  clear(): void {
    this.#events = [];
    this.#overflow = false;
    this.#unheard.clear();
  }
}
