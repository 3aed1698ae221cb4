import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property } from '../shared/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { guard } from 'lit/directives/guard.js';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { MessageKey } from '../../i18n/pt-BR.js';
import type { TeamMember } from '../../domain/model.js';
import { formatPhone } from '../../domain/phone-format.js';
import { detailLabel, formatDuration, matchLocale, t } from '../../i18n/index.js';
import { base, nested, visuallyHidden } from '../shared/shared.styles.js';
import { LocaleUpdates } from '../shared/locale-updates.js';
import { clockIcon, directionIcon } from '../shared/call-icons.js';

const COLUMNS: readonly MessageKey[] = ['agent.field.agent', 'queue.state', 'queue.time', 'queue.call'];

/** A vendor code (`status-3`, `call-ended`, `pause`): shown only as the state's title, never as its name. */
const CODE = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
/** Vendor words that only restate "paused" (Catix `STATUS_AGENTE` says `Pausado`), with what follows them. */
const PAUSED_WORD = /^(?:em pausa|pausad[oa]|pausa)\s*(?:[-:–·]\s*)?/i;

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().toLowerCase();

/** What one row shows: computed when the team, the locale or a catalog changes; each tick only formats times. */
interface Row {
  readonly m: TeamMember;
  readonly name: string;
  /** The agent id (when a name is shown) and the extension. */
  readonly sub: string;
  readonly state: string;
  /** A pause reason or a translated vendor state that says more than the phase. */
  readonly more?: string;
  readonly title?: string;
  readonly direction?: string;
  readonly number?: string;
}

const collators = new Map<string, Intl.Collator>();

/** Off-screen rows whose times a tick refreshes (1,000 rows: each within 40 s). */
const SWEEP = 25;

/** Whether a member shows the same as before (the hub sends clones: compared by value). */
const same = (a: TeamMember, b: TeamMember): boolean =>
  a.name === b.name &&
  a.phase === b.phase &&
  a.detail === b.detail &&
  a.since === b.since &&
  a.extension === b.extension &&
  a.call?.direction === b.call?.direction &&
  a.call?.number === b.call?.number &&
  a.call?.since === b.call?.since;

/**
 * A time counted from `since`: written when its row renders, then only by the tick of a row on screen
 * (the element's own text: no Lit part inside, so nothing else writes it).
 */
class SinceDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('since() is an element directive');
  }
  override render(_since: number, _now: number): unknown {
    return nothing;
  }
  override update(part: ElementPart, [since, now]: [number, number]): unknown {
    const el = part.element as HTMLElement;
    el.dataset['since'] = String(since);
    el.textContent = formatDuration(now - since);
    return nothing;
  }
}
const since = directive(SinceDirective);

