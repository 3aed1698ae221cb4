import type { html as litHtml, nothing as litNothing, TemplateResult } from 'lit';
import type { Command } from '../../domain/commands.js';
import type { Line, Notice, SessionSnapshot } from '../../domain/model.js';
import type { Translate } from '../../i18n/index.js';

/**
 * What `<cti-phone>` gives the parts in this chunk: the line strip (DGPhone), the dialer tools (Tactium) and the
 * scheduled-call notices (Catix). They are their own chunk (only those vendors have them, and the drop-in's initial load is
 * full); they import nothing at run time — lit's `html` / `nothing` come from the phone too, and the phone adopts the
 * shared `disclosure` style beside theirs — so the bundler keeps the chunks the phone shares with the other elements
 * as they are (importing even that style from here splits one more chunk into the initial load: +396 B gzip).
 */
export interface PhoneParts {
  readonly html: typeof litHtml;
  readonly nothing: typeof litNothing;
  readonly t: Translate;
  /** The refused command of `control`, rendered next to it. */
  failureAt(control: string): TemplateResult | typeof litNothing;
  failureId(control: string): string | undefined;
  /** `aria-disabled` of a control that sends a command: `'true'` while the vendor connection is not up. */
  waits(): 'true' | typeof litNothing;
  /** `aria-describedby` of such a control: why it waits (while it does), then the refused command of `control`. */
  describe(control: string): string | typeof litNothing;
}

export interface NoticeListHost extends PhoneParts {
  readonly notices: readonly Notice[];
  /** What it is and when it is due. */
  title(notice: Notice): string;
  /** Its fields (the phone's lazily loaded `<cti-call-data>`). */
  data(notice: Notice): TemplateResult | typeof litNothing;
  dismiss(id: string): void;
}

/** The notices (Catix scheduled calls), each with its fields and Dismiss (a refusal shows next to it). */
export function noticeList(h: NoticeListHost): TemplateResult {
  const { html, nothing, t } = h;
  return html`<ul part="notices" aria-label=${t('phone.notices')} tabindex="-1">
    ${h.notices.map(
      (n) => html`<li part="notice-card" data-notice-id=${n.id}>
        <strong part="notice-title">${h.title(n)}</strong>
        ${h.data(n)}
        <button part="notice-dismiss" type="button" aria-describedby=${h.failureId(`notice-${n.id}`) ?? nothing} @click=${() => h.dismiss(n.id)}>${t('phone.dismiss')}</button>
        ${h.failureAt(`notice-${n.id}`)}
      </li>`,
    )}
  </ul>`;
}

export interface LineStripHost extends PhoneParts {
  readonly lines: readonly Line[];
  /** Select a line (the phone shows the selected one again when that is refused). */
  select(lineId: string): void;
}

/** The line strip (multi-line vendors): native radios (one Tab stop, arrow keys select), the snapshot's selection checked. */
export function lineStrip(h: LineStripHost): TemplateResult {
  const { html, t } = h;
  return html`<fieldset part="lines">
    <legend>${t('phone.lines')}</legend>
    ${h.lines.map(
      (l) => html`<label part=${l.selected ? 'line line-selected' : 'line'} data-state=${l.state}
        ><input type="radio" name="line" value=${l.id} .checked=${l.selected} aria-disabled=${h.waits()}
          aria-describedby=${h.describe('line')} @change=${() => h.select(l.id)} />
        ${t('phone.line', { label: l.label, state: t(`line.${l.state}`) })}</label
      >`,
    )}
    ${h.failureAt('line')}
  </fieldset>`;
}

export interface DialerToolsHost extends PhoneParts {
  /** A dialer outcome's translated name (its wire value when the catalog has none). */
  outcomeLabel(outcome: string): string;
  readonly snapshot: SessionSnapshot;
  /** The call the tools act on (the current one, or the last one until the agent is ready again). */
  readonly last: { readonly id: string; readonly number: string };
  /** The confirmation of what was sent, until the next call. */
  readonly status: string;
  setStatus(text: string): void;
  /**
   * The phone's `run(command, control)`: resolves `true` when accepted; a refusal shows next to `control`. Sends
   * nothing (resolves `false`) while the vendor connection is not up: the tools' buttons wait then.
   */
  run(command: Command, control: string): Promise<boolean>;
  normalize(number: string): string;
}

let sheet: CSSStyleSheet | undefined;

/**
 * The parts' styles, adopted by the phone's shadow root with the chunk (the phone's own stylesheet is in the initial
 * load), after the shared `disclosure` style: the callback `<summary>` (the only one in the phone's shadow root) gets
 * the ▸ / ▾ marker the call data has.
 */
