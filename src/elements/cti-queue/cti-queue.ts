import { html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { QueueStats } from '../../domain/model.js';
import { formatClock, formatDuration, formatNumber, type MessageKey } from '../../i18n/index.js';
import { CtiElement } from '../shared/cti-element.js';
import { queueStyles } from './cti-queue.styles.js';

const STATS: readonly (readonly [keyof QueueStats, MessageKey, 'count' | 'duration'])[] = [
  ['waiting', 'queue.waiting', 'count'],
  ['longestWaitSeconds', 'queue.longest', 'duration'],
  ['agentsReady', 'queue.ready', 'count'],
  ['agentsBusy', 'queue.busy', 'count'],
  ['agentsPaused', 'queue.paused', 'count'],
  ['handled', 'queue.handled', 'count'],
  ['abandoned', 'queue.abandoned', 'count'],
];

/**
 * Queue statistics: per queue, calls waiting, the longest wait, agents ready / busy / paused and,
 * when the vendor sends them, handled and abandoned calls. Says plainly when the vendor has no
 * queue data and when none has arrived yet.
 *
 * @summary Queue statistics (waiting calls, longest wait, agents).
 *
 * @attr lang - Locale (`pt-BR` default, `en`, `es`); else the closest `[lang]`, then the provider's `locale`.
 * @attr theme - `light` | `dark`; unset follows `prefers-color-scheme`.
 *
 * @csspart base - The wrapper.
 * @csspart connection - Connection status (role=status); empty while connected.
 * @csspart error - The visible error (role=alert).
 * @csspart error-text - Message and detail.
 * @csspart error-message - The translated error message.
 * @csspart error-detail - The vendor's detail, as text.
 * @csspart error-dismiss - The dismiss button.
 * @csspart queue-list - The list of queues.
 * @csspart queue - One queue (`data-waiting="true"` when calls wait).
 * @csspart queue-name - The queue's name (server text).
 * @csspart queue-stats - The queue's numbers, a description list.
 * @csspart queue-updated - When the vendor last updated the numbers.
 * @csspart empty - The "no queue data" / "not supported" message.
 *
 * @cssprop [--cti-font-family=system-ui, sans-serif] - Font family.
 * @cssprop [--cti-font-size=0.875rem] - Base font size.
 * @cssprop [--cti-radius=6px] - Corner radius.
 * @cssprop [--cti-space=0.5rem] - Base spacing.
 * @cssprop [--cti-density=1] - Spacing multiplier.
 * @cssprop [--cti-control-height=2.25rem] - Height of buttons.
 * @cssprop [--cti-color-bg=#ffffff] - Background.
 * @cssprop [--cti-color-fg=#1f2328] - Text.
 * @cssprop [--cti-color-surface=#f6f8fa] - Queue cards.
 * @cssprop [--cti-color-muted=#59636e] - Labels.
 * @cssprop [--cti-color-border=#6e7781] - Borders.
 * @cssprop [--cti-color-accent=#0a58ca] - Marker of queues with waiting calls.
 * @cssprop [--cti-color-warning-bg=#fff4e5] - Connection banner background.
 * @cssprop [--cti-color-warning-fg=#7a2e0e] - Connection banner text.
 * @cssprop [--cti-color-error-bg=#fdecea] - Error background.
 * @cssprop [--cti-color-error-fg=#b42318] - Error text.
 * @cssprop [--cti-color-focus=#0a58ca] - Focus ring.
 */
@customElement('cti-queue')
export class CtiQueue extends CtiElement {
  static override styles = [...CtiElement.styles, queueStyles];

  #renderQueue(queue: QueueStats): TemplateResult {
    const t = this.t;
    const locale = this.locale;
    return html`<li part="queue" data-queue-id=${queue.id} data-waiting=${(queue.waiting ?? 0) > 0 ? 'true' : 'false'}>
      <h3 part="queue-name">${queue.name}</h3>
      <dl part="queue-stats">
        ${STATS.map(([field, key, kind]) => {
          const value = queue[field];
          if (typeof value !== 'number') return nothing;
          return html`<dt>${t(key)}</dt>
            <dd data-stat=${field}>${kind === 'duration' ? formatDuration(value * 1000) : formatNumber(value, locale)}</dd>`;
        })}
      </dl>
      <p part="queue-updated" class="muted">${t('queue.updated', { time: formatClock(queue.updatedAt, locale) })}</p>
    </li>`;
  }

  #renderBody(): TemplateResult | typeof nothing {
    const snapshot = this.snapshot;
    if (!snapshot) return nothing;
    if (!snapshot.capabilities.queues) return html`<p part="empty" data-reason="unsupported">${this.t('queue.unsupported')}</p>`;
    if (snapshot.queues.length === 0) return html`<p part="empty" data-reason="none">${this.t('queue.empty')}</p>`;
    return html`<ul part="queue-list" aria-label=${this.t('queue.region')}>
      ${snapshot.queues.map((q) => this.#renderQueue(q))}
    </ul>`;
  }

  override render(): TemplateResult {
    return html`<section part="base" aria-label=${this.t('queue.region')} lang=${this.locale}>
      ${this.renderStatus()} ${this.#renderBody()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-queue': CtiQueue;
  }
}