/** Watches a row's visibility (once per row element). */
class WatchDirective extends Directive {
  #seen = false;
  override render(_io: IntersectionObserver): unknown {
    return nothing;
  }
  override update(part: ElementPart, [io]: [IntersectionObserver]): unknown {
    if (!this.#seen) io.observe(part.element);
    this.#seen = true;
    return nothing;
  }
}
const watch = directive(WatchDirective);

/**
 * `<cti-queue>`'s team (supervisor sessions): its own chunk, loaded the first time there is a team to show.
 * One table whose rows stack under a container query: at 36rem and wider, four columns (agent as the row
 * header, state, time in state, current call); narrower, each agent is a compact block (name and extension;
 * state with its time; the call). Both layouts are the same table to assistive technology: the ARIA roles
 * are explicit (a `display` change must not drop them) and the column headers stay in the document,
 * visually hidden when stacked. States are the translated phase ("Em pausa · Almoço"); the vendor's own
 * state stays in the title. Numbers read as Brazilian numbers, the raw one in the title.
 *
 * Render cost (a 1,000-agent board at 100 changes/s): rows are keyed by agent id and a row's labels and
 * template are evaluated again only when that agent shows something new (compared by value: the hub
 * sends clones); the order is sorted again only when a name or a sign-in/out changes it. The per-second
 * tick re-renders no row: it rewrites the times of the rows on screen (an IntersectionObserver keeps
 * that set) and of 25 off-screen rows in turn (what assistive technology reads there lags at most
 * 40 s on 1,000 agents); a row coming into view gets its times at once. Both layouts are grid rows, never
 * `display: table`: one row's new text lays out that row, not the table. No `content-visibility: auto` on the rows: measured in
 * Chromium 156, the stacked rows it skipped lost their names in the accessibility tree (37 of 1,000 named).
 *
 * @csspart team - The table.
 * @csspart team-member - One agent's row (`data-phase`, `data-agent-id`).
 */
@customElement('cti-team')
export class CtiTeam extends LitElement {
  static override styles = [
    base,
    nested,
    css`
      table {
        width: 100%;
      }
      caption {
        display: block;
        text-align: start;
        font-weight: 600;
      }
      th,
      td {
        text-align: start;
        overflow-wrap: break-word;
        font-weight: normal;
      }
      tbody th {
        font-weight: 600;
      }
      .sub {
        font-weight: normal;
      }
      .call {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        column-gap: var(--_gap);
      }
      .timer,
      .number,
      .sub {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .call > .timer {
        margin-inline-start: auto;
      }
      [data-phase='logged-out'] {
        color: var(--cti-color-muted);
      }
      .icon {
        vertical-align: -2px;
        margin-inline-end: 0.25em;
      }
      /*
       * Every row is a grid row, never display: table: one row's new text lays out that row alone. As a table
       * (fixed layout) each change re-measured all 1,000 rows: the bench's board fell to 44-49 fps on a 2-core
       * AMD EPYC, layout and paint 75% of the main thread; as grid rows, 60 fps there.
       * Stacked (narrow): each agent a block; the column headers are there for assistive technology only.
       */
      thead {
        ${visuallyHidden}
      }
      table,
      thead,
      tbody {
        display: block;
      }
      tr {
        display: grid;
        grid-template-columns: minmax(0, 1fr) max-content;
        column-gap: var(--_gap);
        padding: calc(var(--_gap) / 2) 0;
        padding-inline-start: calc(var(--_gap) / 2);
        border-bottom: 1px solid var(--cti-color-border);
        border-inline-start: 4px solid transparent;
      }
      :is(th, td) {
        display: block;
        padding: 0 calc(var(--_gap) / 2);
      }
      tbody th,
      td.call {
        grid-column: 1 / -1;
      }
      td.time {
        text-align: end;
      }
      td.call:empty {
        padding: 0;
      }
      td.time svg {
        display: inline;
      }
      [data-phase='ready'] {
        border-inline-start-color: var(--cti-color-success);
      }
      [data-phase='paused'] {
        border-inline-start-color: var(--cti-color-accent);
      }
      /* Wide: four columns, the same tracks on every row. */
      @container (min-width: 36rem) {
        thead {
          position: static;
          width: auto;
          height: auto;
          overflow: visible;
          clip: auto;
          clip-path: none;
          white-space: normal;
        }
        thead th {
          font-weight: 600;
        }
        tr {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) calc(8em + var(--_gap)) minmax(0, 1fr);
          column-gap: 0;
          padding: 0;
        }
        :is(th, td),
        td.call:empty {
          padding: calc(var(--_gap) / 2);
        }
        tbody th,
        td.call {
          grid-column: auto;
        }
        td.time {
          text-align: start;
        }
        td.time svg {
          display: none;
        }
        td.call {
          display: block;
        }
        .call .timer {
          margin-inline-start: 0.5em;
        }
      }
    `,
  ];

  /** The team as the snapshot has it (`snapshot.team`). */
  @property({ attribute: false }) members: readonly TeamMember[] = [];
  @property() locale = 'pt-BR';
  /** The clock the times count from (`<cti-queue>` sets it on each tick). */
  @property({ type: Number }) now = Date.now();

