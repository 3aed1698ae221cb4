import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from '../shared/decorators.js';
import type { RecentCall, RecentCallOutcome } from '../../domain/model.js';
import { formatDuration, matchLocale, t, type MessageKey } from '../../i18n/index.js';
import { base, disclosure, nested } from '../shared/shared.styles.js';
import { LocaleUpdates } from '../shared/locale-updates.js';
import { clockIcon, directionIcon } from '../shared/call-icons.js';
import { formatPhone } from '../../domain/phone-format.js';

const OUTCOME: Readonly<Record<RecentCallOutcome, MessageKey>> = {
  answered: 'recent.answered',
  missed: 'recent.missed',
  unanswered: 'recent.unanswered',
  transferred: 'recent.transferred',
};

const timeFormats = new Map<string, Intl.DateTimeFormat>();
/** `14:05` in the locale (a recent call's end). */
function timeOfDay(at: number, locale: string): string {
  const tag = matchLocale(locale);
  let format = timeFormats.get(tag);
  if (!format) timeFormats.set(tag, (format = new Intl.DateTimeFormat(tag, { timeStyle: 'short' })));
  return format.format(at);
}

/** Fired by `<cti-recent-calls>` when the agent asks to call a recent number again; `detail` is the number. */
export class CtiRecentDialEvent extends CustomEvent<string> {
  static readonly eventName = 'cti-recent-dial';
  constructor(number: string) {
    super(CtiRecentDialEvent.eventName, { detail: number, bubbles: true, composed: false });
  }
}

/**
 * The session's recent calls, as `<cti-phone>` shows them: newest first, each with the number as Brazilians
 * read it (`(11) 98765-4321`; the raw number in its title, and what a redial dials), direction (an arrow and
 * the word; missed calls crossed out and in the error colour), outcome, time and talk time, and a one-click *Call* button that fires `cti-recent-dial` (the phone dials it, with its
 * usual `cti-dial-request`). The list lives in the hub (`snapshot.recentCalls`), so it is the same in every
 * tab and survives any re-render. Themed by the phone's tokens (custom properties inherit).
 *
 * @csspart recent - The collapsible section.
 * @csspart recent-call - One call.
 * @csspart recent-dial - Its *Call* button (only when the vendor can dial and the number is known); aria-disabled
 *   while `waitReason` is set, and described by that element of the host's shadow root.
 */
@customElement('cti-recent-calls')
export class CtiRecentCalls extends LitElement {
  static override styles = [
    base,
    disclosure,
    nested,
    css`
      summary {
        min-height: var(--cti-control-height);
        gap: var(--_gap);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
      }
      ol {
        max-width: 40rem;
      }
      li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        align-items: center;
        gap: calc(var(--_gap) / 4) var(--_gap);
        padding: calc(var(--_gap) / 2) 0;
        border-top: 1px solid color-mix(in srgb, var(--cti-color-border) 45%, transparent);
      }
      .who {
        min-width: 0;
        overflow-wrap: break-word;
      }
      .who > span {
        display: block;
      }
      .meta {
        grid-column: 1 / -1;
      }
      .meta > span {
        display: inline-block;
        white-space: nowrap;
      }
      .meta > span + span:not(.talk)::before {
        content: '·';
        padding: 0 0.35em;
        color: var(--cti-color-muted);
        font-weight: normal;
      }
      .number {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .meta {
        font-size: 0.9em;
      }
      li > button {
        grid-row: 1;
        grid-column: 2;
      }
      .missed {
        color: var(--cti-color-error-fg);
        font-weight: 600;
      }
      .icon {
        vertical-align: -2px;
        margin-inline-end: 0.25em;
      }
      .talk {
        margin-inline-start: 0.6em;
      }
      .icon.missed {
        color: var(--cti-color-error-fg);
      }
    `,
  ];

  /** The calls, newest first (`snapshot.recentCalls`). */
  @property({ attribute: false }) calls: readonly RecentCall[] = [];
  /** Whether the vendor can dial now (else no *Call* buttons). */
  @property({ type: Boolean, attribute: 'can-dial' }) canDial = false;
  @property() locale = 'pt-BR';
  /**
   * While the vendor connection is not up: the id of the element, in the tree this element is in (the phone's
   * shadow root), that says why *Call* waits. The buttons are aria-disabled and described by it (an element
   * reference: `aria-describedby` cannot name an id across shadow roots).
   */
  @property({ attribute: false }) waitReason: string | undefined;

  /** en / es arrive as their own chunks: re-render when one does. */
  protected readonly localeUpdates = new LocaleUpdates(this);

  #item(call: RecentCall): TemplateResult {
    const tr = (key: MessageKey, params?: Record<string, string>) => t(key, params, this.locale);
    // Shown as Brazilians read it; the raw number stays in the title and is what a redial dials.
    const number = call.number ? formatPhone(call.number) : '';
    const title = number !== call.number ? call.number : nothing;
    const who = call.name || number || tr('phone.unknown-caller');
    const direction = call.direction === 'unknown' ? undefined : tr(call.direction === 'inbound' ? 'recent.inbound' : 'recent.outbound');
    const missed = call.outcome === 'missed';
    return html`<li part="recent-call" data-outcome=${call.outcome} data-direction=${call.direction}>
      <div class="who">
        <span class="number" title=${call.name ? nothing : title}>${who}</span>
        ${call.name && number ? html`<span class="muted" title=${title}>${number}</span>` : nothing}
      </div>
      <div class="meta muted">
        ${direction ? html`<span>${directionIcon(call.direction, missed)}${direction}</span>` : nothing}<span
          class=${missed ? 'missed' : ''}>${tr(OUTCOME[call.outcome])}</span
        ><span><time datetime=${new Date(call.endedAt).toISOString()}>${timeOfDay(call.endedAt, this.locale)}</time></span
        >${call.talkMs !== undefined ? html`<span class="timer talk">${clockIcon()}${formatDuration(call.talkMs)}</span>` : nothing}
      </div>
      ${this.canDial && call.number
        ? html`<button part="recent-dial" type="button" title=${call.number} aria-disabled=${this.waitReason ? 'true' : nothing}
            aria-label=${tr('phone.dial-for', { number: call.name ? `${call.name} ${number}` : number })}
            @click=${() => this.dispatchEvent(new CtiRecentDialEvent(call.number))}>${tr('phone.dial')}</button>`
        : nothing}
    </li>`;
  }

  protected override updated(): void {
    const id = this.waitReason;
    const reason = id ? (this.getRootNode() as ShadowRoot | Document).getElementById(id) : null;
    for (const button of this.renderRoot.querySelectorAll('button')) button.ariaDescribedByElements = reason ? [reason] : null;
  }

  override render(): TemplateResult | typeof nothing {
    if (this.calls.length === 0) return nothing;
    return html`<details part="recent" open>
      <summary>${t('recent.title', undefined, this.locale)} (${this.calls.length})</summary>
      <ol aria-label=${t('recent.title', undefined, this.locale)}>
        ${this.calls.map((c) => this.#item(c))}
      </ol>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-recent-calls': CtiRecentCalls;
  }
  interface HTMLElementEventMap {
    'cti-recent-dial': CtiRecentDialEvent;
  }
}
