import type { TemplateResult } from 'lit';
import type { Party, TransferTarget } from '../../domain/model.js';
import type { PhoneParts } from './dialer-tools.js';

/**
 * `<cti-phone>`'s in-call parts that only a click or a conference brings up: the consult / transfer prompt, a
 * conference's participants and a call's DTMF pad. Their own chunk (issue 13 §3: the page's initial load), which the
 * phone prefetches when the browser is idle after its first render — so a ringing call never waits for it (the call
 * card, Answer / Reject and the announcement are the phone's own) — and waits for (`updateComplete`) when one of
 * these is needed before it arrived. Like the dialer tools they import nothing at run time: lit's `html` / `nothing`
 * come from the phone, so this chunk splits nothing else out of the initial load.
 */

export interface Prompt {
  readonly callId: string;
  readonly kind: 'consult' | 'transfer';
  readonly value: string;
  /** A listed transfer destination (its id) chosen instead of a typed number. */
  readonly target?: string;
  readonly error?: boolean;
}

export interface PromptHost extends PhoneParts {
  readonly prompt: Prompt;
  /** The vendor's transfer destinations (empty when it lists none). */
  readonly targets: readonly TransferTarget[];
  set(patch: Partial<Prompt>): void;
  submit(event: SubmitEvent): void;
  close(): void;
}

/** The number prompt of consult / transfer (and the vendor's destinations for a transfer); Escape closes it. */
export function targetPrompt(h: PromptHost): TemplateResult {
  const { html, nothing, t, prompt } = h;
  const label = prompt.kind === 'consult' ? t('phone.consult-to') : t('phone.transfer-to');
  return html`<form
    part="target-form"
    data-kind=${prompt.kind}
    aria-label=${label}
    @submit=${h.submit}
    @keydown=${(e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        h.close();
      }
    }}
  >
    ${h.targets.length > 0 && prompt.kind === 'transfer'
      ? html`<label
          >${t('phone.transfer-target')}
          <select part="target-select" @change=${(e: Event) => h.set({ target: (e.target as HTMLSelectElement).value })}>
            <option value="">${t('phone.transfer-number')}</option>
            ${h.targets.map((x) => html`<option value=${x.id} ?selected=${x.id === prompt.target}>${x.name}</option>`)}
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
              @input=${(e: Event) => h.set({ value: (e.target as HTMLInputElement).value })}
          /></label>
          ${prompt.error ? html`<p part="form-error">${t('phone.number-required')}</p>` : nothing}`}
    ${h.failureAt('prompt')}
    <div class="row">
      <button part="confirm-button" class="primary" type="submit" aria-disabled=${h.waits()}
        aria-describedby=${h.describe('prompt')}>${t('phone.confirm')}</button>
      <button part="cancel-button" type="button" @click=${h.close}>${t('phone.cancel')}</button>
    </div>
  </form>`;
}

export interface PartiesHost extends PhoneParts {
  readonly remote: readonly Party[];
  /** Who leads the conference, formatted (when the vendor says). */
  readonly owner: string | undefined;
  /** Whether this agent may remove participants (the owner, while others remain). */
  readonly mayDrop: boolean;
  /** The control a refused removal shows next to (the call's). */
  readonly control: string;
  /** A participant on screen (name · number, the number never split). */
  view(party: Party): TemplateResult | string;
  /** A participant's number as people read it (the Remove button's name). */
  format(number: string): string;
  drop(party: Party): void;
}

/**
 * A conference's participants, each removable by the conference owner (Interact `call_exclude_conference`,
 * L4429-4467); the last one is left to hang-up.
 */
export function conferenceParties(h: PartiesHost): TemplateResult {
  const { html, nothing, t } = h;
  return html`${h.owner ? html`<span part="conference-owner">${t('phone.conference-owner', { owner: h.owner })}</span>` : nothing}
    <ul part="conference-parties" aria-label=${t('phone.parties')}>
      ${h.remote.map(
        (p) => html`<li part="party">
          <span part="party-number">${h.view(p)}</span>
          ${h.mayDrop
            ? html`<button
                part="drop-party-button"
                type="button"
                aria-label=${t('phone.drop-party', { party: h.format(p.number) })}
                aria-disabled=${h.waits()}
                aria-describedby=${h.describe(h.control)}
                @click=${() => h.drop(p)}
              >
                ${t('phone.drop')}
              </button>`
            : nothing}
        </li>`,
      )}
    </ul>`;
}

export interface DtmfHost extends PhoneParts {
  readonly keys: readonly string[];
  /** The control a refused tone shows next to (the call's). */
  readonly control: string;
  send(key: string): void;
  keydown(event: KeyboardEvent): void;
}

/** A call's DTMF pad: one button per key, and typing a key on the pad sends it. */
export function dtmfPad(h: DtmfHost): TemplateResult {
  const { html, t } = h;
  const waits = h.waits();
  const described = h.describe(h.control);
  return html`<div part="dtmf-pad" role="group" aria-label=${t('phone.dtmf')} @keydown=${h.keydown}>
    ${h.keys.map(
      (k) => html`<button part="dtmf-key" type="button" aria-label=${t('phone.key', { key: k })} aria-disabled=${waits} aria-describedby=${described} @click=${() => h.send(k)}>
        ${k}
      </button>`,
    )}
  </div>`;
}

let sheet: CSSStyleSheet | undefined;

/** The participants' styles, adopted by the phone's shadow root with this chunk (the pad's are the phone's: its dial pad's). */
export function extrasStyles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`
[part~='conference-parties'] { list-style: none; margin: 0; padding: 0; max-width: 28rem; display: flex; flex-direction: column; gap: calc(var(--_gap) / 2); }
[part~='party'] { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: calc(var(--_gap) / 2) var(--_gap); }
[part~='party-number'] { overflow-wrap: anywhere; }
[part~='conference-owner'] { color: var(--cti-color-muted); }
`);
  }
  return sheet;
}
