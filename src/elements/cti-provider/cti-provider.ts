import { ContextProvider } from '@lit/context';
import { css, html, LitElement, nothing, type ReactiveElement, type TemplateResult } from 'lit';
import { customElement, property, state } from '../shared/decorators.js';
import { ctiLocaleContext, ctiSessionContext } from '../../client/context.js';
import { HostEventTracker, reportingRejections, toDomEvent } from '../../client/host-events.js';
import { createCtiSession } from '../../client/session.js';
import type { RingController } from '../../client/ring-controller.js';
import type { AudioContextLike } from '../../client/ringer.js';
import type { CtiSessionHandle } from '../../client/types.js';
import type { DiagnosticsReport } from '../../client/diagnostics.js';
import type { Command } from '../../domain/commands.js';
import { Vendor, type CtiError, type SessionSnapshot, type VendorId } from '../../domain/model.js';
import { CtiDialRequestEvent } from '../../events/cti-dial-request.js';
import type { SessionConfig } from '../../vendors/adapter.js';
import { onLocaleLoaded, t } from '../../i18n/index.js';

/** Creates the session for a config (`createCtiSession` by default; tests inject a fake). */
export type CtiSessionFactory = (config: SessionConfig) => CtiSessionHandle;

/** What `configure()` accepts: the session config plus the locale. Never a password. */
export type CtiProviderConfig = Partial<SessionConfig> & { readonly locale?: string };

const VENDORS: ReadonlySet<string> = new Set(Object.values(Vendor));

function notConnected(operation: string): CtiError {
  return { code: 'not-connected', at: Date.now(), operation };
}

/**
 * The one place a page configures telephony. It creates the session for its configuration,
 * provides it to the `cti-*` elements inside it (through @lit/context), recreates it when the
 * configuration changes and disposes of it when removed. It watches the session and dispatches
 * the host-page events below, and offers `dial`, `login` and `execute` to the host page.
 *
 * There is no password attribute, on purpose: a password goes only through `login()` or the
 * sign-in form, and lives in memory. A `password` attribute put on the element is removed.
 *
 * @summary Configures the session and provides it to the elements inside; host-page events and API.
 *
 * @slot - The `cti-*` elements (and anything else) that use this session.
 *
 * @fires cti-incoming-call - {@link CtiIncomingCallEvent} `{ callId, from: { number, name? }, service?, data, lineId?, mustAccept, primary, connected? }`; `primary` is true in exactly one tab per call (pop the record there).
 *
 * @csspart ring-notice - "Ringing needs a click" (audio still locked by the browser's autoplay rule).
 * @csspart ring-enable - Its *Enable ringing* button.
 * @fires cti-call-answered - {@link CtiCallAnsweredEvent} `{ callId, direction, remote, service?, data, answeredAt }`.
 * @fires cti-call-ended - {@link CtiCallEndedEvent} `{ callId, direction, remote, service?, data, answered, talkMs? }`.
 * @fires cti-call-data - {@link CtiCallDataEvent} `{ callId, direction, remote, data, lineId? }`: a call's data gained or changed keys (also a new call that has data).
 * @fires cti-notice - {@link CtiNoticeEvent} a new `Notice` `{ id, kind: 'scheduled-call', at, dueAt?, data }` (Catix scheduled calls).
 * @fires cti-agent-state-changed - {@link CtiAgentStateChangedEvent} `{ previous?: { phase, detail, pauseReasonId? }, next, agent }`.
 * @fires cti-error - {@link CtiErrorEvent} the `CtiError` `{ code, at, operation?, httpStatus?, vendorCode?, detail? }`, once per failure: a new snapshot error, or a command this tab sent (an element's action, `execute`, `dial`, `login`) that was rejected (`event.command` is its type).
 * @fires cti-connection-changed - {@link CtiConnectionChangedEvent} `{ previous?, next, connection }`.
 * @fires cti-dial-request - {@link CtiDialRequestEvent} `{ number, source: 'api' | 'link', service?, extension? }` (`event.element`: the link), cancelable, before `dial()` or a phone link of the page (`scan-tel-links`) dials.
 */
