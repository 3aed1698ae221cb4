import { ContextConsumer } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ctiLocaleContext, SessionController } from '../../client/context.js';
import type { CtiSessionHandle } from '../../client/types.js';
import type { Command } from '../../domain/commands.js';
import type { CtiError, SessionSnapshot, VendorId } from '../../domain/model.js';
import {
  errorMessage,
  isLocaleLoaded,
  loadLocale,
  onLocaleLoaded,
  resolveLocale,
  translator,
  type SupportedLocale,
  type Translate,
} from '../../i18n/index.js';
import { CtiErrorEvent } from '../../events/cti-error.js';
import { isCtiError } from '../../vendors/adapter.js';
import { base, tokens } from './shared.styles.js';

/** Turn anything a command rejected with into a `CtiError` (the contract says CtiError; be safe). */
export function toCtiError(reason: unknown, operation?: string): CtiError {
  if (isCtiError(reason)) return reason;
  const detail = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : undefined;
  return {
    code: 'internal',
    at: Date.now(),
    ...(operation !== undefined ? { operation } : {}),
    ...(detail !== undefined ? { detail } : {}),
  };
}

/**
 * The base of the session elements: session (context or `session` property), locale, theme,
 * a once-a-second tick for timers, safe command execution and the connection/error banner.
 *
 * @attr lang - Locale of the element's text (else the provider's `locale`/`lang`, else the closest `[lang]`, else pt-BR).
 * The `en` and `es` catalogs load on first use: until one arrives the element shows pt-BR, then
 * re-renders; `updateComplete` resolves after that re-render.
 * @fires cti-error - {@link CtiErrorEvent}: a command this element sent while it had no session at all
 * (`not-connected`); with a session, `<cti-provider>` fires it for every rejected command.
 */
export abstract class CtiElement extends LitElement {
  static override styles = [tokens, base];

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  protected readonly sessionController = new SessionController(this);
  readonly #localeConsumer = new ContextConsumer(this, { context: ctiLocaleContext, subscribe: true });
  #ticker: ReturnType<typeof setInterval> | undefined;
  #offLocaleLoaded: (() => void) | undefined;
  /** The catalog this element is waiting for (its `updateComplete` waits for it too). */
  #pendingCatalog: { readonly locale: SupportedLocale; readonly arrived: Promise<void> } | undefined;
  #dismissed = '';

  /** An error from a command this element sent (shown like the session's `lastError`). */
  @state() protected localError: CtiError | undefined;

  /**
   * A session handle to use instead of the one `<cti-provider>` provides
   * (tests, pages without a provider).
   */
  @property({ attribute: false }) session: CtiSessionHandle | undefined;

  /** Colour scheme: `light`, `dark`, or unset to follow `prefers-color-scheme`. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A catalog that arrives (requested by this element or anyone else) re-renders the elements in it.
    this.#offLocaleLoaded ??= onLocaleLoaded((locale) => {
      if (locale === this.locale) this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTicking();
    this.#offLocaleLoaded?.();
    this.#offLocaleLoaded = undefined;
  }

  /** Also waits for a catalog being loaded and the re-render in it. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    for (let pending = this.#pendingCatalog; pending; pending = this.#pendingCatalog) {
      await pending.arrived;
      complete = await super.getUpdateComplete();
      if (this.#pendingCatalog === pending) break;
    }
    return complete;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('session')) this.sessionController.setExplicit(this.session);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.isConnected && this.needsTick()) this.#startTicking();
    else this.#stopTicking();
  }

  /** The latest snapshot of the session in use. */
  protected get snapshot(): SessionSnapshot | undefined {
    return this.sessionController.snapshot;
  }

