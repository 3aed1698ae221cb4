import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ctiLocaleContext, ctiSessionContext } from '../../client/context.js';
import { HostEventTracker, reportingRejections, toDomEvent } from '../../client/host-events.js';
import { createCtiSession } from '../../client/session.js';
import type { CtiSessionHandle } from '../../client/types.js';
import type { DiagnosticsReport } from '../../client/diagnostics.js';
import type { Command } from '../../domain/commands.js';
import { Vendor, type CtiError, type SessionSnapshot, type VendorId } from '../../domain/model.js';
import { CtiDialRequestEvent } from '../../events/cti-dial-request.js';
import type { SessionConfig } from '../../vendors/adapter.js';

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
 * @fires cti-incoming-call - {@link CtiIncomingCallEvent} `{ callId, from: { number, name? }, service?, data, lineId?, mustAccept }`.
 * @fires cti-call-answered - {@link CtiCallAnsweredEvent} `{ callId, direction, remote, service?, data, answeredAt }`.
 * @fires cti-call-ended - {@link CtiCallEndedEvent} `{ callId, direction, remote, service?, data, answered, talkMs? }`.
 * @fires cti-call-data - {@link CtiCallDataEvent} `{ callId, direction, remote, data, lineId? }`: a call's data gained or changed keys (also a new call that has data).
 * @fires cti-notice - {@link CtiNoticeEvent} a new `Notice` `{ id, kind: 'scheduled-call', at, dueAt?, data }` (Catix scheduled calls).
 * @fires cti-agent-state-changed - {@link CtiAgentStateChangedEvent} `{ previous?: { phase, detail, pauseReasonId? }, next, agent }`.
 * @fires cti-error - {@link CtiErrorEvent} the `CtiError` `{ code, at, operation?, httpStatus?, vendorCode?, detail? }`, once per failure: a new snapshot error, or a command this tab sent (an element's action, `execute`, `dial`, `login`) that was rejected (`event.command` is its type).
 * @fires cti-connection-changed - {@link CtiConnectionChangedEvent} `{ previous?, next, connection }`.
 * @fires cti-dial-request - {@link CtiDialRequestEvent} `{ number, source: 'api' }`, cancelable, before `dial()` dials.
 */
@customElement('cti-provider')
export class CtiProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
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
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#teardown();
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
    const events = new HostEventTracker();
    this.#events = events;
    // Every rejected command is a failure the element shows: the host page hears of it once.
    const session = reportingRejections(this.sessionFactory(config), (reason, command) => {
      const event = events.rejected(reason, command.type);
      if (event) this.dispatchEvent(toDomEvent(event));
    });
    this.#session = session;
    this.#unsubscribe = session.subscribe((snapshot) => this.#publish(snapshot));
    this.#sessionProvider.setValue(session);
    if (session.snapshot) this.#publish(session.snapshot);
  }

  #teardown(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#session?.dispose();
    this.#session = undefined;
    this.#events = new HostEventTracker();
    this.#configKey = '';
    this.#sessionProvider.setValue(undefined);
  }

  /** Dispatch the host-page events between the last snapshot and this one. */
  #publish(snapshot: SessionSnapshot): void {
    for (const event of this.#events.snapshot(snapshot)) this.dispatchEvent(toDomEvent(event));
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
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-provider': CtiProvider;
  }
}
