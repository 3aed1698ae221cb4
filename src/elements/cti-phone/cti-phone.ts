import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Command } from '../../domain/commands.js';
import type { Call, Capabilities, Line, Notice, Party, SessionSnapshot, TransferTarget } from '../../domain/model.js';
import { CtiDialRequestEvent } from '../../events/cti-dial-request.js';
import { formatDateTime, formatDuration, maybeT } from '../../i18n/index.js';
import { CtiElement } from '../shared/cti-element.js';
import { phoneStyles } from './cti-phone.styles.js';
import { recentCalls } from './recent-calls-hook.js';

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

/** The items of `list` not in `seen`; `seen` learns them and forgets the ids that left `list`. */
function fresh<T extends { readonly id: string }>(seen: Set<string>, list: readonly T[]): T[] {
  for (const id of seen) if (!list.some((x) => x.id === id)) seen.delete(id);
  const out = list.filter((x) => !seen.has(x.id));
  for (const x of out) seen.add(x.id);
  return out;
}

/** Server text (call data, notice fields) as a description list, as text; nothing when empty. */
function keyValues(part: string, label: string, data: Readonly<Record<string, string>>): TemplateResult | typeof nothing {
  const entries = Object.entries(data);
  return entries.length
    ? html`<dl part=${part} class="kv" aria-label=${label}>${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`
    : nothing;
}

type Prompt = {
  readonly callId: string;
  readonly kind: 'consult' | 'transfer';
  readonly value: string;
  /** A listed transfer destination (its id) chosen instead of a typed number. */
  readonly target?: string;
  readonly error?: boolean;
};

