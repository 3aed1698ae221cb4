import { html, nothing, type TemplateResult } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { QueueStats, SessionSnapshot, TeamMember } from '../../domain/model.js';
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

const TEAM_COLUMNS = ['agent.field.agent', 'queue.state', 'queue.time', 'queue.call'] as const;

/** Whether the vendor gave any number for the queue (Catix `BUSCAR_FILAS` gives names only). */
const hasStats = (queue: QueueStats): boolean => STATS.some(([field]) => typeof queue[field] === 'number');

/**
 * Queue statistics: per queue, calls waiting, the longest wait, agents ready / busy / paused and,
 * when the vendor sends them, handled and abandoned calls. Queues the vendor names without numbers
 * (Catix) are a plain list of names. Says plainly when the vendor has no queue data and when none has
 * arrived yet.
 *
 * Supervisors (vendors with `capabilities.team`, a supervisor session — `capabilities.role`, set by `options.role` —, or a
 * snapshot that already has a team) also get the team table: per agent (a row header), the state (the
 * translated phase and the vendor's own state as text), the time in that state and the current call
 * (direction, number, duration). Rows are sorted by name (numbers in names compare as numbers), signed-out
 * agents last, so rows move only when someone signs in or out.
 *
 * @summary Queue statistics (waiting calls, longest wait, agents) and, for supervisors, the team.
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
 * @csspart queue-names - Queues without numbers, a plain list of names (each `queue-name`).
 * @csspart empty - The "no queue data" / "not supported" / "no team data yet" message (`data-reason`).
 * @csspart team - The supervisor's team table.
 * @csspart team-member - One agent's row (`data-phase`).
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

  protected override needsTick(): boolean {
    return super.needsTick() || (this.snapshot?.team.length ?? 0) > 0;
  }

  #renderTeam(team: readonly TeamMember[]): TemplateResult {
    const t = this.t;
    const locale = this.locale;
    const now = Date.now();
    const name = (m: TeamMember) => m.name || m.agentId;
    const rows = [...team].sort(
      (a, b) => +(a.phase === 'logged-out') - +(b.phase === 'logged-out') || name(a).localeCompare(name(b), locale, { numeric: true }),
    );
    return html`<table part="team">
      <caption>${t('queue.team')}</caption>
      <thead>
        <tr>${TEAM_COLUMNS.map((k) => html`<th scope="col">${t(k)}</th>`)}</tr>
      </thead>
      <tbody>
        ${rows.map((m) => {
          const phase = t(`phase.${m.phase}`);
          const call = m.call;
          return html`<tr part="team-member" data-phase=${m.phase} data-agent-id=${m.agentId}>
            <th scope="row">${name(m)}${m.name && m.name !== m.agentId ? html` <span class="muted">(${m.agentId})</span>` : nothing}</th>
            <td>${phase}${m.detail && m.detail !== phase ? html` <span class="muted">${m.detail}</span>` : nothing}</td>
            <td class="timer">${formatDuration(now - m.since)}</td>
            <td>${call ? html`${t(`call.${call.direction}`)}: ${call.number} <span class="timer">${formatDuration(now - call.since)}</span>` : nothing}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  #renderQueues(snapshot: SessionSnapshot, team: boolean): TemplateResult | typeof nothing {
    const t = this.t;
    const queues = snapshot.queues;
    if (!snapshot.capabilities.queues) return team ? nothing : html`<p part="empty" data-reason="unsupported">${t('queue.unsupported')}</p>`;
    if (queues.length === 0) return html`<p part="empty" data-reason="none">${t('queue.empty')}</p>`;
    if (!queues.some(hasStats)) {
      return html`<ul part="queue-names" aria-label=${t('queue.region')}>
        ${queues.map((q) => html`<li part="queue-name" data-queue-id=${q.id}>${q.name}</li>`)}
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
