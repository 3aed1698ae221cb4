import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from '../shared/decorators.js';
import type { QueueStats, SessionSnapshot, TeamMember } from '../../domain/model.js';
import { formatClock, formatDuration, formatNumber, type MessageKey } from '../../i18n/index.js';
import { formatPhone } from '../../domain/phone-format.js';
import { CtiElement } from '../shared/cti-element.js';
import { queueStyles } from './cti-queue.styles.js';
import type { CtiTeam } from './team.js';

const STATS: readonly (readonly [keyof QueueStats, MessageKey, 'count' | 'duration'])[] = [
  ['waiting', 'queue.waiting', 'count'],
  ['longestWaitSeconds', 'queue.longest', 'duration'],
  ['agentsReady', 'queue.ready', 'count'],
  ['agentsBusy', 'queue.busy', 'count'],
  ['agentsPaused', 'queue.paused', 'count'],
  ['handled', 'queue.handled', 'count'],
  ['abandoned', 'queue.abandoned', 'count'],
];

/** The team table's chunk (`<cti-team>`), loaded the first time there is a team to show. */
let loadTeam: Promise<unknown> | undefined;

/** A queue's name, read as a number when it is one (a DDR, a 0800); the raw name in the title then. */
function queueName(queue: QueueStats): TemplateResult {
  const shown = formatPhone(queue.name);
  return html`<span title=${shown !== queue.name ? queue.name : nothing}>${shown}</span>`;
}

/** Whether the vendor gave any number for the queue (Catix `BUSCAR_FILAS` gives names only). */
const hasStats = (queue: QueueStats): boolean => STATS.some(([field]) => typeof queue[field] === 'number');

/**
 * Queue statistics: per queue, calls waiting, the longest wait, agents ready / busy / paused and,
 * when the vendor sends them, handled and abandoned calls. Queues the vendor names without numbers
 * (Catix) are a plain list of names. Says plainly when the vendor has no queue data and when none has
 * arrived yet.
 *
 * Supervisors (vendors with `capabilities.team`, a supervisor session — `capabilities.role`, set by `options.role` —, or a
 * snapshot that already has a team) also get the team table (`<cti-team>`, its own chunk): per agent (a row
 * header, with the id and extension), the state (the translated phase, "Em pausa · Almoço"; the vendor's own
 * state as its title), the time in that state and the current call (direction, the number formatted, its
 * duration). A real table from 36rem of width; narrower, each agent is a compact block (container query),
 * with the same table semantics. Rows are sorted by name (numbers in names compare as numbers), signed-out
 * agents last, so rows move only when someone signs in or out.
 *
 * @summary Queue statistics (waiting calls, longest wait, agents) and, for supervisors, the team.
 *
 * @attr lang - Locale (`pt-BR` default, `en`, `es`); else the closest `[lang]`, then the provider's `locale`.
 * @attr theme - `light` | `dark`; unset follows `prefers-color-scheme`.
 * @attr heading-level - The level (1–6) of each queue name's heading in the host page's outline; default 3.
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
 * @csspart queue-names - Queues without numbers, a plain list of names (each `queue-name`).
 * @csspart empty - The "no queue data" / "not supported" / "no team data yet" message (`data-reason`).
 * @csspart team - The supervisor's team table.
 * @csspart team-member - One agent's row (`data-phase`, `data-agent-id`).
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

  /**
   * Where each queue's name sits in the host page's outline: its heading level (1–6, default 3), so that a page whose
   * section holding the widget is an h1 or an h3 keeps its headings in order (WCAG 1.3.1). Anything else reads as 3.
   */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 3;

  protected override needsTick(): boolean {
    return super.needsTick() || (this.snapshot?.team.length ?? 0) > 0;
  }

  /** Also waits for the team table's chunk, when one is shown, and its render. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const complete = await super.getUpdateComplete();
    const team = this.renderRoot.querySelector('cti-team');
    if (!team || !loadTeam) return complete;
    await loadTeam;
    await (team as CtiTeam).updateComplete;
    return complete;
  }

  #renderTeam(team: readonly TeamMember[]): TemplateResult {
    loadTeam ??= import('./team.js').catch(() => {
      loadTeam = undefined; // a failed chunk load may be retried on the next render
    });
    return html`<cti-team exportparts="team, team-member" .members=${team} .now=${Date.now()} locale=${this.locale}></cti-team>`;
  }

  #renderQueues(snapshot: SessionSnapshot, team: boolean): TemplateResult | typeof nothing {
    const t = this.t;
    const queues = snapshot.queues;
    if (!snapshot.capabilities.queues) return team ? nothing : html`<p part="empty" data-reason="unsupported">${t('queue.unsupported')}</p>`;
    if (queues.length === 0) return html`<p part="empty" data-reason="none">${t('queue.empty')}</p>`;
    if (!queues.some(hasStats)) {
      return html`<ul part="queue-names" aria-label=${t('queue.region')}>
        ${queues.map((q) => html`<li part="queue-name" data-queue-id=${q.id}>${queueName(q)}</li>`)}
      </ul>`;
    }
    return html`<ul part="queue-list" aria-label=${t('queue.region')}>
      ${queues.map((q) => this.#renderQueue(q))}
    </ul>`;
  }

  #renderQueue(queue: QueueStats): TemplateResult {
    const t = this.t;
    const locale = this.locale;
    return html`<li part="queue" data-queue-id=${queue.id} data-waiting=${(queue.waiting ?? 0) > 0 ? 'true' : 'false'}>
      <div part="queue-name" role="heading" aria-level=${this.#level()}>${queueName(queue)}</div>
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

  /** `headingLevel` when it is a level (1–6), else 3. */
  #level(): number {
    const level = this.headingLevel;
    return Number.isInteger(level) && level >= 1 && level <= 6 ? level : 3;
  }

  #renderBody(): TemplateResult | typeof nothing {
    const snapshot = this.snapshot;
    if (!snapshot) return nothing;
    const team = snapshot.team;
    const supervisor =
      snapshot.capabilities.team && (team.length > 0 || snapshot.capabilities.role === 'supervisor');
    return html`${this.#renderQueues(snapshot, supervisor)}${supervisor
      ? team.length
        ? this.#renderTeam(team)
        : html`<p part="empty" data-reason="no-team">${this.t('queue.team-empty')}</p>`
      : nothing}`;
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
