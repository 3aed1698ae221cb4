import { ContextConsumer } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from './decorators.js';
import { ctiLocaleContext, SessionController } from '../../client/context.js';
import type { CtiSessionHandle } from '../../client/types.js';
import type { Command } from '../../domain/commands.js';
import { currentCondition, isCommandFailure, isCondition } from '../../domain/conditions.js';
import type { AgentPhase, CtiError, SessionSnapshot, VendorId } from '../../domain/model.js';
import {
  errorMessage,
  isLocaleLoaded,
  loadLocale,
  maybeT,
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

/** A command this element sent that was refused, and what it referred to. */
export interface CommandFailure {
  readonly error: CtiError;
  /** The control that sent it (`run`'s `control`, default the command type): shown next to it. */
  readonly control: string;
  /** The session it was sent on. */
  readonly session: CtiSessionHandle | undefined;
  /** The session, vendor, agent and role it was sent in. */
  readonly context?: string;
  /** The call it was about: gone with the call. */
  readonly callId?: string;
  /** The agent's phase when it failed (commands not about a call): gone when the phase changes. */
  readonly phase?: AgentPhase;
  /** Refused because the connection was down (the banner names why): gone when it is connected again. */
  readonly outage?: true;
}

/** The elements using one session handle (one provider): the first in document order shows the banner. */
const bannerGroups = new WeakMap<CtiSessionHandle, Set<CtiElement>>();

/** A session error older than this when an element joins the session is history (a tab opened later). */
const RECENT_MS = 5000;

/**
 * The base of the session elements: session (context or `session` property), locale, theme,
 * a once-a-second tick for timers, safe command execution, the session's banner and command failures.
 *
 * Errors are conditions or command failures (`domain/conditions.ts`). The banner — connection status,
 * the condition that holds now, a session notice — is shown ONCE per session: by the first element (in
 * document order) of those using the same session handle, i.e. once per `<cti-provider>`, or by an element
 * used alone with `.session`. A refused command is shown by the element that sent it, next to its control.
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

  /**
   * The snapshot slices this element never shows: a snapshot in which only they changed does not re-render it
   * (`SessionController`). The diagnostics slices and the hub's bookkeeping are nobody's on screen.
   */
  protected static unshownSlices: ReadonlySet<keyof SessionSnapshot> = new Set(['version', 'log', 'connectionHistory', 'tabs', 'popCalls', 'primary']);

  protected readonly sessionController = new SessionController(this, undefined, (this.constructor as typeof CtiElement).unshownSlices);
  readonly #localeConsumer = new ContextConsumer(this, { context: ctiLocaleContext, subscribe: true });
  #ticker: ReturnType<typeof setInterval> | undefined;
  #offLocaleLoaded: (() => void) | undefined;
  /** The catalog this element is waiting for (its `updateComplete` waits for it too). */
  #pendingCatalog: { readonly locale: SupportedLocale; readonly arrived: Promise<void> } | undefined;
  /** The session whose banner group this element is in. */
  #group: CtiSessionHandle | undefined;
  /** When this element joined that session (errors from before are history). */
  #joinedAt = 0;
  /** The session notice last seen, with the state it was seen in. */
  #notice: { readonly key: string; readonly context: string; readonly phase: string; readonly hidden: boolean } | undefined;
  /** Notices seen in a session this element left (a vendor switched away and back): gone, never shown again. */
  readonly #retired = new Set<string>();

  /** The refused command this element sent, until the next success, a dismiss, or its state is gone. */
  @state() protected failure: CommandFailure | undefined;

  /** The error of this element's refused command, if any. */
  protected get localError(): CtiError | undefined {
    return this.failure?.error;
  }

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
    this.requestUpdate(); // rejoin the session's banner group (left on disconnect)
    // A catalog that arrives (requested by this element or anyone else) re-renders the elements in it.
    this.#offLocaleLoaded ??= onLocaleLoaded((locale) => {
      if (locale === this.locale) this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#joinGroup();
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
    this.#joinGroup();
    if (this.failure && this.#failureOutlived(this.failure)) this.failure = undefined;
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
   * Send a command; never throws. A rejection becomes this element's `failure`, shown next to `control`
   * (`renderFailure(control)`; at the top of the element when it has no place for it) and cleared on the
   * next accepted command, on dismiss, or when what it referred to is gone (its call, the agent's phase,
   * the session, vendor, agent or role). Resolves `true` when the command was accepted.
   *
   * @param control - Which control sent it (default: the command's type), to show the failure next to it.
   */
  protected async run(command: Command, control: string = command.type): Promise<boolean> {
    const session = this.sessionController.session;
    if (!session) {
      // No session to report through: the element fires the host page's cti-error itself (it bubbles
      // out of the provider, composed); with a session, the provider's handle reports rejections.
      const error: CtiError = { code: 'not-connected', at: Date.now(), operation: command.type };
      this.failure = this.#failureOf(error, command, control);
      this.dispatchEvent(new CtiErrorEvent(error, command.type));
      return false;
    }
    try {
      await session.execute(command);
      this.failure = undefined;
      return true;
    } catch (reason) {
      this.failure = this.#failureOf(toCtiError(reason, command.type), command, control);
      return false;
    }
  }

  #failureOf(error: CtiError, command: Command, control: string): CommandFailure {
    const snapshot = this.snapshot;
    const callId = 'callId' in command && command.callId ? command.callId : undefined;
    const outage = snapshot !== undefined && snapshot.connection.status !== 'connected' && (error.code === 'not-connected' || isCondition(error));
    return {
      error,
      control,
      session: this.sessionController.session,
      ...(snapshot ? { context: contextOf(snapshot) } : {}),
      ...(callId ? { callId } : snapshot ? { phase: snapshot.agent.phase } : {}),
      ...(outage ? { outage } : {}),
    };
  }

  /**
   * The failure is gone with what it referred to: another session, vendor, agent or role; the outage it was
   * refused in; its call; the agent's phase.
   */
  #failureOutlived(f: CommandFailure): boolean {
    const snapshot = this.snapshot;
    if (f.session !== this.sessionController.session) return true;
    if (!snapshot) return false;
    if (f.context !== undefined && f.context !== contextOf(snapshot)) return true;
    if (f.outage && snapshot.connection.status === 'connected') return true;
    if (f.callId !== undefined) return !snapshot.calls.some((c) => c.id === f.callId && c.state !== 'ended');
    return f.phase !== undefined && f.phase !== snapshot.agent.phase;
  }

  /** Dismiss this element's command failure. */
  protected dismissFailure(): void {
    this.failure = undefined;
  }

  /** Dismiss the session notice on screen (it is not shown again); also when what it said is superseded. */
  protected dismissNotice(): void {
    if (this.#notice) this.#notice = { ...this.#notice, hidden: true };
    this.requestUpdate();
  }

  /**
   * Whether this element renders a failure of `control` next to that control (`renderFailure`). The
   * others are shown at the top of the element, with the banner.
   */
  protected placesFailure(_control: string): boolean {
    return false;
  }

  /** The id of the failure shown for one of `controls`, for the control's `aria-describedby`. */
  protected failureId(...controls: string[]): string | undefined {
    const f = this.failure;
    return f && controls.includes(f.control) ? `failure-${f.control}` : undefined;
  }

  /**
   * The refused command of one of `controls`, next to it (role=alert, dismissible), or nothing. A command
   * refused because the connection is down says only that it was not sent: the banner names the condition
   * (once per provider, in its own words), this message does not word it a second time.
   */
  protected renderFailure(...controls: string[]): TemplateResult | typeof nothing {
    const f = this.failure;
    if (!f || !controls.includes(f.control)) return nothing;
    return this.#renderError(f.error, `failure-${f.control}`, () => this.dismissFailure(), f.outage ? this.t('error.not-sent') : undefined);
  }

  #startTicking(): void {
    this.#ticker ??= setInterval(() => this.requestUpdate(), 1000);
  }

  #stopTicking(): void {
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  /* ------------------------------------------- the one banner per session (provider) */

  /** Join the banner group of the session in use (leave the old one): the first element of a group shows it. */
  #joinGroup(): void {
    const session = this.isConnected ? this.sessionController.session : undefined;
    if (session === this.#group) return;
    const old = this.#group ? bannerGroups.get(this.#group) : undefined;
    old?.delete(this);
    old?.forEach((e) => e.requestUpdate());
    if (this.#notice) {
      if (this.#retired.size >= 32) this.#retired.clear();
      this.#retired.add(this.#notice.key);
    }
    this.#group = session;
    this.#joinedAt = Date.now();
    this.#notice = undefined;
    if (!session) return;
    let group = bannerGroups.get(session);
    if (!group) bannerGroups.set(session, (group = new Set()));
    group.add(this);
    group.forEach((e) => e !== this && e.requestUpdate());
  }

  /**
   * Whether this element shows the session's banner (connection status and conditions): the first in
   * document order of the connected elements using the same session (one per provider), or itself alone.
   */
  protected get showsBanner(): boolean {
    const group = this.#group ? bannerGroups.get(this.#group) : undefined;
    if (!group) return true;
    let first: CtiElement | undefined;
    for (const e of group) if (!first || first.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING) first = e;
    return first === this;
  }

  /**
   * A session error that is neither a condition nor a command (a reload that lost the state, an
   * unreadable frame, a registration refused), new since this element joined the session, until dismissed
   * or until the agent's phase, the session, vendor, agent or role changes.
   */
  #visibleNotice(): CtiError | undefined {
    const snapshot = this.snapshot;
    const error = snapshot?.lastError;
    if (!snapshot || !error || isCondition(error) || isCommandFailure(error)) return undefined;
    const key = errorKey(error);
    if (this.#notice?.key !== key) {
      // History: an error from before this element joined (a tab opened later) is not shown.
      const fresh = error.at >= this.#joinedAt - RECENT_MS && !this.#retired.has(key);
      this.#notice = { key, context: contextOf(snapshot), phase: snapshot.agent.phase, hidden: !fresh };
    }
    const n = this.#notice;
    if (n.hidden || n.context !== contextOf(snapshot) || n.phase !== snapshot.agent.phase) return undefined;
    return error;
  }

  /** The error on screen in this element: its own command failure, else (banner only) the condition or notice. */
  protected get visibleError(): CtiError | undefined {
    if (this.failure) return this.failure.error;
    if (!this.showsBanner) return undefined;
    return currentCondition(this.snapshot) ?? this.#visibleNotice();
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
   * The banner, in the one element of the session that shows it (`showsBanner`): the connection status
   * (role=status, empty while connected) and the condition that holds now (role=alert, no dismiss: it
   * clears by itself when the connection is back; the status region is empty meanwhile and the attempt or
   * countdown follows the alert as plain text, `connection-progress`) or a session notice (dismissible). Then this element's
   * command failure when it has no place next to its control. The message is the vendor's own for its
   * `vendorCode` when the catalog has one (`error.neon.601`), else the one for the error's `code`.
   */
  protected renderStatus(): TemplateResult {
    const banner = this.showsBanner;
    const condition = banner ? currentCondition(this.snapshot) : undefined;
    const notice = banner && !condition ? this.#visibleNotice() : undefined;
    const status = this.snapshot?.connection.status ?? 'none';
    const f = this.failure;
    const text = this.connectionText();
    const c = this.snapshot?.connection;
    // One condition, one message: while a condition is shown (keep-alive lost, server down, softphone not
    // running) the alert names it and the status region says nothing; how the connection is being restored
    // (the attempt, the countdown) is plain text after the alert, not a second live message.
    const progress = condition && (status === 'reconnecting' || status === 'connecting') ? text : '';
    // While reconnecting the countdown changes every second: it is shown, but the live region says the attempt
    // only, in the same nodes all along (once per attempt, not again when the countdown ends).
    const said = condition
      ? ''
      : text && c?.status === 'reconnecting'
        ? html`<span aria-hidden="true">${text}</span><span class="visually-hidden">${this.t('connection.reconnecting', { attempt: c.attempt ?? 1 })}</span>`
        : text;
    return html`${banner ? html`<div part="connection" role="status" data-status=${status}>${said}</div>` : nothing}${condition
        ? html`${this.#renderError(condition, 'condition')}${progress
            ? html`<div part="connection-progress" class="muted">${progress}</div>`
            : nothing}`
        : notice
          ? this.#renderError(notice, 'notice', () => this.dismissNotice())
          : nothing}${f && !this.placesFailure(f.control) ? this.renderFailure(f.control) : nothing}`;
  }

  /**
   * An error: its message (or `message`, then without the vendor's detail), dismissible when `dismiss` is given.
   * A detail that is only a machine code (`command_failed`, `status-1`, `403`) beside a translated message is not
   * shown as text: it is the element's title (and stays in the `cti-error` detail and the log).
   */
  #renderError(error: CtiError, id: string, dismiss?: () => void, message?: string): TemplateResult {
    const detail = message === undefined ? error.detail : undefined;
    const codeOnly = !!detail && MACHINE_CODE.test(detail) && maybeT(`error.${error.code}`, this.locale) !== undefined;
    return html`<div part="error" id=${id} role="alert" data-code=${error.code} title=${codeOnly ? detail : nothing}>
      <span part="error-text"
        ><span part="error-message">${message ?? errorMessage(error, this.locale, this.#vendor)}</span>${detail && !codeOnly
          ? html` <span part="error-detail">${this.t('error.detail', { detail })}</span>`
          : nothing}</span
      >
      ${dismiss
        ? html`<button part="error-dismiss" type="button" aria-label=${this.t('error.dismiss')} @click=${dismiss}>
            <span aria-hidden="true">×</span>
          </button>`
        : nothing}
    </div>`;
  }
}

/** A vendor's machine code: one token of letters, digits, `_` and `-` (snake_case, kebab-case, digits), no spaces. */
const MACHINE_CODE = /^[\w-]+$/;

function errorKey(error: CtiError): string {
  return `${error.code}|${error.at}|${error.detail ?? ''}`;
}

/** The session, vendor, agent and role a snapshot is of: a failure does not outlive them. */
function contextOf(snapshot: SessionSnapshot): string {
  return `${snapshot.key}|${snapshot.vendor}|${snapshot.capabilities.role}|${snapshot.agent.agentId ?? ''}`;
}
