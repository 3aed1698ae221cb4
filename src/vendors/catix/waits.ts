/**
 * Catix: what follows an accepted command. The seed promises an answer to every command, not the event that
 * shows its effect (`AGENT_PAUSED`, `DIALING`, `AGENT_LOGIN`… are the public documents' word, not the seed's).
 * So each wait ends by reading the state (`STATUS_AGENTE`, a resync) instead of waiting on:
 * - the event wait: no event within `eventWaitMs` after an accepted command → read the state; nothing is shown
 *   as failed.
 * - the PIN wait: `AGENTE_LOGAR` accepted, the extension rings for the PIN; no `AGENT_LOGIN` within
 *   `pinTimeoutMs` → read the state; still logged out → `pinMissed` (the PIN was not typed).
 */
import type { Clock, TimerHandle } from '../../domain/clock.js';
import type { LogLevel } from '../../domain/model.js';
import type { CatixCommand } from './codec.js';

/** Agent commands whose effect Catix shows by an event (the public lists): the event wait is for these only. */
const EXPECTS_EVENT: ReadonlySet<CatixCommand> = new Set(['AGENTE_DESLOGAR', 'PAUSAR', 'DISCAR', 'REDISCAR', 'DESLIGAR_CHAMADA', 'TRANSFERIR']);

export interface WaitsHost {
  readonly clock: Clock;
  readonly eventWaitMs: number;
  readonly pinTimeoutMs: number;
  /** Connected (commands may go) / the adapter closed. */
  ready(): boolean;
  closed(): boolean;
  /** The agent is (still) logged out. */
  loggedOut(): boolean;
  /** Read the state again; resolves when it was read (or could not be). */
  resync(): Promise<void>;
  /** The PIN wait ran out and the state read says logged out. */
  pinMissed(): void;
  log(level: LogLevel, message: string): void;
}

export class CommandWaits {
  readonly #host: WaitsHost;
  #event: TimerHandle | undefined;
  #pin: TimerHandle | undefined;

  constructor(host: WaitsHost) {
    this.#host = host;
  }

  /** After `comando` was accepted with no event yet: read the state if none comes in time (when it has one). */
  awaitEvent(comando: CatixCommand): void {
    if (!EXPECTS_EVENT.has(comando)) return;
    this.stopEvent();
    const wait = this.#host.eventWaitMs;
    if (wait <= 0) return;
    this.#event = this.#host.clock.setTimeout(() => {
      this.#event = undefined;
      if (this.#host.closed() || !this.#host.ready()) return;
      this.#host.log('info', `Catix: no event followed ${comando} in ${wait} ms; reading the status`);
      void this.#host.resync();
    }, wait);
  }

  /** An event came (or the link went): nothing to wait for. */
  stopEvent(): void {
    if (this.#event) this.#host.clock.clearTimeout(this.#event);
    this.#event = undefined;
  }

  /** `AGENTE_LOGAR` accepted on `extension`: the agent types the PIN there. */
  awaitPin(extension: string): void {
    this.stopPin();
    const host = this.#host;
    this.#pin = host.clock.setTimeout(() => {
      this.#pin = undefined;
      if (!host.loggedOut()) return;
      // AGENT_LOGIN is the public documents' word, not the seed's: before saying the PIN was not typed, ask.
      const asked = host.ready() ? host.resync() : Promise.resolve();
      void asked.then(() => {
        if (host.closed() || !host.loggedOut() || this.#pin) return;
        host.log('warn', `Catix: not logged in ${Math.round(host.pinTimeoutMs / 1000)} s after AGENTE_LOGAR (the PIN was not typed on extension ${extension})`);
        host.pinMissed();
      });
    }, host.pinTimeoutMs);
  }

  /** `AGENTE_LOGAR` was accepted and the PIN wait runs: the extension asks for the PIN. */
  get pinPending(): boolean {
    return this.#pin !== undefined;
  }

  /** The agent logged in or out (or the adapter closed): the PIN wait is over. */
  stopPin(): void {
    if (this.#pin) this.#host.clock.clearTimeout(this.#pin);
    this.#pin = undefined;
  }
}
