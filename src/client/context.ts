/**
 * How elements reach a session: `<cti-provider>` provides a `CtiSessionHandle` through the context protocol
 * (`context-request` events, as @lit/context speaks it: its consumers work with these contexts too), and
 * `SessionController` consumes it, subscribes to its snapshots while the host is connected and
 * asks the host to update on each one. A handle given directly (the element's `session` property)
 * wins over the context one.
 *
 * A hidden page renders nothing: the snapshot is kept (the provider's host events and ringing do not wait, they
 * subscribe on their own) and the host updates once, with the latest, when the page becomes visible.
 */
import { createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionSnapshot } from '../domain/model.js';
import type { CtiSessionHandle } from './types.js';

/** The session handle provided by `<cti-provider>`. */
export const ctiSessionContext = createContext<CtiSessionHandle | undefined>(Symbol.for('cti-session'));

/** The provider's `locale`, used when no `[lang]` is found above an element. */
export const ctiLocaleContext = createContext<string | undefined>(Symbol.for('cti-locale'));

export type SessionControllerHost = ReactiveControllerHost & HTMLElement;

/**
 * The context protocol's two ends in a few bytes instead of @lit/context's controllers (issue 13 §3: the page's
 * initial load), with the same behaviour: a consumer asks on connect (`context-request`, subscribed) and lets go on
 * disconnect; the closest provider answers, then calls it on every change; a provider that connects between a
 * provider and its consumers takes them over (`context-provider`: they ask again).
 */
type Callback<T> = (value: T, unsubscribe?: () => void) => void;

function ask(consumer: Element, context: unknown, callback: Callback<never>): void {
  consumer.dispatchEvent(Object.assign(new Event('context-request', { bubbles: true, composed: true }), { context, contextTarget: consumer, callback, subscribe: true }));
}

/** The element an event of the protocol is about (`contextTarget`, else where it was dispatched). */
const about = (event: Event): EventTarget | undefined => (event as Event & { contextTarget?: EventTarget }).contextTarget ?? event.composedPath()[0];

/** What `host` provides to the elements inside it (`<cti-provider>`). */
export class ProvidedValue<T> implements ReactiveController {
  #value: T | undefined;
  readonly #subscribers = new Map<Callback<T>, { readonly consumer: Element; readonly unsubscribe: () => void }>();

  constructor(
    readonly host: ReactiveControllerHost & HTMLElement,
    readonly context: unknown,
  ) {
    host.addEventListener('context-request', (event) => {
      const { context: asked, callback, subscribe } = event as Event & { context: unknown; callback: Callback<T>; subscribe?: boolean };
      const consumer = about(event);
      if (asked !== context || consumer === host || !(consumer instanceof Element)) return;
      event.stopPropagation();
      if (!subscribe) return callback(this.#value as T);
      let entry = this.#subscribers.get(callback);
      if (!entry) this.#subscribers.set(callback, (entry = { consumer, unsubscribe: () => this.#subscribers.delete(callback) }));
      callback(this.#value as T, entry.unsubscribe);
    });
    host.addEventListener('context-provider', (event) => {
      if ((event as Event & { context: unknown }).context !== context || about(event) === host) return;
      event.stopPropagation();
      for (const [callback, { consumer }] of [...this.#subscribers]) ask(consumer, context, callback);
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.host.dispatchEvent(Object.assign(new Event('context-provider', { bubbles: true, composed: true }), { context: this.context, contextTarget: this.host }));
  }

  setValue(value: T): void {
    if (Object.is(value, this.#value)) return;
    this.#value = value;
    for (const [callback, { unsubscribe }] of this.#subscribers) callback(value, unsubscribe);
  }
}

/** What the closest provider above `host` provides for `context`, kept current while `host` is connected. */
export class ConsumedValue<T> implements ReactiveController {
  value: T | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(
    readonly host: ReactiveControllerHost & HTMLElement,
    readonly context: unknown,
    readonly onValue?: () => void,
  ) {
    host.addController(this);
  }

  readonly #callback = (value: T, unsubscribe?: () => void): void => {
    if (this.#unsubscribe !== unsubscribe) this.#unsubscribe?.(); // another provider answers now
    this.#unsubscribe = unsubscribe;
    this.value = value;
    this.host.requestUpdate();
    this.onValue?.();
  };

  hostConnected(): void {
    ask(this.host, this.context, this.#callback as Callback<never>);
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}

/** Consumes the session context and keeps the latest snapshot of the active handle. */
export class SessionController implements ReactiveController {
  readonly #host: SessionControllerHost;
  readonly #consumer: ConsumedValue<CtiSessionHandle | undefined>;
  readonly #onSnapshot: ((snapshot: SessionSnapshot) => void) | undefined;
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

  constructor(host: SessionControllerHost, onSnapshot?: (snapshot: SessionSnapshot) => void) {
    this.#host = host;
    this.#onSnapshot = onSnapshot;
    this.#consumer = new ConsumedValue(host, ctiSessionContext, () => this.#attach());
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
        if (snapshot === this.#snapshot) return;
        this.#snapshot = snapshot;
        this.#onSnapshot?.(snapshot);
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

function isHidden(): boolean {
  return document.visibilityState === 'hidden';
}