/**
 * The agent's phone: number field and dial pad, incoming-call alert with caller id, service and
 * associated data, and per call the controls the call allows right now (answer, reject, hang up,
 * hold/retrieve, consult, transfer, conference, DTMF) with a timer. A control is rendered only when
 * the call's `actions` and the vendor's capabilities allow it.
 *
 * Per vendor capability:
 * - multi-line (`lines > 1`, DGPhone): a line strip (a radio group: arrow keys move and select) with each
 *   line's state; choosing a line sends `select-line`, each call says its line;
 * - `transferTargets`: the transfer prompt offers the vendor's destinations besides a typed number;
 * - `redial`: a Redial button; `dialService` `optional` / `required`: a service / campaign field
 *   (prefilled from `default-service`; the vendor's own default, `capabilities.defaultService`, is its
 *   placeholder; when required nothing is dialled without it);
 * - `dialerOutcomes` / `scheduleCallback` (Tactium): dialer tools (report the call's outcome, schedule a
 *   callback) during a call and after it, until the agent is ready again or takes another call;
 * - notices (Catix scheduled calls): listed with their due time and fields, each with Dismiss; a new one
 *   is announced politely.
 *
 * Server text (caller, service, call data, notice fields, transfer destinations) is always rendered as text.
 * With a SIP softphone (`capabilities.signIn === 'sip'`, NEON) that is not registered, the dialer says
 * to register first and dials nothing (the softphone would refuse: not registered).
 *
 * @summary Dialer, incoming-call alert and call controls.
 *
 * @attr lang - Locale (`pt-BR` default, `en`, `es`); else the closest `[lang]`, then the provider's `locale`.
 * @attr theme - `light` | `dark`; unset follows `prefers-color-scheme`.
 *
 * @fires cti-dial-request - {@link CtiDialRequestEvent} `{ number, source: 'phone' | 'api', service? }`; cancelable:
 *   `preventDefault()` stops the call. (Redial sends no such event: the number is the vendor's.)
 *
 * @csspart base - The wrapper.
 * @csspart connection - Connection status (role=status); empty while connected.
 * @csspart error - The visible error (role=alert).
 * @csspart supervisor - In a supervisor session (`options.role: 'supervisor'`): says the team is in `<cti-queue>`.
 * @csspart error-text - Message and detail.
 * @csspart error-message - The translated error message.
 * @csspart error-detail - The vendor's detail, as text.
 * @csspart error-dismiss - The dismiss button.
 * @csspart announcer - Visually hidden live region announcing incoming calls (assertive).
 * @csspart polite-announcer - Visually hidden live region announcing new notices (polite).
 * @csspart notices - The list of notices (Catix scheduled calls); takes focus after a Dismiss while others remain.
 * @csspart notice-card - One notice.
 * @csspart notice-title - What it is and when it is due.
 * @csspart notice-data - Its fields (server text), a description list.
 * @csspart notice-dismiss - Dismiss it.
 * @csspart dialer - Number field, dial button and dial pad.
 * @csspart number-input - The number field.
 * @csspart service-input - Service / campaign to dial with (vendors that take one).
 * @csspart dial-button - Dial (`aria-disabled` while a SIP softphone is not registered).
 * @csspart dial-hint - "Register first", while a SIP softphone is not registered.
 * @csspart redial-button - Redial the last number (vendors that can).
 * @csspart backspace-button - Delete the last digit.
 * @csspart dialpad - The dial pad.
 * @csspart dialpad-key - One dial pad key.
 * @csspart notice - A polite message (dial cancelled by the page).
 * @csspart recent - The session's recent calls (`<cti-recent-calls>`, newest first; kept in the hub), a collapsible section.
 * @csspart recent-call - One recent call: number and name, direction, outcome, time, talk time.
 * @csspart recent-dial - Its one-click *Call* (dials through `dial()`, with `cti-dial-request` first).
 * @csspart form-error - A validation message.
 * @csspart lines - Line strip (multi-line vendors), a radio group.
 * @csspart line - One line (`data-state`: idle, busy, ringing, held, unknown); also `line-selected`.
 * @csspart line-selected - The selected line.
 * @csspart calls - The list of calls.
 * @csspart call - One call (`data-state` holds its state); also `call-selected` for the selected line's call.
 * @csspart call-selected - The call on the selected line.
 * @csspart caller - Caller name / number (server text).
 * @csspart call-line - The call's line (multi-line vendors).
 * @csspart call-state - The call state label.
 * @csspart call-timer - Talk (or ring) time.
 * @csspart call-service - Service / queue name.
 * @csspart call-data - Associated data (screen-pop, dialer contact data, recording path), a description list of text.
 * @csspart call-actions - The call's buttons.
 * @csspart answer-button - Answer.
 * @csspart reject-button - Reject.
 * @csspart hangup-button - Hang up.
 * @csspart hold-button - Hold.
 * @csspart retrieve-button - Retrieve.
 * @csspart consult-button - Consult (asks a number).
 * @csspart transfer-button - Transfer (asks a number).
 * @csspart conference-button - Conference.
 * @csspart conference-parties - A conference's participants (list).
 * @csspart party - One participant.
 * @csspart party-number - Its number or name.
 * @csspart drop-party-button - Removes it from the conference (the owner, while others remain).
 * @csspart conference-owner - Who leads the conference, when the vendor says.
 * @csspart call-consultation - Marks a consultation call.
 * @csspart dtmf-button - Show / hide the DTMF pad.
 * @csspart dtmf-pad - DTMF pad of a call.
 * @csspart dtmf-key - One DTMF key.
 * @csspart target-form - The number prompt of consult / transfer.
 * @csspart target-select - The vendor's transfer destinations (vendors that list them).
 * @csspart target-input - The number field of the prompt.
 * @csspart confirm-button - Confirm the prompt.
 * @csspart cancel-button - Cancel the prompt.
 * @csspart dialer-tools - Dialer tools of the current / last call (vendors with dialer outcomes or callbacks).
 * @csspart outcome-form - Report the call's outcome.
 * @csspart outcome-select - The outcomes.
 * @csspart outcome-button - Send the outcome.
 * @csspart callback - Disclosure of the callback form.
 * @csspart callback-form - Schedule a callback: date and time, number, agent.
 * @csspart callback-at-input - Date and time of the callback.
 * @csspart callback-number-input - Number to call back (the call's number to start with).
 * @csspart callback-agent-input - Agent who gets it (optional: this agent).
 * @csspart callback-button - Schedule it.
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
  readonly #noticesSeen = new Set<string>();
  /** The newest call seen (the dialer tools still act on it after it is gone). */
  #lastCall: { readonly id: string; readonly number: string } | undefined;

  @state() private number = '';
  /** Typed service / campaign (`undefined`: `defaultService`). */
  @state() private service: string | undefined;
  @state() private dialError: 'number' | 'service' | undefined;
  @state() private notice = '';
  @state() private announcement = '';
  @state() private politeAnnouncement = '';
  @state() private prompt: Prompt | undefined;
  @state() private dtmfCallId: string | undefined;

  /** Service / campaign to dial with when the agent types none (vendors whose dialing takes one). */
  @property({ attribute: 'default-service' }) defaultService = '';

  protected override needsTick(): boolean {
    return super.needsTick() || (this.snapshot?.calls.some((c) => c.state !== 'ended') ?? false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const call = this.snapshot?.calls[0];
    if (call) this.#lastCall = { id: call.id, number: call.remote[0]?.number ?? '' };
    this.#announceIncoming();
    const notices = fresh(this.#noticesSeen, this.snapshot?.notices ?? []);
    if (notices.length) this.politeAnnouncement = notices.map((n) => this.#noticeTitle(n)).join('. ');
  }

  /** Announce each newly ringing call once, in the live region. */
  #announceIncoming(): void {
    const ringing = fresh(this.#announced, this.snapshot?.calls.filter((c) => c.state === 'ringing') ?? []);
    if (ringing.length === 0) return;
    this.announcement = ringing
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

  #noticeTitle(notice: Notice): string {
    return notice.dueAt !== undefined
      ? this.t('phone.scheduled-call-due', { time: formatDateTime(notice.dueAt, this.locale) })
      : this.t('phone.scheduled-call');
  }

  #typeNumber(event: Event): void {
    this.number = (event.target as HTMLInputElement).value;
    this.dialError = undefined;
  }

  #numberKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      void this.dial(this.number, 'phone');
    }
  }

  #pressKey(key: string): void {
    this.number += key;
    this.dialError = undefined;
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
  /** The service / campaign to dial with: typed, else `defaultService`; none for a vendor that takes none. */
  get #service(): string {
    return (this.snapshot?.capabilities.dialService ?? 'none') === 'none' ? '' : (this.service ?? this.defaultService).trim();
  }

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

  /** Select a line; when that fails, the strip shows the selected line again. */
  async #selectLine(lineId: string): Promise<void> {
    if (await this.run({ type: 'select-line', lineId })) return;
    const selected = this.snapshot?.lines.find((l) => l.selected)?.id;
    for (const radio of this.renderRoot.querySelectorAll<HTMLInputElement>('input[name="line"]')) radio.checked = radio.value === selected;
  }

  /** Send what a small form asks (`build` reads its fields, trimmed); on success say `done` politely. */
  async #submitForm(event: SubmitEvent, build: (field: (name: string) => string) => Command, done: string): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    if (await this.run(build((name) => String(data.get(name) ?? '').trim()))) this.notice = done;
  }

  #reportOutcome(event: SubmitEvent): Promise<void> {
    const id = this.#lastCall?.id;
    const callId = this.snapshot?.calls.some((c) => c.id === id) ? id : undefined;
    const outcome = (event.target as HTMLFormElement).querySelector('select')?.value ?? '';
    return this.#submitForm(
      event,
      () => ({ type: 'dialer-outcome', outcome, ...(callId ? { callId } : {}) }),
      this.t('phone.outcome-sent', { outcome: this.#outcomeLabel(outcome) }),
    );
  }

  #scheduleCallback(event: SubmitEvent): Promise<void> {
    return this.#submitForm(
      event,
      (field) => {
        const agent = field('agent');
        return { type: 'schedule-callback', at: field('at'), number: normalizeNumber(field('number')), ...(agent ? { agent } : {}) };
      },
      this.t('phone.callback-sent'),
    );
  }

  /**
   * Dismiss a notice. Focus, when it was in the notices, is not lost with the button: it goes to the
   * list while other notices remain, else to the number field.
   */
  async #dismissNotice(id: string): Promise<void> {
    const part = (p: string) => this.renderRoot.querySelector<HTMLElement>(`[part~="${p}"]`);
    const inList = part('notices')?.contains(this.shadowRoot?.activeElement ?? null);
    if (!(await this.run({ type: 'dismiss-notice', id })) || !inList) return;
    part(this.snapshot?.notices.some((n) => n.id !== id) ? 'notices' : 'number-input')?.focus();
  }

  #outcomeLabel(outcome: string): string {
    return maybeT(`outcome.${outcome}`, this.locale) ?? outcome;
  }

  async #openPrompt(call: Call, kind: Prompt['kind']): Promise<void> {
    this.prompt = { callId: call.id, kind, value: '' };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="target-select"], [part~="target-input"]')?.focus();
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
    const { callId, kind, target } = prompt;
    const to = target || normalizeNumber(prompt.value);
    if (!to) {
      this.prompt = { ...prompt, error: true };
      return;
    }
    const command: Command = target ? { type: 'transfer', callId, to, toTarget: true } : { type: kind, callId, to };
    if (await this.run(command)) this.prompt = undefined;
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
   * Dial `number` (click-to-dial), with the service / campaign in the field (or `default-service`) for
   * vendors whose dialing takes one. Fires the cancelable `cti-dial-request` first; resolves `true`
   * when the dial command was accepted, `false` when it was vetoed, invalid (no number, or no service
   * where the vendor requires one) or failed (the failure is shown).
   * With a SIP softphone that is not registered nothing is sent (the dialer says to register first) and
   * no event fires.
   */
  async dial(number: string, source: 'phone' | 'api' = 'api'): Promise<boolean> {
    const to = normalizeNumber(number);
    const service = this.#service;
    this.notice = '';
    this.dialError = !to ? 'number' : !service && this.snapshot?.capabilities.dialService === 'required' ? 'service' : undefined;
    if (this.dialError) {
      if (source === 'phone') void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="dialer"] [aria-invalid="true"]')?.focus());
      return false;
    }
    if (this.#mustRegisterFirst()) {
      // Nothing sent (the softphone would answer "not registered"); a typed number stays in the field.
      this.notice = this.t('phone.dial-needs-register');
      return false;
    }
    const request = new CtiDialRequestEvent({ number: to, source, ...(service ? { service } : {}) });
    this.dispatchEvent(request);
    if (request.defaultPrevented) {
      this.notice = this.t('phone.dial-cancelled');
      return false;
    }
    const ok = await this.run({ type: 'dial', to, ...(service ? { service } : {}) });
    if (ok && normalizeNumber(this.number) === to) this.number = '';
    return ok;
  }

  #renderDialer(caps: Capabilities): TemplateResult {
    const t = this.t;
    const registerFirst = this.#mustRegisterFirst();
    const error = this.dialError;
    const invalid = (field: typeof error) => (error === field ? 'true' : 'false');
    const service = caps.dialService;
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
            aria-invalid=${invalid('number')}
            aria-describedby=${error === 'number' ? 'dial-error' : nothing}
            .value=${this.number}
            @input=${this.#typeNumber}
            @keydown=${this.#numberKeydown}
        /></label>
        <button part="backspace-button" type="button" aria-label=${t('phone.backspace')} @click=${this.#backspace}>
          <span aria-hidden="true">⌫</span>
        </button>
      </div>
      ${service !== 'none'
        ? html`<label
            >${service === 'required' ? t('phone.dial-service') : t('phone.optional', { label: t('phone.dial-service') })}
            <input
              part="service-input"
              name="service"
              autocomplete="off"
              aria-required=${service === 'required' ? 'true' : 'false'}
              aria-invalid=${invalid('service')}
              aria-describedby=${error === 'service' ? 'dial-error' : nothing}
              placeholder=${caps.defaultService || nothing}
              .value=${this.service ?? this.defaultService}
              @input=${(e: Event) => {
                this.service = (e.target as HTMLInputElement).value;
                this.dialError = undefined;
              }}
          /></label>`
        : nothing}
      ${error ? html`<p part="form-error" id="dial-error">${t(error === 'number' ? 'phone.number-required' : 'phone.service-required')}</p>` : nothing}
      <div part="dialpad" role="group" aria-label=${t('phone.dialpad')} @keydown=${this.#dialpadKeydown}>
        ${KEYS.map(
          (k) => html`<button part="dialpad-key" type="button" aria-label=${t('phone.key', { key: k })} @click=${() => this.#pressKey(k)}>
            ${k}
          </button>`,
        )}
      </div>
      <div class="row dial-row">
        <button
          part="dial-button"
          class="success"
          type="submit"
          aria-disabled=${registerFirst ? 'true' : nothing}
          aria-describedby=${registerFirst ? 'dial-hint' : nothing}
        >${t('phone.dial')}</button>
        ${caps.redial ? html`<button part="redial-button" type="button" @click=${() => this.run({ type: 'redial' })}>${t('phone.redial')}</button>` : nothing}
      </div>
    </form>`;
  }

  /** The line strip: native radios (one Tab stop, arrow keys select), the snapshot's selection checked. */
  #renderLines(lines: readonly Line[]): TemplateResult {
    const t = this.t;
    return html`<fieldset part="lines">
      <legend>${t('phone.lines')}</legend>
      ${lines.map(
        (l) => html`<label part=${l.selected ? 'line line-selected' : 'line'} data-state=${l.state}
          ><input type="radio" name="line" value=${l.id} .checked=${l.selected} @change=${() => this.#selectLine(l.id)} />
          ${t('phone.line', { label: l.label, state: t(`line.${l.state}`) })}</label
        >`,
      )}
    </fieldset>`;
  }

  #renderPrompt(prompt: Prompt, targets: readonly TransferTarget[]): TemplateResult {
    const t = this.t;
    const label = prompt.kind === 'consult' ? t('phone.consult-to') : t('phone.transfer-to');
    const set = (patch: Partial<Prompt>) => (this.prompt = { ...prompt, ...patch, error: false });
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
      ${targets.length > 0 && prompt.kind === 'transfer'
        ? html`<label
            >${t('phone.transfer-target')}
            <select part="target-select" @change=${(e: Event) => set({ target: (e.target as HTMLSelectElement).value })}>
              <option value="">${t('phone.transfer-number')}</option>
              ${targets.map((x) => html`<option value=${x.id} ?selected=${x.id === prompt.target}>${x.name}</option>`)}
            </select></label
          >`
        : nothing}
      ${prompt.target
        ? nothing
        : html`<label
              >${label}
              <input
                part="target-input"
                type="tel"
                inputmode="tel"
                autocomplete="off"
                required
                aria-invalid=${prompt.error ? 'true' : 'false'}
                .value=${prompt.value}
                @input=${(e: Event) => set({ value: (e.target as HTMLInputElement).value })}
            /></label>
            ${prompt.error ? html`<p part="form-error">${t('phone.number-required')}</p>` : nothing}`}
      <div class="row">
        <button part="confirm-button" class="primary" type="submit">${t('phone.confirm')}</button>
        <button part="cancel-button" type="button" @click=${this.#closePrompt}>${t('phone.cancel')}</button>
      </div>
    </form>`;
  }

  #renderCall(call: Call, snapshot: SessionSnapshot): TemplateResult {
    const t = this.t;
    const caps = snapshot.capabilities;
    const line = caps.lines > 1 && call.lineId !== undefined ? snapshot.lines.find((l) => l.id === call.lineId) : undefined;
    const a = call.actions;
    const caller = this.#callerText(call.remote);
    const since = call.answeredAt ?? call.startedAt;
    const until = call.state === 'ended' ? (call.endedAt ?? Date.now()) : Date.now();
    const elapsed = formatDuration(until - since);
    const selected = line?.selected === true;
    const prompt = this.prompt?.callId === call.id ? this.prompt : undefined;
    const dtmfOpen = this.dtmfCallId === call.id && a.dtmf && caps.dtmf;
    return html`<li
      part=${selected ? 'call call-selected' : 'call'}
      data-state=${call.state}
      data-call-id=${call.id}
      aria-label=${t('phone.call-label', { caller })}
    >
      <div class="call-head">
        ${line ? html`<span part="call-line">${t('phone.call-line', { label: line.label })}</span>` : nothing}
        <span part="caller">${caller}</span>
        <span part="call-state">${call.state === 'ended' && call.transferredTo
          ? t('call.transferred', { to: call.transferredTo })
          : t(`call.${call.state}`)}</span>
        <span part="call-timer" class="timer" role="timer" aria-label=${`${t('phone.timer')}: ${elapsed}`}>${elapsed}</span>
      </div>
      ${call.service ? html`<span part="call-service">${t('phone.service', { service: call.service })}</span>` : nothing}
      ${call.consultationOf ? html`<span part="call-consultation">${t('phone.consultation')}</span>` : nothing}
      ${call.state === 'conference' ? this.#renderParties(call, snapshot) : nothing}
      ${keyValues('call-data', t('phone.data'), call.data)}
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
      ${prompt ? this.#renderPrompt(prompt, caps.transferTargets ? snapshot.transferTargets : []) : nothing}
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

  /**
   * A conference's participants, each removable by the conference owner (Interact
   * `call_exclude_conference`, L4429-4467); the last one is left to hang-up.
   */
  #renderParties(call: Call, snapshot: SessionSnapshot): TemplateResult {
    const t = this.t;
    const owner = call.conferenceOwner;
    const me = [snapshot.agent.agentId, snapshot.agent.extension];
    const mayDrop = snapshot.capabilities.conference && call.remote.length > 1 && (owner === undefined || me.includes(owner));
    return html`${owner ? html`<span part="conference-owner">${t('phone.conference-owner', { owner })}</span>` : nothing}
      <ul part="conference-parties" aria-label=${t('phone.parties')}>
        ${call.remote.map(
          (p) => html`<li part="party">
            <span part="party-number">${this.#callerText([p])}</span>
            ${mayDrop
              ? html`<button
                  part="drop-party-button"
                  type="button"
                  aria-label=${t('phone.drop-party', { party: p.number })}
                  @click=${() => this.run({ type: 'drop-party', callId: call.id, party: p.number })}
                >
                  ${t('phone.drop')}
                </button>`
              : nothing}
          </li>`,
        )}
      </ul>`;
  }

  #renderCalls(snapshot: SessionSnapshot): TemplateResult {
    const calls = [...snapshot.calls].sort((x, y) => STATE_ORDER[x.state] - STATE_ORDER[y.state]);
    return calls.length > 0
      ? html`<ul part="calls" aria-label=${this.t('phone.calls')}>
          ${calls.map((c) => this.#renderCall(c, snapshot))}
        </ul>`
      : html`<p part="calls" class="muted">${this.t('phone.no-calls')}</p>`;
  }

  #renderNotices(notices: readonly Notice[]): TemplateResult | typeof nothing {
    const t = this.t;
    return notices.length
      ? html`<ul part="notices" aria-label=${t('phone.notices')} tabindex="-1">
          ${notices.map(
            (n) => html`<li part="notice-card" data-notice-id=${n.id}>
              <strong part="notice-title">${this.#noticeTitle(n)}</strong>
              ${keyValues('notice-data', t('phone.notice-data'), n.data)}
              <button part="notice-dismiss" type="button" @click=${() => this.#dismissNotice(n.id)}>${t('phone.dismiss')}</button>
            </li>`,
          )}
        </ul>`
      : nothing;
  }

  /**
   * Dialer tools (outcome, callback) for the current call, or the last one until the agent is ready
   * again (or signed out) or another call comes.
   */
  #renderDialerTools(snapshot: SessionSnapshot): TemplateResult | typeof nothing {
    const t = this.t;
    const { dialerOutcomes, scheduleCallback } = snapshot.capabilities;
    const last = this.#lastCall;
    const phase = snapshot.agent.phase;
    if (!last || (!dialerOutcomes.length && !scheduleCallback) || (!snapshot.calls.length && (phase === 'ready' || phase === 'logged-out'))) return nothing;
    return html`<section part="dialer-tools" aria-label=${t('phone.dialer-tools')}>
      ${dialerOutcomes.length
        ? html`<form part="outcome-form" class="row" @submit=${this.#reportOutcome}>
            <label
              >${t('phone.outcome')}
              <select part="outcome-select" name="outcome" required>
                <option value="">${t('phone.outcome-choose')}</option>
                ${dialerOutcomes.map((o) => html`<option value=${o}>${this.#outcomeLabel(o)}</option>`)}
              </select></label
            >
            <button part="outcome-button" type="submit">${t('phone.outcome-send')}</button>
          </form>`
        : nothing}
      ${scheduleCallback
        ? html`<details part="callback">
            <summary>${t('phone.callback')}</summary>
            <form part="callback-form" @submit=${this.#scheduleCallback}>
              <label>${t('phone.callback-at')} <input part="callback-at-input" name="at" type="datetime-local" required /></label>
              <label
                >${t('phone.number')}
                <input part="callback-number-input" name="number" type="tel" inputmode="tel" autocomplete="off" required .value=${last.number}
              /></label>
              <label
                >${t('phone.optional', { label: t('phone.callback-agent') })}
                <input part="callback-agent-input" name="agent" autocomplete="off"
              /></label>
              <button part="callback-button" class="primary" type="submit">${t('phone.callback-send')}</button>
            </form>
          </details>`
        : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    const snapshot = this.snapshot;
    const caps = snapshot?.capabilities;
    return html`<section part="base" aria-label=${this.t('phone.region')} lang=${this.locale}>
      ${this.renderStatus()}
      <div part="announcer" class="visually-hidden" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
      <div part="polite-announcer" class="visually-hidden" role="status">${this.politeAnnouncement}</div>
      ${snapshot ? this.#renderNotices(snapshot.notices) : nothing}
      ${caps && caps.lines > 1 && snapshot.lines.length > 0 ? this.#renderLines(snapshot.lines) : nothing}
      <div class="calls-column">
        ${snapshot ? this.#renderCalls(snapshot) : nothing}
      </div>
      ${snapshot ? this.#renderDialerTools(snapshot) : nothing}
      ${caps?.dial ? this.#renderDialer(caps) : nothing}
      ${recentCalls(snapshot, this.locale, (number) => void this.dial(number, 'phone'))}
      ${caps?.role === 'supervisor' ? html`<p part="supervisor">${this.t('supervisor.note')}</p>` : nothing}
      <p part="notice" role="status">${this.notice}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-phone': CtiPhone;
  }
}