  /** The locale the element renders in (its catalog may still be loading: text is pt-BR until then). */
  protected get locale(): SupportedLocale {
    const locale = resolveLocale(this, this.#localeConsumer.value);
    if (!isLocaleLoaded(locale) && this.#pendingCatalog?.locale !== locale) this.#awaitCatalog(locale);
    return locale;
  }

  #awaitCatalog(locale: SupportedLocale): void {
    const arrived: Promise<void> = loadLocale(locale).then(
      () => undefined, // the onLocaleLoaded listener re-renders
      () => undefined, // the chunk could not be loaded: the element stays in pt-BR
    ).then(() => {
      if (this.#pendingCatalog?.arrived === arrived) this.#pendingCatalog = undefined;
    });
    this.#pendingCatalog = { locale, arrived };
  }

  /** A translator for the current locale. */
  protected get t(): Translate {
    return translator(this.locale);
  }

  /** Whether something on screen counts time (re-render once a second while true). */
  protected needsTick(): boolean {
    const c = this.snapshot?.connection;
    return c?.status === 'reconnecting' && c.retryAt !== undefined;
  }

  /**
   * Send a command; never throws. A rejection becomes `localError` (shown with role=alert).
   * Resolves `true` when the command was accepted.
   */
  protected async run(command: Command): Promise<boolean> {
    const session = this.sessionController.session;
    if (!session) {
      // No session to report through: the element fires the host page's cti-error itself (it bubbles
      // out of the provider, composed); with a session, the provider's handle reports rejections.
      this.localError = { code: 'not-connected', at: Date.now(), operation: command.type };
      this.dispatchEvent(new CtiErrorEvent(this.localError, command.type));
      return false;
    }
    try {
      await session.execute(command);
      return true;
    } catch (reason) {
      this.localError = toCtiError(reason, command.type);
      return false;
    }
  }

  #startTicking(): void {
    this.#ticker ??= setInterval(() => this.requestUpdate(), 1000);
  }

  #stopTicking(): void {
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  /** The error on screen: the newest of the session's `lastError` and `localError`, unless dismissed. */
  protected get visibleError(): CtiError | undefined {
    const a = this.snapshot?.lastError;
    const b = this.localError;
    const newest = a && b ? (b.at >= a.at ? b : a) : (a ?? b);
    if (!newest || errorKey(newest) === this.#dismissed) return undefined;
    return newest;
  }

  #dismissError(): void {
    const error = this.visibleError;
    if (error) this.#dismissed = errorKey(error);
    this.requestUpdate();
  }

  /** The connection text, empty while connected. */
  protected connectionText(): string {
    const t = this.t;
    const snapshot = this.snapshot;
    if (!this.sessionController.session) return t('connection.no-session');
    if (!snapshot) return t('connection.connecting');
    const c = snapshot.connection;
    switch (c.status) {
      case 'connected':
        return '';
      case 'reconnecting': {
        const attempt = c.attempt ?? 1;
        if (c.retryAt !== undefined && c.retryAt > Date.now()) {
          return t('connection.reconnecting-in', { seconds: Math.ceil((c.retryAt - Date.now()) / 1000), attempt });
        }
        return t('connection.reconnecting', { attempt });
      }
      default:
        return t(`connection.${c.status}`);
    }
  }

  /** The vendor of the session in use (vendor-specific error messages). */
  get #vendor(): VendorId | undefined {
    return this.snapshot?.vendor ?? this.sessionController.session?.config.vendor;
  }

  /**
   * Connection status (role=status, empty while connected) and the visible error (role=alert). The
   * message is the vendor's own for its `vendorCode` when the catalog has one (`error.neon.601`), else
   * the one for the error's `code`.
   */
  protected renderStatus(): TemplateResult {
    const error = this.visibleError;
    const status = this.snapshot?.connection.status ?? 'none';
    return html`<div part="connection" role="status" data-status=${status}>${this.connectionText()}</div>${error
        ? html`<div part="error" role="alert" data-code=${error.code}>
            <span part="error-text"
              ><span part="error-message">${errorMessage(error, this.locale, this.#vendor)}</span>${error.detail
                ? html` <span part="error-detail">${this.t('error.detail', { detail: error.detail })}</span>`
                : nothing}</span
            >
            <button part="error-dismiss" type="button" aria-label=${this.t('error.dismiss')} @click=${this.#dismissError}>
              <span aria-hidden="true">×</span>
            </button>
          </div>`
        : nothing}`;
  }
}

function errorKey(error: CtiError): string {
  return `${error.code}|${error.at}|${error.detail ?? ''}`;
}
