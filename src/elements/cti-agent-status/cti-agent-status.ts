import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, state } from '../shared/decorators.js';
import type { AgentState, LoginField, PauseInfo, SessionSnapshot } from '../../domain/model.js';
import { detailLabel, formatClock, formatDuration, maybeT, type MessageKey } from '../../i18n/index.js';
import { CtiElement } from '../shared/cti-element.js';
import { agentStatusStyles } from './cti-agent-status.styles.js';
import { diagnosticsButton } from './diagnostics-hook.js';

/**
 * Registration failures a SIP softphone reports as `AgentState.detail` while `logged-out`: shown, in
 * words, next to the form that registers again.
 */
const SIP_FAILURES: ReadonlySet<string> = new Set(['sip-refused', 'sip-expired', 'sip-cancelled', 'sip-finalized', 'sip-error']);

/**
 * The SIP registration as the agent reads it, from the agent state of a `signIn: 'sip'` vendor:
 *
 * ```
 * logged-out (sip-unregistered | sip-refused | …)  → unregistered  (the form, and the failure reason)
 * unknown    (sip-registering)                     → registering   (cancel button)
 * unknown    (sip-unknown, after a reconnect)      → checking
 * ready | busy (sip-registered)                    → registered    (unregister button)
 * ```
 */
type Registration = 'unregistered' | 'registering' | 'checking' | 'registered';

function registrationOf(agent: AgentState): Registration {
  if (agent.phase === 'logged-out') return 'unregistered';
  if (agent.phase === 'unknown') return agent.detail === 'sip-registering' ? 'registering' : 'checking';
  return 'registered';
}

/** A vendor code (`pause`, `status-1`, `timeout_fail_pause`, `3`): never shown as a reason's name. */
const CODE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/**
 * A pause's name as the agent reads it: the server's name for it, unless that is only the vendor's code
 * (the agent's state or the reason id); else `fallback` (a failure pause's translated cause).
 */
function pauseName(pause: PauseInfo | undefined, state: string, fallback?: string): string | undefined {
  const name = pause?.reasonName.trim();
  const coded = !name || name === state || (name === pause?.reasonId && CODE.test(name));
  return coded ? fallback : name;
}

/** The id of the reason every command control gives while the vendor connection is not up. */
const OFFLINE = 'offline-reason';

/** An `aria-describedby` of the ids given (falsy ones left out), or no attribute. */
function describedBy(...ids: (string | false | undefined)[]): string | typeof nothing {
  const list = ids.filter((id): id is string => !!id);
  return list.length > 0 ? list.join(' ') : nothing;
}

/** The controls next to which this element shows a refused command. */
const PLACED: ReadonlySet<string> = new Set(['login', 'logout', 'ready', 'end-after-call', 'pause', 'classify', 'show-softphone']);

const REGISTRATION_LABEL: Readonly<Record<Registration, MessageKey>> = {
  unregistered: 'agent.sip.unregistered',
  registering: 'agent.sip.registering',
  checking: 'agent.sip.checking',
  registered: 'agent.sip.registered',
};