  protected readonly localeUpdates = new LocaleUpdates(this);
  #rows: readonly Row[] = [];
  /** The rows built for the current locale and catalogs, by agent id. */
  #byId = new Map<string, Row>();
  /** Where the off-screen sweep of times goes on. */
  #sweep = 0;
  /** Rows on screen: the ones a tick updates. */
  readonly #visible = new Set<Element>();
  readonly #io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting) {
        this.#visible.add(e.target);
        this.#times(e.target);
      } else this.#visible.delete(e.target);
    }
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A tick changes `now` only; the team changing rebuilds the rows that show something new; the locale
    // or a catalog that arrived (an update with nothing changed) rebuilds them all.
    if (changed.has('locale') || changed.size === 0) this.#byId.clear();
    if (changed.has('members') || changed.has('locale') || !changed.has('now')) this.#rows = this.#build();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('now')) return;
    for (const row of this.#visible) row.isConnected ? this.#times(row) : this.#visible.delete(row);
    // Off screen, a few rows a tick in turn: what a screen reader reads there is never far behind.
    const rows = this.renderRoot.querySelector('tbody')?.rows;
    if (!rows?.length) return;
    for (let k = 0; k < Math.min(SWEEP, rows.length); k++) {
      const row = rows[(this.#sweep + k) % rows.length]!;
      if (!this.#visible.has(row)) this.#times(row);
    }
    this.#sweep = (this.#sweep + SWEEP) % rows.length;
  }

  /** Rewrites a row's times (only text that changed). */
  #times(row: Element): void {
    const now = this.now;
    for (const el of row.querySelectorAll<HTMLElement>('[data-since]')) {
      const text = formatDuration(now - Number(el.dataset['since']));
      if (el.textContent !== text) el.textContent = text;
    }
  }

  #build(): readonly Row[] {
    const locale = matchLocale(this.locale);
    const tr = (key: MessageKey, params?: Record<string, string>) => t(key, params, locale);
    let collator = collators.get(locale);
    if (!collator) collators.set(locale, (collator = new Intl.Collator(locale, { numeric: true })));
    const previous = this.#byId;
    const byId = new Map<string, Row>();
    let reorder = previous.size !== this.members.length;
    const out = (m: TeamMember) => +(m.phase === 'logged-out');
    const rows = this.members.map((m): Row => {
      const old = previous.get(m.agentId);
      if (old && same(old.m, m)) {
        byId.set(m.agentId, old);
        return old;
      }
      if (!old || old.m.name !== m.name || out(old.m) !== out(m)) reorder = true;
      const row = this.#label(m, tr, locale);
      byId.set(m.agentId, row);
      return row;
    });
    this.#byId = byId;
    if (!reorder && byId.size === rows.length) {
      // The same agents in the same order: keep it (no sort on a state change).
      const order = this.#rows.map((r) => byId.get(r.m.agentId));
      if (order.every(Boolean)) return order as Row[];
    }
    const key = (r: Row) => +(r.m.phase === 'logged-out');
    return rows.sort((a, b) => key(a) - key(b) || collator!.compare(a.name, b.name));
  }

  #label(m: TeamMember, tr: (key: MessageKey, params?: Record<string, string>) => string, locale: string): Row {
    const name = m.name || m.agentId;
    const sub = [m.name && m.name !== m.agentId ? m.agentId : '', m.extension && m.extension !== m.agentId ? `${tr('agent.field.extension')} ${m.extension}` : '']
      .filter(Boolean)
      .join(' · ');
    const state = tr(`phase.${m.phase}`);
    const call = m.call;
    return {
      m,
      name,
      sub,
      state,
      more: more(m, state, locale),
      ...(m.detail ? { title: tr('agent.vendor-state', { code: m.detail }) } : {}),
      ...(call ? { direction: tr(`call.${call.direction}`), number: call.number ? formatPhone(call.number) : '' } : {}),
    };
  }

  /** One row: evaluated when the row is new or shows something new (`guard`), not on a tick. */
  #row(r: Row): TemplateResult {
    const m = r.m;
    const call = m.call;
    const now = this.now;
    return html`<tr part="team-member" role="row" data-phase=${m.phase} data-agent-id=${m.agentId} ${watch(this.#io)}>
      <th scope="row" role="rowheader">${r.sub ? html`${`${r.name} `}<span class="sub muted">${r.sub}</span>` : r.name}</th>
      <td role="cell" class="state" title=${r.title ?? nothing}>${r.more ? html`${`${r.state} `}<span aria-hidden="true">· </span>${r.more}` : r.state}</td>
      <td role="cell" class="time timer">${clockIcon()}<span ${since(m.since, now)}></span></td>
      <td role="cell" class="call">${call
        ? html`<span>${directionIcon(call.direction)}${r.number
              ? html`${`${r.direction} `}<span class="number" title=${r.number !== call.number ? call.number : nothing}>${r.number}</span>`
              : r.direction}</span>
            <span class="timer" ${since(call.since, now)}></span>`
        : nothing}</td>
    </tr>`;
  }

  override render(): TemplateResult {
    const tr = (key: MessageKey) => t(key, undefined, this.locale);
    return html`<table part="team" role="table" aria-labelledby="team-caption">
      <caption id="team-caption">${tr('queue.team')}</caption>
      <thead role="rowgroup">
        <tr role="row">${COLUMNS.map((k) => html`<th scope="col" role="columnheader">${tr(k)}</th>`)}</tr>
      </thead>
      <tbody role="rowgroup">
        ${repeat(this.#rows, (r) => r.m.agentId, (r) => guard([r], () => this.#row(r)))}
      </tbody>
    </table>`;
  }
}

/**
 * What the state says beyond its phase: a pause reason ("Almoço", from "Pausado - Almoço" too), or the
 * translated name of a vendor state the catalog knows; never a code, nor a word that restates the phase.
 */
function more(m: TeamMember, phaseLabel: string, locale: string): string | undefined {
  const same = (a: string, b: string) => fold(a).includes(fold(b)) || fold(b).includes(fold(a));
  const translated = detailLabel(m.detail, locale);
  if (translated) return same(translated, phaseLabel) ? undefined : translated;
  if (m.phase !== 'paused' || CODE.test(m.detail)) return undefined;
  const reason = m.detail.replace(PAUSED_WORD, '').trim();
  return reason && fold(reason) !== fold(phaseLabel) && fold(reason) !== fold(t('phase.paused')) ? reason : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'cti-team': CtiTeam;
  }
}
