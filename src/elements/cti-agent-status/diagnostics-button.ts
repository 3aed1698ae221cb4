import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property, state } from '../shared/decorators.js';
import type { CtiSessionHandle } from '../../client/types.js';
import { t } from '../../i18n/index.js';
import { base, nested } from '../shared/shared.styles.js';
import { LocaleUpdates } from '../shared/locale-updates.js';

/**
 * *Download diagnostics*, in `<cti-agent-status>`: saves the redacted diagnostics file of the session
 * (`client/diagnostics.ts`, loaded on the first click) and says, politely, under which name.
 *
 * @csspart diagnostics-button - The button.
 * @csspart diagnostics-status - What happened (role=status).
 */
@customElement('cti-diagnostics-button')
export class CtiDiagnosticsButton extends LitElement {
  static override styles = [
    base,
    nested,
    css`
      .row {
        justify-content: flex-end;
      }
      /* A support tool, not an agent action: quiet, like a link. */
      [part~='diagnostics-button'] {
        background: transparent;
        border-color: transparent;
        color: var(--cti-color-muted);
        text-decoration: underline;
        padding: 0 calc(var(--_gap) / 2);
      }
      [part~='diagnostics-status'] {
        overflow-wrap: anywhere;
      }
      [part~='diagnostics-status']:empty {
        display: none;
      }
    `,
  ];

  @property({ attribute: false }) session: CtiSessionHandle | undefined;
  @property() locale = 'pt-BR';
  @state() private status = '';
  @state() private busy = false;
  /** en / es arrive as their own chunks: re-render when one does. */
  protected readonly localeUpdates = new LocaleUpdates(this);

  async #download(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.status = '';
    try {
      const { collectDiagnostics, downloadDiagnostics } = await import('../../client/diagnostics.js');
      const file = downloadDiagnostics(await collectDiagnostics(this.session));
      this.status = t('diag.saved', { file }, this.locale);
    } catch {
      this.status = t('diag.failed', undefined, this.locale);
    } finally {
      this.busy = false;
    }
  }

  override render(): TemplateResult {
    return html`<div class="row">
      <button part="diagnostics-button" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.#download}>
        ${t('diag.download', undefined, this.locale)}
      </button>
      <span part="diagnostics-status" class="muted" role="status">${this.status}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-diagnostics-button': CtiDiagnosticsButton;
  }
}