/**
 * The agent's sign-in form and state: ready, pause (with the server's reasons), after-call work,
 * call classification and sign-out. Controls appear only when the vendor's capabilities allow them.
 *
 * With a softphone whose sign-in is a SIP registration (`capabilities.signIn === 'sip'`, NEON) it
 * shows and controls the registration instead: a "Register" form (SIP account / number, SIP password
 * and the SIP proxy `host:port`, prefilled from the `sipDomain` option and not shown at all when that
 * option is set), the state in words (registered, registering, checking, not registered and why) and
 * an "Unregister" button; no ready / pause / after-call controls. Registration changes are announced
 * in a polite live region.
 *
 * Per vendor, the sign-in form speaks the vendor's words: DGPhone asks the agent code and the PIN; Catix
 * says the extension will ring to ask the PIN (its fields: agent and extension); Tactium says the agent
 * signs in through the Tactium IP Client first (its only field: agent). A pause reason that requires a
 * note (Catix `exigeObs`) asks for it before the pause is sent.
 *
 * @summary Agent sign-in and state (ready / pause / after-call / classify / sign out).
 *
 * @attr lang - Locale (`pt-BR` default, `en`, `es`); else the closest `[lang]`, then the provider's `locale`.
 * @attr theme - `light` | `dark`; unset follows `prefers-color-scheme`.
 *
 * @csspart base - The wrapper.
 * @csspart connection - Connection status (role=status); empty while connected.
 * @csspart error - An error (role=alert): the session's condition (in the first element of a provider) or a
 *   refused command, next to the control that sent it (dismissible).
 * @csspart sign-in-pending - Signed out while the vendor completes the sign-in (Catix: answer the extension, type the PIN).
 * @csspart supervisor - In a supervisor session (`options.role: 'supervisor'`): says the team is in `<cti-queue>`.
 * @csspart error-text - Message and detail.
 * @csspart error-message - The translated error message.
 * @csspart error-detail - The vendor's detail, as text.
 * @csspart error-dismiss - The dismiss button.
 * @csspart sign-in-form - The sign-in form.
 * @csspart sign-in-hint - What signing in does with this vendor (Catix, Tactium), describing the sign-in button.
 * @csspart agent-input - Agent login field.
 * @csspart password-input - Password field, "PIN" for DGPhone (never stored; cleared after submit).
 * @csspart extension-input - Extension field.
 * @csspart softphone-window - Show / hide the softphone's own window (NEON), for softphones that have one.
 * @csspart softphone-show-button - Shows the softphone's window.
 * @csspart softphone-hide-button - Hides the softphone's window.
 * @csspart domain-input - SIP proxy `host:port` field (SIP softphones; absent when the `sipDomain` option is set).
 * @csspart sign-in-button - Submit button of the sign-in form ("Register" for SIP softphones).
 * @csspart state - The current state box (also `state-failure` during a failure pause).
 * @csspart state-failure - The state box during a failure pause.
 * @csspart state-label - Phase label.
 * @csspart state-detail - The vendor's detail state, when the catalog names it and it says more than the phase (the raw code is the label's title).
 * @csspart pause-reason - The current pause reason (server text), after the phase: "Em pausa · Almoço".
 * @csspart pause-ends - When a scheduled pause ends.
 * @csspart elapsed - Time in the current state.
 * @csspart pending-pause - A pause requested while busy.
 * @csspart actions - Row of state buttons.
 * @csspart ready-button - Go ready.
 * @csspart end-after-call-button - End after-call work (aria-disabled while a classification is owed).
 * @csspart end-after-call-reason - Why after-call work cannot end yet (classify first).
 * @csspart offline-reason - While the vendor connection is not up: why the command controls (sign in, ready,
 *   pause, end after-call work, classify, sign out) are aria-disabled; they come back with the connection.
 * @csspart connection-progress - After the condition's alert: the reconnection attempt and countdown (plain text, not live).
 * @csspart sign-out-form - Asks for the password again when the vendor needs it to sign out and the hub no longer has it.
 * @csspart sign-out-password-input - Password field of that form (never stored; cleared after submit).
 * @csspart sign-out-confirm-button - Signs out with that password.
 * @csspart sign-out-cancel-button - Closes that form.
 * @csspart sign-out - The row of the sign-out button, the last control.
 * @csspart sign-out-button - Sign out ("Unregister", or cancel a registration in progress, for SIP softphones).
 * @csspart diagnostics-button - *Download diagnostics*: saves the session's redacted diagnostics file (`provider.diagnostics()`).
 * @csspart diagnostics-status - The file's name once saved (role=status).
 * @csspart sign-out-confirm - During a call, asks whether to sign out anyway.
 * @csspart sign-out-anyway-button - Signs out during the call.
 * @csspart sign-out-keep-button - Keeps the agent signed in.
 * @csspart announcer - Visually hidden live region announcing SIP registration changes (SIP softphones).
 * @csspart pause-form - Pause reason picker and button.
 * @csspart pause-select - Pause reason select.
 * @csspart pause-note - Note for reasons that require one.
 * @csspart pause-button - Pause submit button.
 * @csspart classify-form - Classification picker.
 * @csspart classification-select - Classification select.
 * @csspart classify-button - Classification submit button.
 * @csspart classify-deadline - Countdown to the classification deadline.
 * @csspart form-error - A validation message in a form.
 *
 * @cssprop [--cti-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--cti-font-size=0.875rem] - Base font size.
 * @cssprop [--cti-radius=6px] - Corner radius.
 * @cssprop [--cti-space=0.5rem] - Base spacing.
 * @cssprop [--cti-density=1] - Spacing multiplier (0.75 compact, 1.25 roomy).
 * @cssprop [--cti-control-height=2.25rem] - Height of buttons and fields.
 * @cssprop [--cti-color-bg=#ffffff] - Background.
 * @cssprop [--cti-color-fg=#1f2328] - Text.
 * @cssprop [--cti-color-surface=#f6f8fa] - Raised surfaces and default buttons.
 * @cssprop [--cti-color-muted=#59636e] - Secondary text.
 * @cssprop [--cti-color-border=#6e7781] - Borders of fields and buttons.
 * @cssprop [--cti-color-accent=#0a58ca] - Primary buttons.
 * @cssprop [--cti-color-on-accent=#ffffff] - Text on the accent.
 * @cssprop [--cti-color-danger=#b42318] - Destructive buttons.
 * @cssprop [--cti-color-on-danger=#ffffff] - Text on danger.
 * @cssprop [--cti-color-success=#146c2e] - Answer / ready.
 * @cssprop [--cti-color-on-success=#ffffff] - Text on success.
 * @cssprop [--cti-color-warning-bg=#fff4e5] - Connection banner / pending background.
 * @cssprop [--cti-color-warning-fg=#7a2e0e] - Connection banner / pending text.
 * @cssprop [--cti-color-error-bg=#fdecea] - Error background.
 * @cssprop [--cti-color-error-fg=#b42318] - Error text.
 * @cssprop [--cti-color-highlight-bg=#eaf2ff] - Highlighted items.
 * @cssprop [--cti-color-focus=#0a58ca] - Focus ring.
 */