@customElement('cti-provider')
export class CtiProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
    .ring-notice {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.5rem;
      margin: 0 0 0.5rem;
      padding: 0.375rem 0.5rem;
      border-radius: 6px;
      font: 0.875rem/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
      background: #fff4e5;
      color: #7a2e0e;
    }
    .ring-notice button {
      font: inherit;
      min-height: 2rem;
      padding: 0 0.75rem;
      border: 1px solid currentColor;
      border-radius: 6px;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    .ring-notice button:focus-visible {
      outline: 2px solid;
      outline-offset: 2px;
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light'])) .ring-notice {
        background: #2d2108;
        color: #f0b72f;
      }
    }
    :host([theme='dark']) .ring-notice {
      background: #2d2108;
      color: #f0b72f;
    }
  `;

  readonly #sessionProvider = new ContextProvider(this, { context: ctiSessionContext });
  readonly #localeProvider = new ContextProvider(this, { context: ctiLocaleContext });
  #session: CtiSessionHandle | undefined;
  #unsubscribe: (() => void) | undefined;
  #events = new HostEventTracker();
  #configKey = '';

  /** Vendor: `interact`, `neon`, `catix`, `dgphone` or `tactium`. */
  @property({ reflect: true }) vendor: VendorId | undefined;

  /** Vendor server base URL (Interact: `http://host:8582/interact_cti/v1.0`), or the websockify relay URL. */
  @property({ reflect: true }) server: string | undefined;

  /** Agent login name (prefills the sign-in form; part of the session key). */
  @property({ reflect: true }) agent: string | undefined;

  /** Extension / branch (prefills the sign-in form). */
  @property({ reflect: true }) extension: string | undefined;

  /** Interact body and event format: `json` (default) or `xml`. */
  @property({ reflect: true }) format: 'json' | 'xml' | undefined;

  /**
   * Locale for the elements inside (`pt-BR`, `en`, `es`); the provider's `lang` attribute works too.
   * It beats the page's `<html lang>`; an element's own `lang` beats it.
   */
  @property({ reflect: true }) locale: string | undefined;

  /** Vendor-specific options (plain data, no secrets). */
  @property({ attribute: false }) options: Readonly<Record<string, string | number | boolean>> | undefined;

  /**
   * Credentials of the connection itself (NEON: the integration's application user and password for
   * `authenticate`). A property only — never an attribute, never stored — kept in memory and
   * handed to the hub. Not the agent's password: that goes through `login()` or the sign-in form.
   */
  @property({ attribute: false }) credentials: { readonly user: string; readonly password: string } | undefined;

  /**
   * `off`: this page never plays the ringtone (the call still shows, and notifications still follow `notifications`).
   * Anything else (default `on`): the tab the hub elected rings (a tone generated with Web Audio, no file).
   */
  @property({ reflect: true }) ringtone: string | undefined;

  /** Ringtone volume, 0 to 1 (default 0.6). Not stored: the host page keeps the agent's preference if it wants to. */
  @property({ attribute: 'ring-volume', type: Number }) ringVolume: number | undefined;

  /**
   * Desktop notification when a call rings while the page is hidden (in the elected tab only). The permission
   * is asked on the page's first click or key press, never on load.
   */
  @property({ type: Boolean, reflect: true }) notifications = false;

  /**
   * Click-to-dial in the page: `tel:` links and `data-cti-dial` elements anywhere in the document (added later too)
   * dial through this provider, after the cancelable `cti-dial-request` (`source: 'link'`), instead of the
   * operating system's handler (`client/tel-scanner.ts`, loaded only when set).
   */
  @property({ type: Boolean, reflect: true, attribute: 'scan-tel-links' }) scanTelLinks = false;

  #stopScan: (() => void) | undefined;

  /** Start or stop the page's phone-link scanner to match `scan-tel-links` and being in the document. */
  #scan(): void {
    if (!(this.scanTelLinks && this.isConnected)) {
      this.#stopScan?.();
      this.#stopScan = undefined;
    } else if (!this.#stopScan) {
      let off: (() => void) | undefined;
      let on = true;
      this.#stopScan = () => {
        on = false;
        off?.();
      };
      import('../../client/tel-scanner.js').then(({ scanTelLinks }) => on && (off = scanTelLinks(this)), () => undefined);
    }
  }

  /** Creates the ringer's audio context (tests inject a fake). Default: `new AudioContext()`. */
  @property({ attribute: false }) createAudioContext: (() => AudioContextLike) | undefined;

  /** How the session is created. Defaults to `createCtiSession`; tests and embedders may replace it. */
  @property({ attribute: false }) sessionFactory: CtiSessionFactory = (config) => createCtiSession(config);

  /** The current session, while configured and connected to the document. */
  get session(): CtiSessionHandle | undefined {
    return this.#session;
  }

  /** The session configuration the attributes describe, or `undefined` while incomplete. */
  get config(): SessionConfig | undefined {
    const vendor = this.vendor;
    const server = this.server?.trim();
    if (!vendor || !VENDORS.has(vendor) || !server) return undefined;
    return {
      vendor,
      server,
      agent: this.agent?.trim() ?? '',
      ...(this.extension ? { extension: this.extension.trim() } : {}),
      ...(this.format === 'json' || this.format === 'xml' ? { format: this.format } : {}),
      ...(this.options ? { options: { ...this.options } } : {}),
      ...(this.credentials ? { credentials: { user: this.credentials.user, password: this.credentials.password } } : {}),
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasAttribute('password')) this.removeAttribute('password');
    this.#listenForGesture(true);
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listenForGesture(false);
    this.#teardown();
    this.#scan();
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  protected override willUpdate(): void {
    this.#localeProvider.setValue(this.locale || this.getAttribute('lang') || undefined);
    this.#sync();
    this.#scan();
    this.#ringControl?.apply();
  }

  /** Create, keep or recreate the session for the current configuration. */
  #sync(): void {
    if (!this.isConnected) return;
    const config = this.config;
    const key = config ? JSON.stringify(config) : '';
    if (key === this.#configKey && (this.#session !== undefined) === (config !== undefined)) return;
    this.#teardown();
    this.#configKey = key;
    if (!config) return;
    // A lastError held while a command is in flight (it may be that command's failure) fires through here.
    const events = new HostEventTracker((event) => this.dispatchEvent(toDomEvent(event)));
    this.#events = events;
    // Every rejected command is a failure the element shows: the host page hears of it once.
    const session = reportingRejections(
      this.sessionFactory(config),
      (reason, command) => {
        const event = events.rejected(reason, command.type);
        if (event) this.dispatchEvent(toDomEvent(event));
      },
      events,
    );
    this.#session = session;
    this.#unsubscribe = session.subscribe((snapshot) => this.#publish(snapshot));
    this.#sessionProvider.setValue(session);
    if (session.snapshot) this.#publish(session.snapshot);
  }

  #teardown(): void {
    this.#ring(undefined);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#session?.dispose();
    this.#session = undefined;
    this.#events.dispose();
    this.#events = new HostEventTracker();
    this.#configKey = '';
    this.#sessionProvider.setValue(undefined);
  }

  /** Dispatch the host-page events between the last snapshot and this one. */
  #publish(snapshot: SessionSnapshot): void {
    for (const event of this.#events.snapshot(snapshot)) this.dispatchEvent(toDomEvent(event));
    this.#ring(snapshot);
  }

  /** Set several configuration fields at once (one session re-creation). */
  configure(config: CtiProviderConfig): void {
    if ('vendor' in config) this.vendor = config.vendor;
    if ('server' in config) this.server = config.server;
    if ('agent' in config) this.agent = config.agent;
    if ('extension' in config) this.extension = config.extension;
    if ('format' in config) this.format = config.format;
    if ('options' in config) this.options = config.options;
    if ('locale' in config) this.locale = config.locale;
  }

  /**
   * Send a command on the session. Rejects with a `CtiError` (`not-connected` without a session),
   * and fires it as `cti-error` too.
   */
  execute(command: Command): Promise<void> {
    const session = this.#session;
    if (session) return session.execute(command);
    const error = notConnected(command.type);
    const event = this.#events.rejected(error, command.type);
    if (event) this.dispatchEvent(toDomEvent(event));
    return Promise.reject(error);
  }

  /**
   * Click-to-dial. Fires the cancelable `cti-dial-request` first; resolves `false` when vetoed,
   * `true` when the vendor accepted the dial; rejects with a `CtiError` when it failed.
   */
  async dial(number: string): Promise<boolean> {
    const to = number.trim();
    const request = new CtiDialRequestEvent({ number: to, source: 'api' });
    this.dispatchEvent(request);
    if (request.defaultPrevented) return false;
    await this.execute({ type: 'dial', to });
    return true;
  }

  /** Sign the agent in. The password is passed through to the session and not kept here. */
  login(credentials: { agent?: string; password?: string; extension?: string; domain?: string } = {}): Promise<void> {
    const agent = credentials.agent ?? this.agent ?? '';
    const extension = credentials.extension ?? this.extension;
    return this.execute({
      type: 'login',
      agent,
      ...(credentials.password ? { password: credentials.password } : {}),
      ...(extension ? { extension } : {}),
      ...(credentials.domain ? { domain: credentials.domain } : {}),
    });
  }

  /**
   * The diagnostics a support desk asks for, redacted: versions, hub mode, configuration without secrets, the
   * connection now and its history, the session's log from the hub and every open tab's log (`client/diagnostics.ts`).
   * No credential, token, PIN or session secret is in it. `download: true` also saves it as
   * `cti-diagnostics-<date>.json`.
   */
  async diagnostics(options: { readonly download?: boolean } = {}): Promise<DiagnosticsReport> {
    const { collectDiagnostics, downloadDiagnostics } = await import('../../client/diagnostics.js');
    const report = await collectDiagnostics(this.#session);
    if (options.download) downloadDiagnostics(report);
    return report;
  }

  protected override render(): TemplateResult {
    return html`${this.#renderRingNotice()}<slot></slot>`;
  }

  /* ------------------------------------------------------------ ringing and notifications */

  /** The ringing logic (`ring-controller.ts`), loaded on the first gesture or the first ringing call. */
  #ringControl: RingController | undefined;
  #ringLoad: Promise<RingController | undefined> | undefined;
  #ringSnapshot: SessionSnapshot | undefined;
  #offLocale: (() => void) | undefined;
  @state() private _audioUnlocked = false;

  /** Whether this tab is playing the ringtone now. */
  get ringing(): boolean {
    return this.#ringControl?.ringing ?? false;
  }

  /** Whether the ringtone can sound (the page had its first click or key press, or `enableRinging()` ran). */
  get ringingEnabled(): boolean {
    return this._audioUnlocked;
  }

  /**
   * Call from a user gesture: unlocks audio (browsers keep it off until the first click) and, with
   * `notifications`, asks the notification permission. The page's first click or key press does the same.
   */
  async enableRinging(): Promise<boolean> {
    const control = await this.#loadRing();
    this._audioUnlocked = (await control?.unlock()) ?? false;
    if (this._audioUnlocked) this.#listenForGesture(false);
    control?.update(this.#ringSnapshot);
    return this._audioUnlocked;
  }

  readonly #onGesture = (): void => {
    void this.enableRinging();
  };

  #listenForGesture(on: boolean): void {
    const method = on && !this._audioUnlocked ? 'addEventListener' : 'removeEventListener';
    for (const type of ['pointerdown', 'keydown']) document[method](type, this.#onGesture, { capture: true });
    if (on) this.#offLocale ??= onLocaleLoaded(() => this.requestUpdate());
    else if (!this.isConnected) {
      this.#offLocale?.();
      this.#offLocale = undefined;
    }
  }

  #loadRing(): Promise<RingController | undefined> {
    const host = this;
    this.#ringLoad ??= import('../../client/ring-controller.js').then(
      ({ RingController }) =>
        (this.#ringControl = new RingController({
          get ringtone() {
            return host.ringtone;
          },
          get ringVolume() {
            return host.ringVolume;
          },
          get notifications() {
            return host.notifications;
          },
          get createAudioContext() {
            return host.createAudioContext;
          },
          get ringTitle() {
            return t('ring.notify', undefined, host.#locale());
          },
          showCall: () => this.#showCall(),
        })),
      () => undefined,
    );
    return this.#ringLoad;
  }

  /** Ring (and notify) in the tab the hub elected; the logic loads with the first ringing call. */
  #ring(snapshot: SessionSnapshot | undefined): void {
    this.#ringSnapshot = snapshot;
    if (this.#ringControl) this.#ringControl.update(snapshot);
    else if (snapshot?.calls.some((c) => c.state === 'ringing'))
      void this.#loadRing().then((control) => control?.update(this.#ringSnapshot));
  }

  /** A notification was clicked (the tab is focused): bring the phone into view, its Answer button focused. */
  #showCall(): void {
    const phone = (this.querySelector<HTMLElement>('cti-phone') ?? this.firstElementChild) as (HTMLElement & Partial<ReactiveElement>) | null;
    const focus = () => {
      phone?.scrollIntoView?.({ block: 'nearest' });
      phone?.shadowRoot?.querySelector<HTMLElement>('[part~="answer-button"]')?.focus();
    };
    // A page that was hidden has not rendered the call yet (elements render once visible): render it now.
    if (phone?.requestUpdate && phone.updateComplete) {
      phone.requestUpdate();
      void phone.updateComplete.then(focus, focus);
    } else focus();
  }

  #locale(): string {
    return this.locale || this.getAttribute('lang') || document.documentElement.lang || 'pt-BR';
  }

  #renderRingNotice(): TemplateResult | typeof nothing {
    if (this.ringtone === 'off' || !this.#session || this._audioUnlocked) return nothing;
    const locale = this.#locale();
    return html`<div class="ring-notice" part="ring-notice" role="status">
      <span>${t('ring.locked', undefined, locale)}</span>
      <button type="button" part="ring-enable" @click=${this.#onGesture}>${t('ring.enable', undefined, locale)}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-provider': CtiProvider;
  }
}
