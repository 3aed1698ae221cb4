import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onLocaleLoaded } from '../../i18n/index.js';

/**
 * Re-renders its host when a lazily loaded catalog (en, es) arrives: for the small nested elements that do
 * not extend `CtiElement` (which does this itself). Subscribed while the host is connected.
 */
export class LocaleUpdates implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #off: (() => void) | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#off ??= onLocaleLoaded(() => this.#host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#off = undefined;
  }
}
