import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from '../shared/decorators.js';
import type { Command } from '../../domain/commands.js';
import { DIALER_CALL, type Call, type Capabilities, type Line, type Notice, type Party, type SessionSnapshot } from '../../domain/model.js';
import { formatPhone as format } from '../../domain/phone-format.js';
import { CtiDialRequestEvent } from '../../events/cti-dial-request.js';
import { formatDateTime, formatDuration, maybeT } from '../../i18n/index.js';
import { CtiElement } from '../shared/cti-element.js';
import { LazyParts } from '../shared/lazy-parts.js';
import { disclosure } from '../shared/shared.styles.js';
import { phoneStyles } from './cti-phone.styles.js';
import { recentCalls } from './recent-calls-hook.js';
import type { Prompt } from './call-extras.js';

/** The id of the reason every command control gives while the vendor connection is not up. */
const OFFLINE = 'offline-reason';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const KEY_RE = /^[0-9*#]$/;
/**
 * The call list's groups, in order: calls in progress (talking, conference, dialling), held calls, ringing
 * calls (compact while another call is in progress, so they never push those out of view), finished ones.
 * Within a group, arrival order: a card never jumps.
 */
const GROUP: Record<Call['state'], number> = {
  active: 0,
  conference: 0,
  dialing: 0,
  held: 1,
  ringing: 2,
  'wrap-up': 3,
  ended: 3,
};

/** A party's name (when it says more than the number) and its number formatted for Brazil. */
function partyText(p: Party): [string, string] {
  const number = format(p.number);
  return [p.name && p.name !== p.number ? p.name : number ? '' : (p.name ?? ''), number];
}

/**
 * The vendor parts (DGPhone line strip, Tactium dialer tools, Catix notices): their own chunk, loaded when a vendor has
 * them; its styles are adopted after the shared `disclosure` style (the callback summary's ▸ / ▾).
 */
const tools = new LazyParts(() => import('./dialer-tools.js'), (m) => [disclosure.styleSheet!, m.toolsStyles()]);

/**
 * The in-call parts a click or a conference brings up (consult / transfer prompt, participants, DTMF pad): their own
 * chunk, prefetched when the browser is idle after the first render; a ringing call never needs it.
 */
const extras = new LazyParts(() => import('./call-extras.js'), (m) => [m.extrasStyles()]);

/** `<cti-call-data>` (labels, masking): its own chunk, loaded with the first call or notice that has data. */
let callDataChunk: Promise<unknown> | undefined;

/** Call or notice data through the lazily loaded `<cti-call-data>`; nothing when empty. */
function dataSection(part: string, label: string, data: Readonly<Record<string, string>>, locale: string, closed = false): TemplateResult | typeof nothing {
  if (!Object.keys(data).length) return nothing;
  callDataChunk ??= import('./call-data.js').catch(() => {
    callDataChunk = undefined; // a failed chunk load may be retried on the next render
  });
  return html`<cti-call-data part=${part} exportparts="data-summary, data-list, data-reveal" .data=${data} label=${label} locale=${locale} ?closed=${closed}></cti-call-data>`;
}

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
 * A control is offered only when it can succeed now: while the vendor connection is not `connected`
 * (connecting, reconnecting, server down, closed) every control that sends a command — Call, Redial, a recent
 * call's Call, the call actions (answer, reject, hold, resume, consult, transfer, conference, drop a party,
 * hang up, DTMF keys), a line, the prompt's Confirm, the dialer tools' Send / Schedule — is `aria-disabled`,
 * stays focusable, is described by one non-live line (`offline-reason`) and sends nothing when pressed; they come
 * back by themselves with the connection. What only prepares a command stays usable: typing a number (field,
 * dial pad, backspace), the service, the DTMF pad's toggle, the copy button, a notice's Dismiss (the hub forgets
 * a notice itself: it succeeds offline). `dial()` called by the page is not held back: while the connection is
 * down it is refused like any command from the API (`not-connected`, "O comando não foi enviado." next to Call).
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
 * @csspart connection - Connection status (role=status); empty while connected, and while a condition is shown.
 * @csspart connection-progress - After the condition's alert: the reconnection attempt and countdown (plain text, not live).
 * @csspart offline-reason - While the vendor connection is not up: why the command controls are aria-disabled (not live).
 * @csspart error - The visible error (role=alert): a refused command next to the control that sent it (in its call
 *   card, the dial form, the transfer / consult prompt, the line strip, a notice, the dialer tools), a condition at the top.
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
 * @csspart notice-data - Its fields (server text): `<cti-call-data>`, a collapsible labelled list (its parts: data-summary, data-list, data-reveal).
 * @csspart notice-dismiss - Dismiss it.
 * @csspart dialer - Number field, dial button and dial pad.
 * @csspart number-input - The number field.
 * @csspart service-input - Service / campaign to dial with (vendors that take one).
 * @csspart dial-button - Dial (`aria-disabled` while a SIP softphone is not registered or the connection is not up).
 * @csspart dial-hint - "Register first", while a SIP softphone is not registered.
 * @csspart redial-button - Redial the last number (vendors that can; only once this session dialled one, shown as its title).
 * @csspart backspace-button - Delete the last digit.
 * @csspart dialpad - The dial pad (not during a call: the call's DTMF pad takes its place, one 12-key grid at most).
 * @csspart dialpad-key - One dial pad key.
 * @csspart notice - A polite message (dial cancelled by the page).
 * @csspart recent - The session's recent calls (`<cti-recent-calls>`, newest first; kept in the hub), a collapsible section.
 * @csspart recent-call - One recent call: number and name, direction, outcome, time, talk time.
 * @csspart recent-dial - Its one-click *Call* (dials through `dial()`, with `cti-dial-request` first; aria-disabled,
 *   described by `offline-reason`, while the connection is not up).
 * @csspart form-error - A validation message.
 * @csspart lines - Line strip (multi-line vendors), a radio group.
 * @csspart line - One line (`data-state`: idle, busy, ringing, held, unknown); also `line-selected`.
 * @csspart line-selected - The selected line.
 * @csspart calls - The list of calls.
 * @csspart call - One call (`data-state` holds its state); also `call-selected` for the selected line's call. Order: calls
 *   in progress, held, ringing (class `compact` while another call is in progress), finished; arrival order within each.
 * @csspart call-selected - The call on the selected line.
 * @csspart caller - Caller name · number (server text; numbers formatted for Brazil, never split across lines).
 * @csspart copy-button - Copies the call's raw number (as the vendor sent it; also its title).
 * @csspart copy-status - Says the number was copied (role=status), or shows it when the clipboard refuses.
 * @csspart call-line - The call's line (multi-line vendors).
 * @csspart call-state - The call state label.
 * @csspart call-timer - Talk (or ring) time.
 * @csspart call-service - Service / queue name.
 * @csspart call-data - Associated data (screen-pop, dialer contact data, recording path): `<cti-call-data>`, loaded
 *   lazily — human labels for the keys each vendor documents, CPF/CNPJ masked until shown; folded on a compact card.
 * @csspart call-actions - The call's buttons.
 * @csspart answer-button - Answer.
 * @csspart reject-button - Reject.
 * @csspart hangup-button - Hang up.
 * @csspart hold-button - Hold ("Pôr em espera").
 * @csspart retrieve-button - Resume ("Retomar").
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
 * @csspart tools-status - The dialer tools' confirmation (outcome sent, callback scheduled), role=status; cleared by the next call.
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
  /** Queue figures, the team and the lists of reasons are `<cti-queue>`'s and `<cti-agent-status>`'s. */
  protected static override unshownSlices: ReadonlySet<keyof SessionSnapshot> = new Set([...CtiElement.unshownSlices, 'queues', 'team', 'pauseReasons', 'classifications']);

  readonly #announced = new Set<string>();
  readonly #noticesSeen = new Set<string>();
  /** The newest call seen (the dialer tools still act on it after it is gone). */
  #lastCall: { readonly id: string; readonly number: string; readonly dialer: boolean } | undefined;

  @state() private number = '';
  /** Typed service / campaign (`undefined`: `defaultService`). */
  @state() private service: string | undefined;
  @state() private dialError: 'number' | 'service' | undefined;
  @state() private notice = '';
  @state() private announcement = '';
  @state() private politeAnnouncement = '';
  @state() private prompt: Prompt | undefined;
  @state() private dtmfCallId: string | undefined;
  /** The call whose number was just copied (`false`: the clipboard refused it). */
  @state() private copied: { readonly callId: string; readonly ok: boolean } | undefined;
  /** A dialer tool's confirmation (outcome sent, callback scheduled), until the next call. */
  @state() private toolsNotice = '';
  /** The call card and control that had focus before this update (cards are reused by position, not by call). */
  #focus: { readonly callId: string; readonly part: string } | undefined;
  /** The controls this render placed a refused command next to (the others show it at the top). */
  readonly #placed = new Set<string>();

  /** Service / campaign to dial with when the agent types none (vendors whose dialing takes one). */
  @property({ attribute: 'default-service' }) defaultService = '';

  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    const pending = [tools.pending(this), extras.pending(this)].filter(Boolean);
    if (!pending.length) return complete;
    await Promise.all(pending);
    return super.getUpdateComplete();
  }

  /** The in-call parts' chunk is fetched when the browser is idle after the first render (never before it). */
  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    extras.prefetch();
  }

  protected override needsTick(): boolean {
    return super.needsTick() || (this.snapshot?.calls.some((c) => c.state !== 'ended') ?? false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const focused = this.shadowRoot?.activeElement;
    const card = focused?.closest<HTMLElement>('[data-call-id]');
    this.#focus = card ? { callId: card.dataset['callId']!, part: focused!.getAttribute('part')?.split(' ')[0] ?? '' } : undefined;
    const call = this.snapshot?.calls[0];
    if (call && call.id !== this.#lastCall?.id) this.toolsNotice = '';
    // A dialer call stays one while its detail changes (unconfirmed after a lost link, say).
    if (call) this.#lastCall = { id: call.id, number: call.remote[0]?.number ?? '', dialer: call.detail === DIALER_CALL || (call.id === this.#lastCall?.id && this.#lastCall.dialer) };
    this.#announceIncoming();
    const notices = fresh(this.#noticesSeen, this.snapshot?.notices ?? []);
    if (notices.length) this.politeAnnouncement = notices.map((n) => this.#noticeTitle(n)).join('. ');
  }

  /**
   * When the order changed under the focus (a call held moves behind the other held calls), focus stays with its
   * call — the same control, else the call's first action — instead of landing on another call's button.
   */
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const f = this.#focus;
    if (!f || this.shadowRoot?.activeElement?.closest('[data-call-id]')?.getAttribute('data-call-id') === f.callId) return;
    const card = this.renderRoot.querySelector(`[data-call-id="${CSS.escape(f.callId)}"]`);
    (card?.querySelector<HTMLElement>(`[part~="${f.part}"]`) ?? card?.querySelector<HTMLElement>('[part~="call-actions"] button'))?.focus();
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

  /** Names and numbers as people read them (numbers formatted for Brazil; the raw number stays in the call). */
  #callerText(remote: readonly Party[]): string {
    if (remote.length === 0) return this.t('phone.unknown-caller');
    return remote.map((p) => partyText(p).filter(Boolean).join(' · ')).join(', ');
  }

  /** `#callerText` on screen: a formatted number is never split across lines. */
  #callerView(remote: readonly Party[]): TemplateResult | string {
    if (remote.length === 0) return this.t('phone.unknown-caller');
    return html`${remote.map((p, i) => {
      const [name, number] = partyText(p);
      return html`${i ? ', ' : ''}${name}${name && number ? ' · ' : ''}${number ? html`<span class="nowrap">${number}</span>` : ''}`;
    })}`;
  }

  /** Copy the raw number (as the vendor sent it); the card says it was copied, or shows it when refused. */
  async #copyNumber(callId: string, raw: string): Promise<void> {
    let ok = true;
    try {
      await navigator.clipboard.writeText(raw);
    } catch {
      ok = false; // no permission / not a secure context: the card shows the raw number to select
    }
    this.copied = { callId, ok };
    setTimeout(() => {
      if (this.copied?.callId === callId) this.copied = undefined;
    }, 4000);
  }

  /** A refused command of `control`, next to it; remembered so the top of the element does not show it too. */
  #failureAt(control: string): TemplateResult | typeof nothing {
    this.#placed.add(control);
    return this.renderFailure(control);
  }

  protected override placesFailure(control: string): boolean {
    return this.#placed.has(control);
  }

  /** The vendor connection is not up: a command could not succeed now, so its control waits. */
  #offline(): boolean {
    return this.snapshot?.connection.status !== 'connected';
  }

  /** `aria-disabled` of a command control: while the connection is not up (or `blocked` for another reason). */
  #waits(blocked = false): 'true' | typeof nothing {
    return blocked || this.#offline() ? 'true' : nothing;
  }

  /** `aria-describedby` of a command control: why it waits (while the connection is not up), then `ids`. */
  #describe(...ids: (string | false | undefined)[]): string | typeof nothing {
    return [this.#offline() && OFFLINE, ...ids].filter(Boolean).join(' ') || nothing;
  }

  /** A command from one of this element's controls: while the connection is not up nothing is sent (it waits). */
  #send(command: Command, control?: string): Promise<boolean> {
    return this.#offline() ? Promise.resolve(false) : this.run(command, control);
  }

  /** The number Redial calls: the last one this session dialled (the vendor redials it), if any. */
  get #redialNumber(): string | undefined {
    return this.snapshot?.recentCalls?.find((c) => c.direction === 'outbound' && c.number)?.number;
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
    await this.#send({ type, callId: call.id }, `call-${call.id}`);
  }

  /** Select a line; when that fails, the strip shows the selected line again. */
  async #selectLine(lineId: string): Promise<void> {
    if (await this.#send({ type: 'select-line', lineId }, 'line')) return;
    const selected = this.snapshot?.lines.find((l) => l.selected)?.id;
    for (const radio of this.renderRoot.querySelectorAll<HTMLInputElement>('input[name="line"]')) radio.checked = radio.value === selected;
  }

  /**
   * Dismiss a notice. Focus, when it was in the notices, is not lost with the button: it goes to the
   * list while other notices remain, else to the number field.
   */
  async #dismissNotice(id: string): Promise<void> {
    const part = (p: string) => this.renderRoot.querySelector<HTMLElement>(`[part~="${p}"]`);
    const inList = part('notices')?.contains(this.shadowRoot?.activeElement ?? null);
    if (!(await this.run({ type: 'dismiss-notice', id }, `notice-${id}`)) || !inList) return;
    part(this.snapshot?.notices.some((n) => n.id !== id) ? 'notices' : 'number-input')?.focus();
  }

  async #openPrompt(call: Call, kind: Prompt['kind']): Promise<void> {
    if (this.#offline()) return; // aria-disabled: the prompt would only lead to a command that cannot be sent
    this.prompt = { callId: call.id, kind, value: '' };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="target-select"], [part~="target-input"]')?.focus();
  }

  #closePrompt(): void {
    const callId = this.prompt?.callId;
    this.prompt = undefined;
    if (this.failure?.control === 'prompt') this.dismissFailure();
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-call-id="${CSS.escape(callId ?? '')}"] [part~="call-actions"] button`)?.focus(),
    );
  }

  async #submitPrompt(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const prompt = this.prompt;
    if (!prompt || this.#offline()) return; // Confirm waits for the connection: what was typed stays
    const { callId, kind, target } = prompt;
    const to = target || normalizeNumber(prompt.value);
    if (!to) {
      this.prompt = { ...prompt, error: true };
      return;
    }
    const command: Command = target ? { type: 'transfer', callId, to, toTarget: true } : { type: kind, callId, to };
    if (await this.run(command, 'prompt')) this.prompt = undefined;
  }

  async #sendDtmf(call: Call, key: string): Promise<void> {
    await this.#send({ type: 'dtmf', callId: call.id, digits: key }, `call-${call.id}`);
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
   * no event fires; likewise from the phone's own controls (`source` `phone`) while the connection is not up.
   */
  async dial(number: string, source: 'phone' | 'api' = 'api'): Promise<boolean> {
    // The agent's Call (button, Enter, a recent call) waits for the connection: nothing happens, the number
    // stays. The page's dial() goes on and is refused like any API command while the connection is down.
    if (source === 'phone' && this.#offline()) return false;
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
    const ok = await this.run({ type: 'dial', to, ...(service ? { service } : {}) }, 'dial');
    if (ok && normalizeNumber(this.number) === to) this.number = '';
    return ok;
  }

  /** The dial form. During a call (talking, held, dialling) its pad gives way to the call's DTMF pad. */
  #renderDialer(caps: Capabilities, inCall: boolean): TemplateResult {
    const t = this.t;
    const redial = caps.redial ? this.#redialNumber : undefined;
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
      ${inCall
        ? nothing
        : html`<div part="dialpad" role="group" aria-label=${t('phone.dialpad')} @keydown=${this.#dialpadKeydown}>
            ${KEYS.map(
              (k) => html`<button part="dialpad-key" type="button" aria-label=${t('phone.key', { key: k })} @click=${() => this.#pressKey(k)}>
                ${k}
              </button>`,
            )}
          </div>`}
      <div class="row dial-row">
        <button
          part="dial-button"
          class="success"
          type="submit"
          aria-disabled=${this.#waits(registerFirst)}
          aria-describedby=${this.#describe(registerFirst ? 'dial-hint' : this.failureId('dial'))}
        >${t('phone.dial')}</button>
        ${redial
          ? html`<button part="redial-button" type="button" title=${format(redial)} aria-disabled=${this.#waits()}
              aria-describedby=${this.#describe(this.failureId('redial'))} @click=${() => this.#send({ type: 'redial' })}>${t('phone.redial')}</button>`
          : nothing}
      </div>
      ${this.#failureAt('dial')}${this.#failureAt('redial')}
    </form>`;
  }

  /** The line strip (multi-line vendors: DGPhone), from the vendor parts' chunk. */
  #renderLines(lines: readonly Line[]): TemplateResult | typeof nothing {
    const m = tools.use(this);
    return m ? m.lineStrip({ ...this.#toolsBase(), lines, select: (id) => void this.#selectLine(id) }) : nothing;
  }

  #renderPrompt(prompt: Prompt, snapshot: SessionSnapshot): TemplateResult | typeof nothing {
    const m = extras.use(this);
    return m
      ? m.targetPrompt({
          ...this.#toolsBase(),
          prompt,
          targets: snapshot.capabilities.transferTargets ? snapshot.transferTargets : [],
          set: (patch) => (this.prompt = { ...prompt, ...patch, error: false }),
          submit: (e) => void this.#submitPrompt(e),
          close: () => this.#closePrompt(),
        })
      : nothing;
  }

  /**
   * One call card. `compact`: a ringing call while another is in progress — caller, service and Answer /
   * Reject only (its data folded), so the calls in progress stay in view.
   */
  #renderCall(call: Call, snapshot: SessionSnapshot, compact: boolean): TemplateResult {
    const t = this.t;
    const caps = snapshot.capabilities;
    const line = caps.lines > 1 && call.lineId !== undefined ? snapshot.lines.find((l) => l.id === call.lineId) : undefined;
    const a = call.actions;
    const caller = this.#callerText(call.remote);
    const raw = call.remote.length === 1 ? call.remote[0]!.number : '';
    const since = call.answeredAt ?? call.startedAt;
    const until = call.state === 'ended' ? (call.endedAt ?? Date.now()) : Date.now();
    const elapsed = formatDuration(until - since);
    const selected = line?.selected === true;
    const prompt = this.prompt?.callId === call.id ? this.prompt : undefined;
    const dtmfOpen = this.dtmfCallId === call.id && a.dtmf && caps.dtmf;
    const copied = this.copied?.callId === call.id ? this.copied : undefined;
    const control = `call-${call.id}`;
    const waits = this.#waits();
    const described = this.#describe(this.failureId(control));
    const button = (part: string, label: string, run: () => unknown, cls = '') =>
      html`<button part=${part} class=${cls || nothing} type="button" aria-disabled=${waits} aria-describedby=${described} @click=${run}>${label}</button>`;
    return html`<li
      part=${selected ? 'call call-selected' : 'call'}
      class=${compact ? 'compact' : nothing}
      data-state=${call.state}
      data-call-id=${call.id}
      aria-label=${t('phone.call-label', { caller })}
    >
      <div class="call-head">
        ${line ? html`<span part="call-line">${t('phone.call-line', { label: line.label })}</span>` : nothing}
        <span part="caller">${this.#callerView(call.remote)}</span>
        ${raw
          ? html`<button part="copy-button" class="icon" type="button" title=${raw} aria-label=${t('phone.copy', { number: format(raw) })} @click=${() => this.#copyNumber(call.id, raw)}>
              <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16"><rect x="5.5" y="1.5" width="9" height="10" rx="1.5"/><path d="M3.5 4.5h-1a1 1 0 0 0-1 1v8.5a1 1 0 0 0 1 1h7.5a1 1 0 0 0 1-1v-1"/></svg>
            </button>`
          : nothing}
        <span class="state-timer"
          ><span part="call-state" title=${call.detail || nothing}>${call.transferredTo
            ? t('call.transferred', { to: format(call.transferredTo) })
            : t(`call.${call.state}`)}</span>
          <span part="call-timer" class="timer" role="timer" aria-label=${`${t('phone.timer')}: ${elapsed}`}>${elapsed}</span></span
        >
      </div>
      <p part="copy-status" role="status">${copied ? (copied.ok ? t('phone.copied') : t('phone.copy-failed', { number: raw })) : ''}</p>
      ${call.service ? html`<span part="call-service">${t('phone.service', { service: call.service })}</span>` : nothing}
      ${call.consultationOf ? html`<span part="call-consultation">${t('phone.consultation')}</span>` : nothing}
      ${call.state === 'conference' ? this.#renderParties(call, snapshot) : nothing}
      ${dataSection('call-data', t('phone.data'), call.data, this.locale, compact)}
      <div part="call-actions" class="row" role="group" aria-label=${t('phone.actions-for', { caller })}>
        ${a.answer && caps.answer !== 'never' ? button('answer-button', t('phone.answer'), () => this.#act(call, 'answer'), 'success') : nothing}
        ${a.reject && caps.reject ? button('reject-button', t('phone.reject'), () => this.#act(call, 'reject'), 'danger') : nothing}
        ${a.hold && caps.hold ? button('hold-button', t('phone.hold'), () => this.#act(call, 'hold')) : nothing}
        ${a.retrieve && caps.hold ? button('retrieve-button', t('phone.retrieve'), () => this.#act(call, 'retrieve')) : nothing}
        ${a.consult && caps.consult ? html`<button part="consult-button" type="button" aria-expanded=${prompt?.kind === 'consult' ? 'true' : 'false'} aria-disabled=${waits} aria-describedby=${described} @click=${() => this.#openPrompt(call, 'consult')}>${t('phone.consult')}</button>` : nothing}
        ${a.transfer && caps.transfer ? html`<button part="transfer-button" type="button" aria-expanded=${prompt?.kind === 'transfer' ? 'true' : 'false'} aria-disabled=${waits} aria-describedby=${described} @click=${() => this.#openPrompt(call, 'transfer')}>${t('phone.transfer')}</button>` : nothing}
        ${a.conference && caps.conference ? button('conference-button', t('phone.conference'), () => this.#act(call, 'conference')) : nothing}
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
        ${a.hangup && caps.hangup ? button('hangup-button', t('phone.hangup'), () => this.#act(call, 'hangup'), 'danger') : nothing}
      </div>
      ${this.#failureAt(control)}
      ${prompt ? this.#renderPrompt(prompt, snapshot) : nothing}
      ${dtmfOpen ? this.#renderDtmf(call) : nothing}
    </li>`;
  }

  /** A conference's participants (the in-call parts' chunk), each removable by the conference owner. */
  #renderParties(call: Call, snapshot: SessionSnapshot): TemplateResult | typeof nothing {
    const m = extras.use(this);
    if (!m) return nothing;
    const owner = call.conferenceOwner;
    const me = [snapshot.agent.agentId, snapshot.agent.extension];
    const control = `call-${call.id}`;
    return m.conferenceParties({
      ...this.#toolsBase(),
      remote: call.remote,
      owner: owner ? format(owner) : undefined,
      mayDrop: snapshot.capabilities.conference && call.remote.length > 1 && (owner === undefined || me.includes(owner)),
      control,
      view: (p) => this.#callerView([p]),
      format,
      drop: (p) => void this.#send({ type: 'drop-party', callId: call.id, party: p.number }, control),
    });
  }

  /** A call's DTMF pad (the in-call parts' chunk). */
  #renderDtmf(call: Call): TemplateResult | typeof nothing {
    const m = extras.use(this);
    return m
      ? m.dtmfPad({
          ...this.#toolsBase(),
          keys: KEYS,
          control: `call-${call.id}`,
          send: (k) => void this.#sendDtmf(call, k),
          keydown: (e) => this.#dtmfKeydown(call, e),
        })
      : nothing;
  }

  /** The calls in a stable order (`GROUP`, then arrival); a ringing call is compact while another is in progress. */
  #renderCalls(snapshot: SessionSnapshot, inCall: boolean): TemplateResult {
    const calls = [...snapshot.calls]
      .sort((x, y) => GROUP[x.state] - GROUP[y.state] || x.startedAt - y.startedAt)
    return calls.length > 0
      ? html`<ul part="calls" aria-label=${this.t('phone.calls')}>
          ${calls.map((c) => this.#renderCall(c, snapshot, inCall && c.state === 'ringing'))}
        </ul>`
      : html`<p part="calls" class="muted">${this.t('phone.no-calls')}</p>`;
  }

  /** The notices (Catix scheduled calls), from the tools' chunk. */
  #renderNotices(notices: readonly Notice[]): TemplateResult | typeof nothing {
    const m = notices.length ? tools.use(this) : undefined;
    return m
      ? m.noticeList({
          ...this.#toolsBase(),
          notices,
          title: (n) => this.#noticeTitle(n),
          data: (n) => dataSection('notice-data', this.t('phone.notice-data'), n.data, this.locale),
          dismiss: (id) => void this.#dismissNotice(id),
        })
      : nothing;
  }

  /** What every part of the tools' chunk gets from the phone. */
  #toolsBase(): import('./dialer-tools.js').PhoneParts {
    return {
      html,
      nothing,
      t: this.t,
      failureAt: (control: string) => this.#failureAt(control),
      failureId: (control: string) => this.failureId(control),
      waits: () => this.#waits(),
      describe: (control: string) => this.#describe(this.failureId(control)),
    };
  }

  /**
   * Dialer tools (outcome, callback) for the current call, or the last one until the agent is ready
   * again (or signed out) or another call comes; only when that call came from the automatic dialer (Tactium
   * 4.7 and 4.8: "válido apenas para ligações do discador automático"), never under the agent's own dial.
   */
  #renderDialerTools(snapshot: SessionSnapshot): TemplateResult | typeof nothing {
    const { dialerOutcomes, scheduleCallback } = snapshot.capabilities;
    const last = this.#lastCall;
    const phase = snapshot.agent.phase;
    if (!last?.dialer || (!dialerOutcomes.length && !scheduleCallback) || (!snapshot.calls.length && (phase === 'ready' || phase === 'logged-out'))) return nothing;
    const m = tools.use(this);
    if (!m) return nothing;
    return m.dialerTools({
      ...this.#toolsBase(),
      outcomeLabel: (o) => maybeT(`outcome.${o}`, this.locale) ?? o,
      snapshot,
      last,
      status: this.toolsNotice,
      setStatus: (text) => (this.toolsNotice = text),
      run: (command, control) => this.#send(command, control),
      normalize: normalizeNumber,
    });
  }

  override render(): TemplateResult {
    const snapshot = this.snapshot;
    const caps = snapshot?.capabilities;
    const inCall = snapshot?.calls.some((c) => GROUP[c.state] < 2) ?? false;
    // The parts first: each records the refused commands it shows next to its control, and the status at the
    // top (rendered last, placed first) shows only the others.
    this.#placed.clear();
    const notices = snapshot ? this.#renderNotices(snapshot.notices) : nothing;
    const lines = caps && caps.lines > 1 && snapshot.lines.length > 0 ? this.#renderLines(snapshot.lines) : nothing;
    const calls = snapshot ? this.#renderCalls(snapshot, inCall) : nothing;
    const tools = snapshot ? this.#renderDialerTools(snapshot) : nothing;
    const dialer = caps?.dial ? this.#renderDialer(caps, inCall) : nothing;
    // Why the command controls wait, once, for all of them (a supervisor session has none).
    const offline = !!caps && caps.role !== 'supervisor' && this.#offline();
    return html`<section part="base" aria-label=${this.t('phone.region')} lang=${this.locale}>
      ${this.renderStatus()}
      ${offline ? html`<div part="offline-reason" id=${OFFLINE} class="muted">${this.t('agent.offline')}</div>` : nothing}
      <div part="announcer" class="visually-hidden" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
      <div part="polite-announcer" class="visually-hidden" role="status">${this.politeAnnouncement}</div>
      ${notices} ${lines}
      <div class="calls-column">${calls}</div>
      ${tools} ${dialer}
      ${recentCalls(snapshot, this.locale, (number) => void this.dial(number, 'phone'), offline ? OFFLINE : undefined)}
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
