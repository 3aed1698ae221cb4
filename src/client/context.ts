/**
 * How elements reach a session: `<cti-provider>` provides a `CtiSessionHandle` through @lit/context,
 * and `SessionController` consumes it, subscribes to its snapshots while the host is connected and
 * asks the host to update on each one. A handle given directly (the element's `session` property)
 * wins over the context one.
 *
 * A hidden page renders nothing: the snapshot is kept (the provider's host events and ringing do not wait, they
 * subscribe on their own) and the host updates once, with the latest, when the page becomes visible.
 *
 * A host that names the slices it never shows (`unshown`: `<cti-phone>` shows no queues, no team) is not updated
 * for a snapshot in which only those changed: the hub keeps every unchanged slice's object (`src/hub/updates.ts`),
 * so one identity check per slice tells. Its `snapshot` is still the latest, for whatever renders it next.
 */
import { ContextConsumer, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionSnapshot } from '../domain/model.js';
import type { CtiSessionHandle } from './types.js';

/** The session handle provided by `<cti-provider>`. */
export const ctiSessionContext = createContext<CtiSessionHandle | undefined>(Symbol.for('cti-session'));

/** The provider's `locale`, used when no `[lang]` is found above an element. */
export const ctiLocaleContext = createContext<string | undefined>(Symbol.for('cti-locale'));

export type SessionControllerHost = ReactiveControllerHost & HTMLElement;

/** Consumes the session context and keeps the latest snapshot of the active handle. */
export class SessionController implements ReactiveController {
  readonly #host: SessionControllerHost;
  readonly #consumer: ContextConsumer<typeof ctiSessionContext, SessionControllerHost>;
  readonly #onSnapshot: ((snapshot: SessionSnapshot) => void) | undefined;
  readonly #unshown: ReadonlySet<string> | undefined;
  #explicit: CtiSessionHandle | undefined;
  #attached: CtiSessionHandle | undefined;
  #unsubscribe: (() => void) | undefined;
  #connected = false;
  #snapshot: SessionSnapshot | undefined;
  /** A snapshot came while the page was hidden and has not been rendered. */
  #unrendered = false;
  readonly #onVisibility = () => {
    if (!this.#unrendered || isHidden()) return;
    this.#unrendered = false;
    this.#host.requestUpdate();
  };

  constructor(host: SessionControllerHost, onSnapshot?: (snapshot: SessionSnapshot) => void, unshown?: ReadonlySet<keyof SessionSnapshot>) {
    this.#host = host;
    this.#onSnapshot = onSnapshot;
    this.#unshown = unshown;
    this.#consumer = new ContextConsumer(host, {
      context: ctiSessionContext,
      subscribe: true,
      callback: () => this.#attach(),
    });
    host.addController(this);
  }

  /** The handle in use: the explicit one, else the provided one. */
  get session(): CtiSessionHandle | undefined {
    return this.#explicit ?? this.#consumer.value;
  }

  /** The latest snapshot of the handle in use. */
  get snapshot(): SessionSnapshot | undefined {
    return this.#snapshot;
  }

  /** Use this handle instead of the provided one (`undefined`: back to the context). */
  setExplicit(session: CtiSessionHandle | undefined): void {
    if (this.#explicit === session) return;
    this.#explicit = session;
    this.#attach();
  }

  hostConnected(): void {
    this.#connected = true;
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#attach();
  }

  hostDisconnected(): void {
    this.#connected = false;
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#detach();
  }

  #attach(): void {
    const session = this.#connected ? this.session : undefined;
    if (session === this.#attached) return;
    this.#detach();
    this.#attached = session;
    this.#snapshot = session?.snapshot;
    if (session) {
      this.#unsubscribe = session.subscribe((snapshot) => {
        const shown = this.#snapshot;
        if (snapshot === shown) return;
        this.#snapshot = snapshot;
        this.#onSnapshot?.(snapshot);
        if (shown && this.#unshown && onlyChanged(shown, snapshot, this.#unshown)) return;
        if (isHidden()) this.#unrendered = true;
        else this.#host.requestUpdate();
      });
    }
    if (this.#snapshot) this.#onSnapshot?.(this.#snapshot);
    this.#host.requestUpdate();
  }

  #detach(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#attached = undefined;
    this.#snapshot = undefined;
  }
}

/** Whether every top-level slice that differs between `a` and `b` (by identity) is in `slices`. */
function onlyChanged(a: SessionSnapshot, b: SessionSnapshot, slices: ReadonlySet<string>): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in y) if (x[k] !== y[k] && !slices.has(k)) return false;
  for (const k in x) if (!(k in y) && !slices.has(k)) return false;
  return true;
}

function isHidden(): boolean {
  return document.visibilityState === 'hidden';
}
