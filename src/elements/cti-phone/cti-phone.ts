import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Call, Capabilities, Line, Party, SessionSnapshot } from '../../domain/model.js';
import { CtiDialRequestEvent } from '../../events/cti-dial-request.js';
import { formatDuration } from '../../i18n/index.js';
import { CtiElement } from '../shared/cti-element.js';
import { phoneStyles } from './cti-phone.styles.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const KEY_RE = /^[0-9*#]$/;
const STATE_ORDER: Record<Call['state'], number> = {
  ringing: 0,
  active: 1,
  conference: 1,
  dialing: 2,
  held: 3,
  'wrap-up': 4,
  ended: 5,
};

/** Digits, `*`, `#` and a leading `+`; separators typed or pasted by people are dropped. */
export function normalizeNumber(input: string): string {
  const trimmed = input.trim();
  const plus = trimmed.startsWith('+') ? '+' : '';
  return plus + trimmed.replace(/[^0-9*#]/g, '');
}

type Prompt = { readonly callId: string; readonly kind: 'consult' | 'transfer'; readonly value: string; readonly error?: boolean };

/**
 * The agent's phone: number field and dial pad, incoming-call alert with caller id, service and
 * associated data, and per call the controls the call allows right now (answer, reject, hang up,
 * hold/retrieve, consult, transfer, conference, DTMF) with a timer. A control is rendered only when
 * the call's `actions` and the vendor's capabilities allow it. Multi-line vendors get a line selector.
 * With a SIP softphone (`capabilities.signIn === 'sip'`, NEON) that is not registered, the dialer says
 * to register first and dials nothing (the softphone would refuse: not registered).
 *
 * @summary Dialer, incoming-call alert and call controls.
 *
 * @attr lang - Locale (`pt-BR` default, `en`, `es`); else the closest `[lang]`, then the provider's `locale`.
 * @attr theme - `light` | `dark`; unset follows `prefers-color-scheme`.
 *
 * @fires cti-dial-request - {@link CtiDialRequestEvent} `{ number, source: 'phone' | 'api' }`; cancelable:
 *   `preventDefault()` stops the call.
 *
 * @csspart base - The wrapper.
 * @csspart connection - Connection status (role=status); empty while connected.
 * @csspart error - The visible error (role=alert).
 * @csspart error-text - Message and detail.
 * @csspart error-message - The translated error message.
 * @csspart error-detail - The vendor's detail, as text.
 * @csspart error-dismiss - The dismiss button.
 * @csspart announcer - Visually hidden live region announcing incoming calls.
 * @csspart dialer - Number field, dial button and dial pad.
 * @csspart number-input - The number field.
 * @csspart dial-button - Dial (`aria-disabled` while a SIP softphone is not registered).
 * @csspart dial-hint - "Register first", while a SIP softphone is not registered.
 * @csspart backspace-button - Delete the last digit.
 * @csspart dialpad - The dial pad.
 * @csspart dialpad-key - One dial pad key.
 * @csspart notice - A polite message (dial cancelled by the page).
 * @csspart form-error - A validation message.
 * @csspart lines - Line selector (multi-line vendors).
 * @csspart line - One line choice.
 * @csspart calls - The list of calls.
 * @csspart call - One call (`data-state` holds its state); also `call-selected` for the selected line's call.
 * @csspart call-selected - The call on the selected line.
 * @csspart caller - Caller name / number (server text).
 * @csspart call-state - The call state label.
 * @csspart call-timer - Talk (or ring) time.
 * @csspart call-service - Service / queue name.
 * @csspart call-data - Associated data (screen-pop), a description list.
 * @csspart call-actions - The call's buttons.
 * @csspart answer-button - Answer.
 * @csspart reject-button - Reject.
 * @csspart hangup-button - Hang up.
 * @csspart hold-button - Hold.
 * @csspart retrieve-button - Retrieve.
 * @csspart consult-button - Consult (asks a number).
 * @csspart transfer-button - Transfer (asks a number).
 * @csspart conference-button - Conference.
 * @csspart dtmf-button - Show / hide the DTMF pad.
 * @csspart dtmf-pad - DTMF pad of a call.
 * @csspart dtmf-key - One DTMF key.
 * @csspart target-form - The number prompt of consult / transfer.
 * @csspart target-input - The number field of the prompt.
 * @csspart confirm-button - Confirm the prompt.
 * @csspart cancel-button - Cancel the prompt.
 *
 * @cssprop [--cti-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--cti-font-size=0.875rem] - Base font size.
 * @cssprop [--cti-radius=6px] - Corner radius.
 * @cssprop [--cti-space=0.5rem] - Base spacing.
 * @cssprop [--cti-density=1] - Spacing multiplier.
 * @cssprop [--cti-control-height=2.25rem] - Height of buttons and fields.
 * @cssprop [--cti-color-bg=#ffffff] - Background.
 * @cssprop [--cti-color-fg=#1f2328] - Text.
 * @cssprop [--cti-color-surface=#f6f8fa] - Call cards and default buttons.
 * @cssprop [--cti-color-muted=#59636e] - Secondary text.
 * @cssprop [--cti-color-border=#6e7781] - Borders.
 * @cssprop [--cti-color-accent=#0a58ca] - Dial button, selected line.
 * @cssprop [--cti-color-on-accent=#ffffff] - Text on the accent.
 * @cssprop [--cti-color-danger=#b42318] - Hang up / reject.
 * @cssprop [--cti-color-on-danger=#ffffff] - Text on danger.
 * @cssprop [--cti-color-success=#146c2e] - Answer, ringing call border.
 * @cssprop [--cti-color-on-success=#ffffff] - Text on success.
 * @cssprop [--cti-color-warning-bg=#fff4e5] - Connection banner background.
 * @cssprop [--cti-color-warning-fg=#7a2e0e] - Connection banner text.
 * @cssprop [--cti-color-error-bg=#fdecea] - Error background.
 * @cssprop [--cti-color-error-fg=#b42318] - Error text.
 * @cssprop [--cti-color-highlight-bg=#eaf2ff] - Ringing call background.
 * @cssprop [--cti-color-focus=#0a58ca] - Focus ring.
 */
@customElement('cti-phone')
export class CtiPhone extends CtiElement {
  static override styles = [...CtiElement.styles, phoneStyles];

  readonly #announced = new Set<string>();

  @state() private number = '';
  @state() private numberError = false;
  @state() private notice = '';
  @state() private announcement = '';
  @state() private prompt: Prompt | undefined;
  @state() private dtmfCallId: string | undefined;
  @state() private selectedLineId: string | undefined;

  protected override needsTick(): boolean {
    return super.needsTick() || (this.snapshot?.calls.some((c) => c.state !== 'ended') ?? false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#announceIncoming();
  }

  /** Announce each newly ringing call once, in the live region. */
  #announceIncoming(): void {
    const calls = this.snapshot?.calls ?? [];
    const ringing = calls.filter((c) => c.state === 'ringing');
    for (const id of [...this.#announced]) if (!ringing.some((c) => c.id === id)) this.#announced.delete(id);
    const fresh = ringing.filter((c) => !this.#announced.has(c.id));
    if (fresh.length === 0) return;
    for (const c of fresh) this.#announced.add(c.id);
    this.announcement = fresh
      .map((c) =>
        c.service
          ? this.t('phone.incoming-service', { caller: this.#callerText(c.remote), service: c.service })
          : this.t('phone.incoming-from', { caller: this.#callerText(c.remote) }),
      )
      .join('. ');
  }

  #callerText(remote: readonly Party[]): string {
    if (remote.length === 0) return this.t('phone.unknown-caller');
    return remote.map((p) => (p.name && p.name !== p.number ? `${p.name} (${p.number})` : p.number || p.name || '')).join(', ');
  }

  #typeNumber(event: Event): void {
    this.number = (event.target as HTMLInputElement).value;
    this.numberError = false;
  }

  #numberKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      void this.dial(this.number, 'phone');
    }
  }

  #pressKey(key: string): void {
    this.number += key;
    this.numberError = false;
  }

  #backspace(): void {
    this.number = this.number.slice(0, -1);
  }

  /** Typing on the focused dial pad: digits, `*`, `#` append; Backspace deletes. */
  #dialpadKeydown(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (KEY_RE.test(event.key)) {
      event.preventDefault();
      this.#pressKey(event.key);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      this.#backspace();
    }
  }

  /** A SIP softphone that is not registered cannot dial: the dialer says to register first. */
  #mustRegisterFirst(): boolean {
    const snapshot = this.snapshot;
    return snapshot?.capabilities.signIn === 'sip' && snapshot.agent.phase === 'logged-out';
  }

  async #submitDial(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    await this.dial(this.number, 'phone');
  }

  async #act(call: Call, type: 'answer' | 'reject' | 'hangup' | 'hold' | 'retrieve' | 'conference'): Promise<void> {
    await this.run({ type, callId: call.id });
  }

  async #openPrompt(call: Call, kind: Prompt['kind']): Promise<void> {
    this.prompt = { callId: call.id, kind, value: '' };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('[part~="target-input"]')?.focus();
  }

  #closePrompt(): void {
    const callId = this.prompt?.callId;
    this.prompt = undefined;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-call-id="${CSS.escape(callId ?? '')}"] [part~="call-actions"] button`)?.focus(),
    );
  }

  async #submitPrompt(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const prompt = this.prompt;
    if (!prompt) return;
    const to = normalizeNumber(prompt.value);
    if (!to) {
      this.prompt = { ...prompt, error: true };
      return;
    }
    if (await this.run({ type: prompt.kind, callId: prompt.callId, to })) this.prompt = undefined;
  }

  async #sendDtmf(call: Call, key: string): Promise<void> {
    await this.run({ type: 'dtmf', callId: call.id, digits: key });
  }

  #dtmfKeydown(call: Call, event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (KEY_RE.test(event.key)) {
      event.preventDefault();
      void this.#sendDtmf(call, event.key);
    }
  }

  /**
   * Dial `number` (click-to-dial). Fires the cancelable `cti-dial-request` first; resolves `true`
   * when the dial command was accepted, `false` when it was vetoed, invalid or failed (the failure is shown).
   * With a SIP softphone that is not registered nothing is sent (the dialer says to register first) and
   * no event fires.
   */
  async dial(number: string, source: 'phone' | 'api' = 'api'): Promise<boolean> {
    const to = normalizeNumber(number);
    this.notice = '';
    if (!to) {
      this.numberError = true;
      return false;
    }
    if (this.#mustRegisterFirst()) {
      // Nothing sent (the softphone would answer "not registered"); a typed number stays in the field.
      this.notice = this.t('phone.dial-needs-register');
      return false;
    }
    const request = new CtiDialRequestEvent({ number: to, source });
    this.dispatchEvent(request);
    if (request.defaultPrevented) {
      this.notice = this.t('phone.dial-cancelled');
      return false;
    }
    const ok = await this.run({ type: 'dial', to });
    if (ok && normalizeNumber(this.number) === to) this.number = '';
    return ok;
  }

  #renderDialer(): TemplateResult {
    const t = this.t;
    const registerFirst = this.#mustRegisterFirst();
    return html`<form part="dialer" aria-label=${t('phone.dial')} @submit=${this.#submitDial}>
      ${registerFirst ? html`<p part="dial-hint" id="dial-hint">${t('phone.register-first')}</p>` : nothing}
      <div class="number-row">
        <label
          >${t('phone.number')}
          <input
            part="number-input"
            name="number"
            type="tel"
            inputmode="tel"
            autocomplete="off"
            aria-invalid=${this.numberError ? 'true' : 'false'}
            aria-describedby=${this.numberError ? 'number-error' : nothing}
            .value=${this.number}
            @input=${this.#typeNumber}
            @keydown=${this.#numberKeydown}
        /></label>
        <button part="backspace-button" type="button" aria-label=${t('phone.backspace')} @click=${this.#backspace}>
          <span aria-hidden="true">⌫</span>
        </button>
      </div>
      ${this.numberError ? html`<p part="form-error" id="number-error">${t('phone.number-required')}</p>` : nothing}
      <div part="dialpad" role="group" aria-label=${t('phone.dialpad')} @keydown=${this.#dialpadKeydown}>
        ${KEYS.map(
          (k) => html`<button part="dialpad-key" type="button" aria-label=${t('phone.key', { key: k })} @click=${() => this.#pressKey(k)}>
            ${k}
          </button>`,
        )}
      </div>
      <button
        part="dial-button"
        class="success"
        type="submit"
        aria-disabled=${registerFirst ? 'true' : nothing}
        aria-describedby=${registerFirst ? 'dial-hint' : nothing}
      >${t('phone.dial')}</button>
    </form>`;
  }

  #renderLines(lines: readonly Line[]): TemplateResult {
    const t = this.t;
    const selected = this.selectedLineId ?? lines.find((l) => l.selected)?.id;
    return html`<fieldset part="lines">
      <legend>${t('phone.lines')}</legend>
      ${lines.map(
        (l) => html`<label part="line" data-state=${l.state}
          ><input
            type="radio"
            name="line"
            value=${l.id}
            .checked=${l.id === selected}
            @change=${() => (this.selectedLineId = l.id)}
          />
          ${t('phone.line', { label: l.label, state: t(`line.${l.state}`) })}</label
        >`,
      )}
    </fieldset>`;
  }

  #renderPrompt(prompt: Prompt): TemplateResult {
    const t = this.t;
    const label = prompt.kind === 'consult' ? t('phone.consult-to') : t('phone.transfer-to');
    return html`<form
      part="target-form"
      data-kind=${prompt.kind}
      aria-label=${label}
      @submit=${this.#submitPrompt}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          this.#closePrompt();
        }
      }}
    >
      <label
        >${label}
        <input
          part="target-input"
          type="tel"
          inputmode="tel"
          autocomplete="off"
          required
          aria-invalid=${prompt.error ? 'true' : 'false'}
          .value=${prompt.value}
          @input=${(e: Event) => (this.prompt = { ...prompt, value: (e.target as HTMLInputElement).value, error: false })}
      /></label>
      ${prompt.error ? html`<p part="form-error">${t('phone.number-required')}</p>` : nothing}
      <div class="row">
        <button part="confirm-button" class="primary" type="submit">${t('phone.confirm')}</button>
        <button part="cancel-button" type="button" @click=${this.#closePrompt}>${t('phone.cancel')}</button>
      </div>
    </form>`;
  }

  #renderCall(call: Call, caps: Capabilities, selectedLineId: string | undefined): TemplateResult {
    const t = this.t;
    const a = call.actions;
    const caller = this.#callerText(call.remote);
    const since = call.answeredAt ?? call.startedAt;
    const until = call.state === 'ended' ? (call.endedAt ?? Date.now()) : Date.now();
    const elapsed = formatDuration(until - since);
    const data = Object.entries(call.data);
    const selected = selectedLineId !== undefined && call.lineId === selectedLineId;
    const prompt = this.prompt?.callId === call.id ? this.prompt : undefined;
    const dtmfOpen = this.dtmfCallId === call.id && a.dtmf && caps.dtmf;
    return html`<li
      part=${selected ? 'call call-selected' : 'call'}
      data-state=${call.state}
      data-call-id=${call.id}
      aria-label=${t('phone.call-label', { caller })}
    >
      <div class="call-head">
        <span part="caller">${caller}</span>
        <span part="call-state">${t(`call.${call.state}`)}</span>
        <span part="call-timer" class="timer" role="timer" aria-label=${`${t('phone.timer')}: ${elapsed}`}>${elapsed}</span>
      </div>
      ${call.service ? html`<span part="call-service">${t('phone.service', { service: call.service })}</span>` : nothing}
      ${data.length > 0
        ? html`<dl part="call-data" aria-label=${t('phone.data')}>
            ${data.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
          </dl>`
        : nothing}
      <div part="call-actions" class="row" role="group" aria-label=${t('phone.actions-for', { caller })}>
        ${a.answer ? html`<button part="answer-button" class="success" type="button" @click=${() => this.#act(call, 'answer')}>${t('phone.answer')}</button>` : nothing}
        ${a.reject && caps.reject ? html`<button part="reject-button" class="danger" type="button" @click=${() => this.#act(call, 'reject')}>${t('phone.reject')}</button>` : nothing}
        ${a.hold && caps.hold ? html`<button part="hold-button" type="button" @click=${() => this.#act(call, 'hold')}>${t('phone.hold')}</button>` : nothing}
        ${a.retrieve && caps.hold ? html`<button part="retrieve-button" type="button" @click=${() => this.#act(call, 'retrieve')}>${t('phone.retrieve')}</button>` : nothing}
        ${a.consult && caps.consult ? html`<button part="consult-button" type="button" aria-expanded=${prompt?.kind === 'consult' ? 'true' : 'false'} @click=${() => this.#openPrompt(call, 'consult')}>${t('phone.consult')}</button>` : nothing}
        ${a.transfer && caps.transfer ? html`<button part="transfer-button" type="button" aria-expanded=${prompt?.kind === 'transfer' ? 'true' : 'false'} @click=${() => this.#openPrompt(call, 'transfer')}>${t('phone.transfer')}</button>` : nothing}
        ${a.conference && caps.conference ? html`<button part="conference-button" type="button" @click=${() => this.#act(call, 'conference')}>${t('phone.conference')}</button>` : nothing}
        ${a.dtmf && caps.dtmf
          ? html`<button
              part="dtmf-button"
              type="button"
              aria-expanded=${dtmfOpen ? 'true' : 'false'}
              @click=${() => (this.dtmfCallId = dtmfOpen ? undefined : call.id)}
            >
              ${dtmfOpen ? t('phone.dtmf-hide') : t('phone.dtmf')}
            </button>`
          : nothing}
        ${a.hangup && caps.hangup ? html`<button part="hangup-button" class="danger" type="button" @click=${() => this.#act(call, 'hangup')}>${t('phone.hangup')}</button>` : nothing}
      </div>
      ${prompt ? this.#renderPrompt(prompt) : nothing}
      ${dtmfOpen
        ? html`<div part="dtmf-pad" role="group" aria-label=${t('phone.dtmf')} @keydown=${(e: KeyboardEvent) => this.#dtmfKeydown(call, e)}>
            ${KEYS.map(
              (k) => html`<button part="dtmf-key" type="button" aria-label=${t('phone.key', { key: k })} @click=${() => this.#sendDtmf(call, k)}>
                ${k}
              </button>`,
            )}
          </div>`
        : nothing}
    </li>`;
  }

  #renderCalls(snapshot: SessionSnapshot): TemplateResult {
    const caps = snapshot.capabilities;
    const calls = [...snapshot.calls].sort((x, y) => STATE_ORDER[x.state] - STATE_ORDER[y.state]);
    const selectedLineId = this.selectedLineId ?? snapshot.lines.find((l) => l.selected)?.id;
    return calls.length > 0
      ? html`<ul part="calls" aria-label=${this.t('phone.calls')}>
          ${calls.map((c) => this.#renderCall(c, caps, caps.lines > 1 ? selectedLineId : undefined))}
        </ul>`
      : html`<p part="calls" class="muted">${this.t('phone.no-calls')}</p>`;
  }

  override render(): TemplateResult {
    const snapshot = this.snapshot;
    const caps = snapshot?.capabilities;
    return html`<section part="base" aria-label=${this.t('phone.region')} lang=${this.locale}>
      ${this.renderStatus()}
      <div part="announcer" class="visually-hidden" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
      ${caps && caps.lines > 1 && snapshot.lines.length > 0 ? this.#renderLines(snapshot.lines) : nothing}
      <div class="calls-column">
        ${snapshot ? this.#renderCalls(snapshot) : nothing}
      </div>
      ${caps?.dial ? this.#renderDialer() : nothing}
      <p part="notice" role="status">${this.notice}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-phone': CtiPhone;
  }
}