export function toolsStyles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`
[part~='lines'] { border: 1px solid var(--cti-color-border); border-radius: var(--cti-radius); margin: 0; padding: var(--_gap); display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: calc(var(--_gap) / 2); }
[part~='line'] { flex-direction: row; align-items: center; padding: 0 calc(var(--_gap) / 2); border: 1px solid var(--cti-color-border); border-radius: var(--cti-radius); }
[part~='line'][data-state='idle'] { color: var(--cti-color-muted); }
[part~='line'][data-state='ringing'] { border: 2px solid var(--cti-color-success); font-weight: 600; }
[part~='line-selected'] { outline: 2px solid var(--cti-color-accent); background: var(--cti-color-highlight-bg); }
[part~='line'] input { width: auto; min-height: 1.25rem; }
[part~='outcome-form'] { align-items: flex-end; }
[part~='outcome-form'] label { flex: 1 1 auto; }
[part~='callback'] summary { min-height: var(--cti-control-height); gap: calc(var(--_gap) / 2); }
/* <details> puts its content in a UA slot, which does not inherit the host's border-box. */
[part~='callback-form'] { box-sizing: border-box; display: flex; flex-direction: column; gap: calc(var(--_gap) / 2); margin-top: calc(var(--_gap) / 2); }
[part~='tools-status'] { margin: 0; color: var(--cti-color-muted); overflow-wrap: anywhere; }
[part~='tools-status']:empty { display: none; }`);
  }
  return sheet;
}

/**
 * Send what a form asks (`build` reads its fields, trimmed); on success say `done` politely in the tools
 * (an outcome has no other visible effect); a refusal shows next to the form (`control`).
 */
async function submit(h: DialerToolsHost, event: SubmitEvent, control: string, build: (field: (name: string) => string) => Command, done: string): Promise<void> {
  event.preventDefault();
  const data = new FormData(event.target as HTMLFormElement);
  h.setStatus('');
  if (await h.run(build((name) => String(data.get(name) ?? '').trim()), control)) h.setStatus(done);
}

/** Dialer tools: report the call's outcome (Tactium `<C><S>`), schedule a callback; and what was sent. */
export function dialerTools(h: DialerToolsHost): TemplateResult {
  const { html, nothing, t, snapshot, last } = h;
  const { dialerOutcomes, scheduleCallback } = snapshot.capabilities;
  const report = (event: SubmitEvent) => {
    const callId = snapshot.calls.some((c) => c.id === last.id) ? last.id : undefined;
    const outcome = (event.target as HTMLFormElement).querySelector('select')?.value ?? '';
    return submit(
      h,
      event,
      'outcome',
      () => ({ type: 'dialer-outcome', outcome, ...(callId ? { callId } : {}) }),
      t('phone.outcome-sent', { outcome: h.outcomeLabel(outcome) }),
    );
  };
  const schedule = (event: SubmitEvent) =>
    submit(
      h,
      event,
      'callback',
      (field) => {
        const agent = field('agent');
        return { type: 'schedule-callback', at: field('at'), number: h.normalize(field('number')), ...(agent ? { agent } : {}) };
      },
      t('phone.callback-sent'),
    );
  return html`<section part="dialer-tools" aria-label=${t('phone.dialer-tools')}>
    ${dialerOutcomes.length
      ? html`<form part="outcome-form" class="row" @submit=${report}>
            <label
              >${t('phone.outcome')}
              <select part="outcome-select" name="outcome" required>
                <option value="">${t('phone.outcome-choose')}</option>
                ${dialerOutcomes.map((o) => html`<option value=${o}>${h.outcomeLabel(o)}</option>`)}
              </select></label
            >
            <button part="outcome-button" type="submit" aria-disabled=${h.waits()} aria-describedby=${h.describe('outcome')}>${t('phone.outcome-send')}</button>
          </form>
          ${h.failureAt('outcome')}`
      : nothing}
    ${scheduleCallback
      ? html`<details part="callback">
          <summary>${t('phone.callback')}</summary>
          <form part="callback-form" @submit=${schedule}>
            <label>${t('phone.callback-at')} <input part="callback-at-input" name="at" type="datetime-local" required /></label>
            <label
              >${t('phone.number')}
              <input part="callback-number-input" name="number" type="tel" inputmode="tel" autocomplete="off" required .value=${last.number}
            /></label>
            <label
              >${t('phone.optional', { label: t('phone.callback-agent') })}
              <input part="callback-agent-input" name="agent" autocomplete="off"
            /></label>
            <button part="callback-button" class="primary" type="submit" aria-disabled=${h.waits()} aria-describedby=${h.describe('callback')}
              >${t('phone.callback-send')}</button
            >
            ${h.failureAt('callback')}
          </form>
        </details>`
      : nothing}
    <p part="tools-status" role="status">${h.status}</p>
  </section>`;
}
