import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from '../shared/decorators.js';
import { formatPhone, maskDataValue } from '../../domain/phone-format.js';
import { dataLabel, NUMBER_KEYS, revealLabel } from '../../i18n/call-data.js';
import type { SupportedLocale } from '../../i18n/index.js';
import { base, disclosure, nested } from '../shared/shared.styles.js';

/** Separators a long value (a path, an id list, attach info) may wrap after, so no word is cut. */
const SEPARATOR = /([/\\;,=&_.@:|-])/;

/** `value` as text with a wrap opportunity after each separator. */
function wrappable(value: string): (string | TemplateResult)[] {
  return value.split(SEPARATOR).map((part, i) => (i % 2 ? html`${part}<wbr />` : part));
}

/**
 * A call's (or a notice's) data as `<cti-phone>` shows it: a collapsible section (open to start with unless
 * `closed`) with a
 * human label for each key a vendor documents (`src/i18n/call-data.ts`; other keys as they came), numbers
 * formatted for Brazil, and a CPF / CNPJ masked (last 4 digits shown) until the agent presses *Show CPF/CNPJ*.
 * Values are text, wrapped between words and after separators. Loaded lazily by `<cti-phone>`.
 *
 * @csspart data-summary - The summary (its label and the number of fields).
 * @csspart data-list - The description list.
 * @csspart data-reveal - Show / hide the masked CPF / CNPJ (`aria-pressed`).
 */
@customElement('cti-call-data')
export class CtiCallData extends LitElement {
  static override styles = [
    base,
    disclosure,
    nested,
    css`
      summary {
        min-height: calc(var(--cti-control-height) * 0.8);
        gap: calc(var(--_gap) / 2);
      }
      dl {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        margin: 0;
      }
      dt {
        color: var(--cti-color-muted);
        font-size: 0.9em;
      }
      dd {
        margin: 0 0 calc(var(--_gap) / 2);
        overflow-wrap: break-word;
        min-width: 0;
      }
      @container (min-width: 400px) {
        dl {
          grid-template-columns: minmax(0, max-content) minmax(0, 1fr);
          gap: 0 var(--_gap);
        }
      }
      button {
        min-height: calc(var(--cti-control-height) * 0.8);
        justify-self: start;
      }
    `,
  ];

  /** Key → value, server text. */
  @property({ attribute: false }) data: Readonly<Record<string, string>> = {};
  /** The summary's text (translated by the phone). */
  @property() label = '';
  @property() locale: SupportedLocale = 'pt-BR';
  /** Folded to start with (a compact ringing card); the agent opens it. */
  @property({ type: Boolean }) closed = false;
  @state() private revealed = false;

  protected override render(): TemplateResult | typeof nothing {
    const entries = Object.entries(this.data);
    if (!entries.length) return nothing;
    const shown = entries.map(([k, v]) => {
      const masked = this.revealed ? { text: v, masked: false } : maskDataValue(k, v);
      return { k, text: NUMBER_KEYS.has(k) ? formatPhone(masked.text) : masked.text, masked: masked.masked };
    });
    const maskable = this.revealed || shown.some((e) => e.masked);
    return html`<details ?open=${!this.closed}>
      <summary part="data-summary">${this.label} (${entries.length})</summary>
      <dl part="data-list" aria-label=${this.label}>
        ${shown.map((e) => html`<dt>${wrappable(dataLabel(e.k, this.locale))}</dt><dd data-key=${e.k}>${wrappable(e.text)}</dd>`)}
      </dl>
      ${maskable
        ? html`<button part="data-reveal" type="button" aria-pressed=${this.revealed ? 'true' : 'false'} @click=${() => (this.revealed = !this.revealed)}>
            ${revealLabel(this.locale)}
          </button>`
        : nothing}
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-call-data': CtiCallData;
  }
}