@customElement('cti-agent-status')
export class CtiAgentStatus extends CtiElement {
  static override styles = [...CtiElement.styles, agentStatusStyles];
  /** Queue figures and the team are `<cti-queue>`'s. */
  protected static override unshownSlices: ReadonlySet<keyof SessionSnapshot> = new Set([...CtiElement.unshownSlices, 'queues', 'team']);

  @state() private pauseReasonId = '';
  @state() private pauseNote = '';
  @state() private classificationId = '';
  @state() private formError: { form: 'pause' | 'classify'; message: string } | undefined;
  @state() private announcement = '';
  /** The hub no longer holds the password (a new browser session): sign-out asks for it. */
  @state() private signOutNeedsPassword = false;
  /** Sign-out was asked for during a call: it waits for a confirmation. */
  @state() private confirmSignOut = false;

  /** The registration last seen (`registration|detail`), to announce changes only. */
  #lastRegistration: string | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#announceRegistration();
  }

  /** Every command's failure is shown next to the control that sent it. */
  protected override placesFailure(control: string): boolean {
    return PLACED.has(control);
  }

  protected override needsTick(): boolean {
    const phase = this.snapshot?.agent.phase;
    return super.needsTick() || (phase !== undefined && phase !== 'logged-out');
  }

  /**
   * The vendor connection is not up: a command could not succeed now, so its control is aria-disabled,
   * described by the reason, and sends nothing (it comes back by itself with the connection).
   */
  #offline(): boolean {
    return this.snapshot?.connection.status !== 'connected';
  }

  /** `aria-disabled` of a command control: `true` while the connection is not up. */
  #disabled(): 'true' | 'false' {
    return this.#offline() ? 'true' : 'false';
  }

  #field(name: LoginField): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  }

  /** Whether signing in registers a SIP account on a softphone (NEON). */
  #isSip(snapshot: SessionSnapshot | undefined = this.snapshot): boolean {
    return snapshot?.capabilities.signIn === 'sip';
  }

  /** The SIP proxy the integrator configured (`options.sipDomain`), if any. */
  get #configuredDomain(): string | undefined {
    const value = this.sessionController.session?.config.options?.['sipDomain'];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }

  /**
   * A login field's label: the sign-in mode's or the vendor's own (`agent.sip.field.*`,
   * `agent.dgphone.field.*`) when the catalog has one, else the generic `agent.field.*`.
   */
  #fieldLabel(field: LoginField): string {
    const own = this.#isSip() ? 'sip' : this.snapshot?.vendor;
    return maybeT(`agent.${own}.field.${field}`, this.locale) ?? maybeT(`agent.field.${field}`, this.locale) ?? field;
  }

  /** What the registration state and its failure reason read as, in words. */
  #registrationText(agent: AgentState): { label: string; reason: string | undefined } {
    const registration = registrationOf(agent);
    const reason = registration === 'unregistered' && SIP_FAILURES.has(agent.detail) ? detailLabel(agent.detail, this.locale) : undefined;
    return { label: this.t(REGISTRATION_LABEL[registration]), reason };
  }

  /** Put a changed SIP registration into the live region (not the first state seen: nothing changed). */
  #announceRegistration(): void {
    const snapshot = this.snapshot;
    if (!snapshot || !this.#isSip(snapshot)) {
      this.#lastRegistration = undefined;
      return;
    }
    const agent = snapshot.agent;
    const key = `${registrationOf(agent)}|${agent.detail}`;
    if (key === this.#lastRegistration) return;
    const first = this.#lastRegistration === undefined;
    this.#lastRegistration = key;
    if (first) return;
    const { label, reason } = this.#registrationText(agent);
    this.announcement = reason ? `${label}: ${reason}` : label;
  }

  async #signIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    // Until the vendor connection is up the button is aria-disabled and says why: keep what was typed and
    // send nothing (a command while disconnected would only fail).
    if (this.#offline()) return;
    const fields = this.snapshot?.capabilities.loginFields ?? [];
    const agent = this.#field('agent')?.value.trim() ?? this.sessionController.session?.config.agent ?? '';
    const extension = this.#field('extension')?.value.trim();
    // The SIP proxy: typed, or the configured `sipDomain` when the field is not shown.
    const domain = fields.includes('domain') ? (this.#field('domain')?.value.trim() ?? this.#configuredDomain) : undefined;
    const passwordInput = this.#field('password');
    // Kept in this local only: cleared from the field before the command is even sent.
    const password = passwordInput?.value;
    if (passwordInput) passwordInput.value = '';
    const accepted = await this.run({
      type: 'login',
      agent,
      ...(fields.includes('password') && password ? { password } : {}),
      ...(extension ? { extension } : {}),
      ...(domain ? { domain } : {}),
    });
    // A sign-in accepted supersedes what a notice said about the last one (the Catix PIN never typed).
    if (accepted) this.dismissNotice();
  }

  async #goReady(): Promise<void> {
    if (this.#offline()) return;
    await this.run({ type: 'ready' });
  }

  async #pause(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const snapshot = this.snapshot;
    if (!snapshot || this.#offline()) return;
    const t = this.t;
    let reasonId = '';
    if (snapshot.capabilities.pauseReasons) {
      const reason = snapshot.pauseReasons.find((r) => r.id === this.pauseReasonId);
      if (!reason) {
        this.formError = { form: 'pause', message: t('agent.pause-reason-required') };
        return;
      }
      if (reason.requiresNote && this.pauseNote.trim() === '') {
        this.formError = { form: 'pause', message: t('agent.pause-note-required') };
        this.renderRoot.querySelector<HTMLTextAreaElement>('textarea[name="note"]')?.focus();
        return;
      }
      reasonId = reason.id;
    }
    this.formError = undefined;
    const note = this.pauseNote.trim();
    if (await this.run({ type: 'pause', reasonId, ...(note ? { note } : {}) })) {
      this.pauseNote = '';
      this.pauseReasonId = '';
    }
  }

  /** A classification is owed: after-call work cannot end yet. */
  #mustClassify(snapshot: SessionSnapshot | undefined): boolean {
    return snapshot?.capabilities.classify === true && snapshot.agent.afterCall?.mustClassify === true;
  }

  async #endAfterCall(): Promise<void> {
    // Blocked (aria-disabled, the reason next to it) while a classification is owed.
    if (this.#mustClassify(this.snapshot) || this.#offline()) return;
    const callId = this.snapshot?.agent.afterCall?.callId;
    await this.run({ type: 'end-after-call', ...(callId ? { callId } : {}) });
  }

  async #classify(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const callId = this.snapshot?.agent.afterCall?.callId;
    if (!callId || this.#offline()) return;
    if (!this.classificationId) {
      this.formError = { form: 'classify', message: this.t('agent.classification-required') };
      return;
    }
    this.formError = undefined;
    if (await this.run({ type: 'classify', callId, classificationId: this.classificationId })) this.classificationId = '';
  }

  /** A call the agent is on (not over): signing out then asks for a confirmation. */
  #onCall(): boolean {
    return (this.snapshot?.calls ?? []).some((c) => c.state !== 'ended' && c.state !== 'wrap-up');
  }

  async #signOut(): Promise<void> {
    if (this.#offline()) return;
    if (this.#onCall() && !this.confirmSignOut) {
      this.confirmSignOut = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('[part~="sign-out-keep-button"]')?.focus();
      return;
    }
    this.confirmSignOut = false;
    const ok = await this.run({ type: 'logout' });
    // Interact wants the password to sign out; the hub kept it from sign-in, but not when the agent
    // signed in from an earlier browser session. Ask for it then (and only then).
    if (!ok && this.localError?.code === 'missing-data' && this.localError.operation === 'logout' && this.snapshot?.capabilities.loginFields.includes('password')) {
      this.failure = undefined;
      this.signOutNeedsPassword = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('input[name="sign-out-password"]')?.focus();
    }
  }

  async #signOutWithPassword(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.#offline()) return;
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name="sign-out-password"]');
    const password = input?.value ?? '';
    if (input) input.value = '';
    if (!password) return;
    if (await this.run({ type: 'logout', password })) this.signOutNeedsPassword = false;
  }

  #renderSignOutPassword(): TemplateResult {
    const t = this.t;
    return html`<form part="sign-out-form" aria-label=${t('agent.sign-out')} @submit=${this.#signOutWithPassword}>
      <p class="muted">${t('agent.sign-out-password-needed')}</p>
      <label
        >${this.#fieldLabel('password')}
        <input part="sign-out-password-input" name="sign-out-password" type="password" autocomplete="off" required
      /></label>
      <div class="row">
        <button part="sign-out-confirm-button" class="primary" type="submit" aria-disabled=${this.#disabled()} aria-describedby=${describedBy(this.#offline() && OFFLINE)}
          >${t('agent.sign-out')}</button
        >
        <button part="sign-out-cancel-button" type="button" @click=${() => (this.signOutNeedsPassword = false)}>${t('agent.sign-out-cancel')}</button>
      </div>
    </form>`;
  }

  #selectReason(event: Event): void {
    this.pauseReasonId = (event.target as HTMLSelectElement).value;
    this.formError = undefined;
  }

  #renderFormError(form: 'pause' | 'classify'): TemplateResult | typeof nothing {
    return this.formError?.form === form
      ? html`<p part="form-error" id="${form}-error" role="alert">${this.formError.message}</p>`
      : nothing;
  }

  /**
   * The sign-in form. `said`: a message on screen already tells what signing in does (Catix: the extension
   * rings for the PIN now, or the PIN was not typed): the hint would say it twice, so it is left out.
   */
  #renderSignIn(snapshot: SessionSnapshot, said = false): TemplateResult {
    const t = this.t;
    const config = this.sessionController.session?.config;
    const fields = snapshot.capabilities.loginFields;
    const sip = this.#isSip(snapshot);
    const showDomain = fields.includes('domain') && this.#configuredDomain === undefined;
    const hint = said ? undefined : maybeT(`agent.${snapshot.vendor}.hint`, this.locale);
    return html`<form part="sign-in-form" aria-label=${sip ? t('agent.sip.register-title') : t('agent.sign-in-title')} @submit=${this.#signIn}>
      ${hint ? html`<p part="sign-in-hint" id="sign-in-hint" class="muted">${hint}</p>` : nothing}
      ${fields.includes('agent')
        ? html`<label
            >${this.#fieldLabel('agent')}
            <input part="agent-input" name="agent" autocomplete="username" required value=${config?.agent ?? ''}
          /></label>`
        : nothing}
      ${fields.includes('password')
        ? html`<label
            >${this.#fieldLabel('password')}
            <input part="password-input" name="password" type="password" autocomplete="off"
          /></label>`
        : nothing}
      ${fields.includes('extension')
        ? html`<label
            >${this.#fieldLabel('extension')}
            <input part="extension-input" name="extension" inputmode="numeric" autocomplete="off" value=${config?.extension ?? ''}
          /></label>`
        : nothing}
      ${showDomain
        ? html`<label
            >${this.#fieldLabel('domain')}
            <input part="domain-input" name="domain" required autocomplete="off" autocapitalize="off" spellcheck="false"
          /></label>`
        : nothing}
      <button
        part="sign-in-button"
        class="primary"
        type="submit"
        aria-disabled=${this.#disabled()}
        aria-describedby=${describedBy(this.#offline() && OFFLINE, hint ? 'sign-in-hint' : said && snapshot.agent.detail.endsWith('-pending') && 'sign-in-pending')}
        >${sip ? t('agent.sip.register') : t('agent.sign-in')}</button
      >
      ${this.renderFailure('login')}
    </form>`;
  }

  /** The SIP registration in words: label, elapsed time once it left "not registered", and why it failed. */
  #renderRegistration(agent: AgentState): TemplateResult {
    const t = this.t;
    const { label, reason } = this.#registrationText(agent);
    const signedIn = agent.phase !== 'logged-out';
    const elapsed = signedIn ? formatDuration(Date.now() - agent.since) : '';
    const note = reason ?? (agent.phase === 'busy' ? t('phase.busy') : undefined);
    return html`<div part=${reason ? 'state state-failure' : 'state'} data-phase=${agent.phase} data-detail=${agent.detail}>
      <strong part="state-label">${label}</strong>
      ${signedIn
        ? html`<span part="elapsed" class="timer" role="timer" aria-label=${`${t('agent.elapsed-label')}: ${elapsed}`}>${elapsed}</span>`
        : nothing}
      ${note ? html`<span part="state-detail">${note}</span>` : nothing}
    </div>`;
  }

  /** Registered, registering or checking: the state and the one control, unregister (or cancel). */
  #renderRegistered(snapshot: SessionSnapshot): TemplateResult {
    const t = this.t;
    const agent = snapshot.agent;
    const registering = registrationOf(agent) === 'registering';
    return html`${this.#renderRegistration(agent)}${this.#renderSoftphoneWindow(snapshot)}
      ${this.#renderSignOut(registering ? t('agent.sip.cancel-registering') : t('agent.sip.unregister'))}`;
  }

  /**
   * Sign out, the last control (never the first tab stop); during a call it asks first. Its failure, and
   * the password form when the vendor needs the password again, follow it.
   */
  #renderSignOut(label: string): TemplateResult {
    const t = this.t;
    return html`<div part="sign-out" class="row">
        <button
          part="sign-out-button"
          type="button"
          aria-expanded=${this.confirmSignOut ? 'true' : nothing}
          aria-disabled=${this.#disabled()}
          aria-describedby=${describedBy(this.#offline() && OFFLINE)}
          @click=${this.#signOut}
          >${label}</button
        >
      </div>
      ${this.confirmSignOut
        ? html`<div part="sign-out-confirm" role="group" aria-labelledby="sign-out-question">
            <p id="sign-out-question">${t('agent.sign-out-during-call')}</p>
            <div class="row">
              <button
                part="sign-out-anyway-button"
                class="danger"
                type="button"
                aria-disabled=${this.#disabled()}
                aria-describedby=${describedBy(this.#offline() && OFFLINE)}
                @click=${this.#signOut}
                >${t('agent.sign-out-anyway')}</button
              >
              <button part="sign-out-keep-button" type="button" @click=${this.#cancelSignOut}>${t('agent.sign-out-cancel')}</button>
            </div>
          </div>`
        : nothing}
      ${this.renderFailure('logout')} ${this.signOutNeedsPassword ? this.#renderSignOutPassword() : nothing}`;
  }

  async #cancelSignOut(): Promise<void> {
    this.confirmSignOut = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part~="sign-out-button"]')?.focus();
  }

  #renderState(agent: AgentState): TemplateResult {
    const t = this.t;
    const failure = agent.pause?.failure === true || /fail_pause$/.test(agent.detail);
    const detail = detailLabel(agent.detail, this.locale);
    const phaseLabel = t(`phase.${agent.phase}`);
    const elapsed = formatDuration(Date.now() - agent.since);
    // "Em pausa · Almoço", "Em pausa · Falha: chamada não atendida": the phase, then the reason, once. The
    // vendor's own state is shown only when the catalog names it and it says more than the phase and the
    // reason; a raw code never is (it stays in the label's title).
    const reason = pauseName(agent.pause, agent.detail, failure ? (detail ?? t('agent.failure')) : undefined);
    const showDetail = detail !== undefined && detail !== phaseLabel && agent.phase !== 'paused';
    return html`<div part=${failure ? 'state state-failure' : 'state'} data-phase=${agent.phase} data-detail=${agent.detail}>
      <strong part="state-label" title=${agent.detail ? t('agent.vendor-state', { code: agent.detail }) : nothing}
        >${phaseLabel}${reason ? html`<span aria-hidden="true"> · </span><span part="pause-reason">${reason}</span>` : nothing}</strong
      >
      <span part="elapsed" class="timer" role="timer" aria-label=${`${t('agent.elapsed-label')}: ${elapsed}`}>${elapsed}</span>
      ${showDetail ? html`<span part="state-detail" class="muted">${detail}</span>` : nothing}
      ${agent.pause?.endsAt && !failure
        ? html`<span part="pause-ends" class="muted">${t('agent.pause-ends', { time: formatClock(agent.pause.endsAt, this.locale) })}</span>`
        : nothing}
    </div>`;
  }

  #renderPause(snapshot: SessionSnapshot): TemplateResult {
    const t = this.t;
    const caps = snapshot.capabilities;
    const reason = snapshot.pauseReasons.find((r) => r.id === this.pauseReasonId);
    const errorId = this.formError?.form === 'pause' ? 'pause-error' : undefined;
    return html`<form part="pause-form" aria-label=${t('agent.pause')} @submit=${this.#pause}>
      ${caps.pauseReasons
        ? html`<label
            >${t('agent.pause-reason')}
            <select part="pause-select" name="reason" aria-describedby=${errorId ?? nothing} @change=${this.#selectReason}>
              <option value="" ?selected=${this.pauseReasonId === ''}>${t('agent.pause-reason-choose')}</option>
              ${snapshot.pauseReasons.map(
                (r) =>
                  html`<option value=${r.id} ?selected=${r.id === this.pauseReasonId}>
                    ${r.maxMinutes ? t('agent.pause-max', { name: r.name, minutes: r.maxMinutes }) : r.name}
                  </option>`,
              )}
            </select></label
          >`
        : nothing}
      ${reason?.requiresNote
        ? html`<label
            >${t('agent.pause-note')}
            <textarea
              part="pause-note"
              name="note"
              aria-required="true"
              aria-describedby=${errorId ?? nothing}
              .value=${this.pauseNote}
              @input=${(e: Event) => (this.pauseNote = (e.target as HTMLTextAreaElement).value)}
            ></textarea></label
          >`
        : nothing}
      ${this.#renderFormError('pause')}
      <button part="pause-button" type="submit" aria-disabled=${this.#disabled()} aria-describedby=${describedBy(this.#offline() && OFFLINE)}
        >${t('agent.pause')}</button
      >
      ${this.renderFailure('pause')}
    </form>`;
  }

  #renderClassify(snapshot: SessionSnapshot): TemplateResult {
    const t = this.t;
    const by = snapshot.agent.afterCall?.classifyBy;
    const left = by !== undefined ? by - Date.now() : undefined;
    return html`<form part="classify-form" aria-label=${t('agent.classify-title')} @submit=${this.#classify}>
      <label
        >${t('agent.classification')}
        <select
          part="classification-select"
          name="classification"
          aria-describedby=${this.formError?.form === 'classify' ? 'classify-error' : nothing}
          @change=${(e: Event) => {
            this.classificationId = (e.target as HTMLSelectElement).value;
            this.formError = undefined;
          }}
        >
          <option value="" ?selected=${this.classificationId === ''}>${t('agent.classification-choose')}</option>
          ${snapshot.classifications.map(
            (c) => html`<option value=${c.id} ?selected=${c.id === this.classificationId}>${c.name}</option>`,
          )}
        </select></label
      >
      ${left !== undefined
        ? html`<p part="classify-deadline" class="timer" role="timer">
            ${left > 0 ? t('agent.classify-deadline', { time: formatDuration(left) }) : t('agent.classify-overdue')}
          </p>`
        : nothing}
      ${this.#renderFormError('classify')}
      <button part="classify-button" class="primary" type="submit" aria-disabled=${this.#disabled()} aria-describedby=${describedBy(this.#offline() && OFFLINE)}
        >${t('agent.classify')}</button
      >
      ${this.renderFailure('classify')}
    </form>`;
  }

  #renderSignedIn(snapshot: SessionSnapshot): TemplateResult {
    const t = this.t;
    const caps = snapshot.capabilities;
    const agent = snapshot.agent;
    const phase = agent.phase;
    const canReady = caps.agentStates && (phase === 'paused' || phase === 'unknown');
    const canPause = caps.agentStates && (phase === 'ready' || phase === 'busy' || phase === 'after-call') && !agent.pendingPause;
    const canEndAfterCall = caps.afterCallEnd && phase === 'after-call';
    const mustClassify = this.#mustClassify(snapshot);
    const pendingName = pauseName(agent.pendingPause, agent.detail);
    return html`${this.#renderState(agent)}
      ${agent.pendingPause
        ? html`<p part="pending-pause">${pendingName ? t('agent.pending-pause', { name: pendingName }) : t('agent.pending-pause-generic')}</p>`
        : nothing}
      ${mustClassify ? this.#renderClassify(snapshot) : nothing}
      <div part="actions" class="row">
        ${canReady
          ? html`<button
              part="ready-button"
              class="success"
              type="button"
              aria-disabled=${this.#disabled()}
              aria-describedby=${describedBy(this.#offline() && OFFLINE)}
              @click=${this.#goReady}
            >
              ${t('agent.ready')}
            </button>`
          : nothing}
        ${canEndAfterCall
          ? html`<button
              part="end-after-call-button"
              class=${mustClassify ? '' : 'primary'}
              type="button"
              aria-disabled=${mustClassify ? 'true' : this.#disabled()}
              aria-describedby=${describedBy(this.#offline() && OFFLINE, mustClassify && 'end-after-call-blocked')}
              @click=${this.#endAfterCall}
            >
              ${t('agent.end-after-call')}
            </button>`
          : nothing}
      </div>
      ${canEndAfterCall && mustClassify
        ? html`<p part="end-after-call-reason" id="end-after-call-blocked" class="muted">${t('agent.end-after-call-blocked')}</p>`
        : nothing}
      ${this.renderFailure('ready', 'end-after-call')} ${canPause ? this.#renderPause(snapshot) : nothing}
      ${this.#renderSignOut(t('agent.sign-out'))}`;
  }

  /** Show / hide the softphone's own window (NEON `showui`), for softphones that have one. */
  #renderSoftphoneWindow(snapshot: SessionSnapshot): TemplateResult | typeof nothing {
    if (!snapshot.capabilities.softphoneWindow || snapshot.connection.status !== 'connected') return nothing;
    const t = this.t;
    return html`<div part="softphone-window" role="group" aria-label=${t('agent.softphone-window')}>
      <span class="muted">${t('agent.softphone-window')}</span>
      <div class="row">
        <button part="softphone-show-button" type="button" @click=${() => this.run({ type: 'show-softphone', show: true })}>
          ${t('agent.softphone-show')}
        </button>
        <button part="softphone-hide-button" type="button" @click=${() => this.run({ type: 'show-softphone', show: false })}>
          ${t('agent.softphone-hide')}
        </button>
      </div>
      ${this.renderFailure('show-softphone')}
    </div>`;
  }

  #renderBody(snapshot: SessionSnapshot): TemplateResult {
    // A supervisor session watches the team (in <cti-queue>) and signs in as no agent.
    if (snapshot.capabilities.role === 'supervisor') return html`<p part="supervisor">${this.t('supervisor.note')}</p>`;
    return html`${this.#offline() ? html`<div part="offline-reason" id=${OFFLINE} class="muted">${this.t('agent.offline')}</div>` : nothing}${this.#renderAgent(snapshot)}`;
  }

  /** The sign-in form, or the agent's state and controls (the SIP registration for a SIP softphone). */
  #renderAgent(snapshot: SessionSnapshot): TemplateResult {
    const signedOut = snapshot.agent.phase === 'logged-out';
    if (this.#isSip(snapshot)) {
      return html`${signedOut
        ? html`${this.#renderRegistration(snapshot.agent)}${this.#renderSignIn(snapshot)}`
        : this.#renderRegistered(snapshot)}${signedOut ? this.#renderSoftphoneWindow(snapshot) : nothing}`;
    }
    if (!signedOut) return this.#renderSignedIn(snapshot);
    // Signed out, but the vendor is half-way (Catix: the extension rings for the PIN): say so above the form.
    const pending = snapshot.agent.detail.endsWith('-pending') ? detailLabel(snapshot.agent.detail, this.locale) : undefined;
    const pinMissed = this.visibleError?.vendorCode === 'pin-timeout';
    return html`${pending ? html`<p part="sign-in-pending" id="sign-in-pending" role="status">${pending}</p>` : nothing}${this.#renderSignIn(snapshot, pending !== undefined || pinMissed)}`;
  }

  override render(): TemplateResult {
    const snapshot = this.snapshot;
    const sip = this.#isSip(snapshot);
    return html`<section part="base" aria-label=${sip ? this.t('agent.sip.region') : this.t('agent.region')} lang=${this.locale}>
      ${this.renderStatus()}
      ${sip
        ? html`<div part="announcer" class="visually-hidden" role="status" aria-atomic="true">${this.announcement}</div>`
        : nothing}
      ${snapshot ? this.#renderBody(snapshot) : nothing}
      ${diagnosticsButton(this.session, this.locale)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-agent-status': CtiAgentStatus;
  }
}
