import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import './cti-queue.js';
import type { CtiQueue } from './cti-queue.js';
import type { QueueStats, SessionSnapshot, TeamMember } from '../../domain/model.js';
import type { SessionConfig } from '../../vendors/adapter.js';
import { FakeSession, makeSnapshot } from '../test-support/fake-session.js';
import { capabilitiesFor, supervisorCapabilities } from '../../vendors/capabilities.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';
import { overflowFindings, wordFindings } from '../../../test/gallery/checks.js';

const QUEUES: QueueStats[] = [
  { id: 'q1', name: 'SAC', waiting: 3, longestWaitSeconds: 125, agentsReady: 2, agentsBusy: 5, agentsPaused: 1, handled: 1234, abandoned: 7, updatedAt: Date.UTC(2026, 0, 1, 12, 0, 0) },
  { id: 'q2', name: '<img src=x onerror="window.__xss=1">', waiting: 0, updatedAt: Date.UTC(2026, 0, 1, 12, 0, 0) },
];

async function mount(snapshot: SessionSnapshot, width = 480, lang = 'pt-BR', config?: Partial<SessionConfig>) {
  const session = new FakeSession(snapshot, config);
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${`width:${width}px`}><cti-queue lang=${lang} .session=${session}></cti-queue></div>`);
  const el = wrapper.querySelector('cti-queue') as CtiQueue;
  await el.updateComplete;
  const team = () => el.shadowRoot!.querySelector('cti-team')?.shadowRoot;
  return {
    el,
    session,
    part: (p: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${p}"]`) ?? team()?.querySelector<HTMLElement>(`[part~="${p}"]`) ?? null,
  };
}

describe('<cti-queue>', () => {
  failOnLitWarnings();

  describe('accessibility', () => {
    it('queue list, empty, unsupported, error: accessible (also 280px)', async () => {
      await expect((await mount(makeSnapshot({ queues: QUEUES }))).el).to.be.accessible();
      await expect((await mount(makeSnapshot({ queues: QUEUES }), 280)).el).to.be.accessible();
      await expect((await mount(makeSnapshot())).el).to.be.accessible();
      await expect((await mount(makeSnapshot({}, 'neon'))).el).to.be.accessible();
      await expect((await mount(makeSnapshot({ lastError: { code: 'forbidden', at: 1, httpStatus: 403 } }))).el).to.be.accessible();
    });
  });

  describe('properties', () => {
    it('lists waiting, longest wait (mm:ss), agents, handled/abandoned', async () => {
      const { el } = await mount(makeSnapshot({ queues: QUEUES }));
      const first = el.shadowRoot!.querySelector('[data-queue-id="q1"]')!;
      const stat = (s: string) => first.querySelector(`[data-stat="${s}"]`)?.textContent;
      expect(stat('waiting')).to.equal('3');
      expect(stat('longestWaitSeconds')).to.equal('2:05');
      expect(stat('agentsBusy')).to.equal('5');
      expect(stat('handled')).to.equal('1.234');
      expect(first.getAttribute('data-waiting')).to.equal('true');
      const second = el.shadowRoot!.querySelector('[data-queue-id="q2"]')!;
      expect(second.querySelector('[data-stat="handled"]')).to.be.null;
    });

    it('says plainly when the vendor has no queue data, and when there is none yet', async () => {
      expect((await mount(makeSnapshot({}, 'neon'))).part('empty')!.textContent).to.equal('Este sistema de telefonia não fornece dados de fila.');
      expect((await mount(makeSnapshot())).part('empty')!.textContent).to.equal('Ainda não há dados de fila.');
    });

    it('queue names are server text, rendered as text', async () => {
      const { el } = await mount(makeSnapshot({ queues: QUEUES }));
      expect(el.shadowRoot!.querySelector('[data-queue-id="q2"] [part~="queue-name"]')!.textContent).to.contain('<img');
      expect(el.shadowRoot!.querySelector('img')).to.be.null;
    });

    it('at 280 px: the numbers have clear labels, a long queue name wraps between words, a number as name is formatted', async () => {
      const queues: QueueStats[] = [
        { ...QUEUES[0]!, name: 'Atendimento empresarial pessoa jurídica Sudeste' },
        { id: 'q3', name: '08001234567', waiting: 1, updatedAt: Date.UTC(2026, 0, 1, 12, 0, 0) },
      ];
      const { el } = await mount(makeSnapshot({ queues }), 280);
      const labels = [...el.shadowRoot!.querySelectorAll('[data-queue-id="q1"] dt')].map((dt) => dt.textContent);
      expect(labels.slice(0, 3)).to.deep.equal(['Chamadas em espera', 'Maior espera', 'Agentes disponíveis']);
      const frame = el.parentElement!;
      expect(wordFindings(frame).concat(overflowFindings(frame)).map((f) => `${f.where}: ${f.text}`)).to.deep.equal([]);
      const name = el.shadowRoot!.querySelector('[data-queue-id="q3"] [part~="queue-name"] span') as HTMLElement;
      expect([name.textContent, name.title]).to.deep.equal(['0800 123 4567', '08001234567']);
      const long = el.shadowRoot!.querySelector('[data-queue-id="q1"] [part~="queue-name"]')!;
      expect(long.getClientRects()[0]!.height, 'wrapped on two lines or more').to.be.above(25);
    });

    it('updates with new snapshots', async () => {
      const { el, session, part } = await mount(makeSnapshot());
      session.update({ queues: QUEUES });
      await el.updateComplete;
      expect(part('queue-list')).to.exist;
    });
  });

  describe('i18n', () => {
    it('en / es labels and number formatting', async () => {
      const en = await mount(makeSnapshot({ queues: QUEUES }), 480, 'en');
      expect(en.el.shadowRoot!.querySelector('[data-stat="handled"]')!.textContent).to.equal('1,234');
      expect(en.el.shadowRoot!.querySelector('dt')!.textContent).to.equal('Calls waiting');
      const es = await mount(makeSnapshot({}, 'neon'), 480, 'es');
      expect(es.part('empty')!.textContent).to.contain('no proporciona');
    });

    it('NEON (no queues): says plainly in every language that this phone system has no queue data', async () => {
      const words = { 'pt-BR': 'Este sistema de telefonia não fornece dados de fila.', en: 'This phone system does not provide queue data.', es: 'Este sistema de telefonía no proporciona datos de colas.' };
      for (const [lang, text] of Object.entries(words)) {
        const { part } = await mount(makeSnapshot({ agent: { phase: 'ready', since: Date.now(), detail: 'sip-registered' } }, 'neon'), 480, lang);
        expect(part('empty')!.textContent).to.equal(text);
        expect(part('empty')!.getAttribute('data-reason')).to.equal('unsupported');
        expect(part('queue-list')).to.be.null;
      }
    });
  });

  describe('headings', () => {
    it('each queue name is a heading of level 3, or of the level heading-level says (1–6); anything else reads as 3', async () => {
      const { el } = await mount(makeSnapshot({ queues: QUEUES }));
      const levels = () =>
        [...el.shadowRoot!.querySelectorAll('[part~="queue-name"]')].map((n) => [n.getAttribute('role'), n.getAttribute('aria-level')]);
      expect(levels()).to.have.length(QUEUES.length);
      expect(levels().every(([role, level]) => role === 'heading' && level === '3')).to.equal(true);
      for (const [attr, level] of [['2', '2'], ['6', '6'], ['1', '1'], ['7', '3'], ['0', '3'], ['2.5', '3'], ['x', '3']] as const) {
        el.setAttribute('heading-level', attr);
        await el.updateComplete;
        expect(levels().map(([, l]) => l)).to.deep.equal(QUEUES.map(() => level), `heading-level="${attr}"`);
      }
      // The heading's accessible name is the queue's name.
      const first = el.shadowRoot!.querySelector<HTMLElement>('[part~="queue-name"]')!;
      expect(first.textContent!.trim()).to.not.equal('');
    });
  });

  describe('parts', () => {
    it('exposes kebab-case parts', async () => {
      const { el } = await mount(makeSnapshot({ queues: QUEUES }));
      const parts = [...el.shadowRoot!.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(' '));
      expect(parts).to.include.members(['base', 'connection', 'queue-list', 'queue', 'queue-name', 'queue-stats', 'queue-updated']);
    });
  });

  describe('Catix queues (names only) and the supervisor team', () => {
    const now = Date.now();
    /** Times relative to the moment the test builds its snapshot. */
    const team = (at = Date.now()): TeamMember[] => [
      { agentId: '1010', name: 'Zeca', phase: 'paused', detail: 'Pausado - <b>Almoço</b>', since: at - 125_000, updatedAt: at },
      { agentId: '1002', phase: 'logged-out', detail: 'Deslogado', since: at - 5_000, updatedAt: at },
      { agentId: '1003', name: 'Ana 10', phase: 'busy', detail: 'Em ligação', since: at - 65_000, updatedAt: at, call: { id: 'rl-9', direction: 'inbound', number: '4830001234', since: at - 61_000 } },
      { agentId: '1004', name: 'Ana 9', phase: 'ready', detail: 'Disponível', since: at - 1_000, updatedAt: at },
    ];
    const NAMES: QueueStats[] = [
      { id: '1', name: 'SAC', updatedAt: now },
      { id: '2', name: '<b>Cobrança</b>', updatedAt: now },
    ];
    const catix = (patch: Partial<SessionSnapshot> = {}) => makeSnapshot({ queues: NAMES, ...patch }, 'catix');
    const SUPERVISOR = { options: { role: 'supervisor' } };

    it('queues without numbers are a plain list of names (text), not cards of empty numbers', async () => {
      const { el, part } = await mount(catix());
      const list = part('queue-names')!;
      expect([...list.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal(['SAC', '<b>Cobrança</b>']);
      expect(part('queue-list')).to.be.null;
      expect(part('queue-stats')).to.be.null;
      expect(el.shadowRoot!.querySelector('b')).to.be.null;
      expect(part('team'), 'not a supervisor: no team').to.be.null;
      await expect(el).to.be.accessible();
    });

    it('the team table: caption, column and row headers, sorted by name, signed-out last', async () => {
      const { el, part } = await mount(catix({ team: team() }), 640, 'pt-BR', SUPERVISOR);
      const table = part('team') as HTMLTableElement;
      expect(table.caption!.textContent).to.equal('Equipe');
      expect(table.getAttribute('role')).to.equal('table');
      expect([...table.tHead!.querySelectorAll('th')].map((th) => [th.textContent, th.getAttribute('scope'), th.getAttribute('role')])).to.deep.equal([
        ['Agente', 'col', 'columnheader'],
        ['Estado', 'col', 'columnheader'],
        ['Tempo no estado', 'col', 'columnheader'],
        ['Chamada', 'col', 'columnheader'],
      ]);
      const rows = [...table.tBodies[0]!.rows];
      expect(rows.map((r) => r.dataset['agentId'])).to.deep.equal(['1004', '1003', '1010', '1002']);
      expect(rows.every((r) => r.cells[0]!.tagName === 'TH' && r.cells[0]!.getAttribute('scope') === 'row' && r.getAttribute('role') === 'row')).to.equal(true);
      const cells = (r: HTMLTableRowElement) => [...r.cells].map((c) => c.textContent!.replace(/\s+/g, ' ').trim());
      expect(cells(rows[1]!)).to.deep.equal(['Ana 10 1003', 'Em atendimento', '1:05', 'Recebida (48) 3000-1234 1:01']);
      expect(cells(rows[2]!)).to.deep.equal(['Zeca 1010', 'Em pausa · <b>Almoço</b>', '2:05', '']);
      expect(cells(rows[3]!)[0]).to.equal('1002');
      expect(table.querySelector('b')).to.be.null;
      // Four columns at 640 px, as grid rows (one row's new text lays out that row alone), every cell under its header.
      expect(getComputedStyle(rows[0]!).display).to.equal('grid');
      const lefts = (r: HTMLTableRowElement) => [...r.cells].map((c) => Math.round(c.getBoundingClientRect().left));
      const head = lefts(table.tHead!.rows[0]!);
      expect(new Set(head).size, 'four columns side by side').to.equal(4);
      for (const r of rows) expect(lefts(r), `${r.dataset['agentId']} under the headers`).to.deep.equal(head);
      await expect(el).to.be.accessible();
    });

    it('at 280 px the rows stack (compact blocks), the same table to assistive technology, nothing broken mid-word', async () => {
      const wide = await mount(catix({ team: team() }), 1280, 'pt-BR', SUPERVISOR);
      const narrow = await mount(catix({ team: team() }), 280, 'pt-BR', SUPERVISOR);
      const table = narrow.part('team') as HTMLTableElement;
      const row = table.tBodies[0]!.rows[1]!;
      expect(getComputedStyle(row).display).to.equal('grid');
      expect(getComputedStyle(table.tHead!).position, 'column headers visually hidden, still there').to.equal('absolute');
      expect(getComputedStyle((wide.part('team') as HTMLTableElement).tHead!).position).to.equal('static');
      // The same roles and headers in both layouts.
      const roles = (t: Element) => [...t.querySelectorAll('[role]')].map((n) => `${n.localName}:${n.getAttribute('role')}`);
      expect(roles(table)).to.deep.equal(roles(wide.part('team')!));
      // Name, then state and time on one line, then the call.
      const [name, state, time, call] = [...row.cells].map((c) => c.getBoundingClientRect());
      expect(state!.top).to.be.above(name!.top);
      expect(Math.abs(time!.top - state!.top)).to.be.below(2);
      expect(call!.top).to.be.above(state!.top);
      expect(table.offsetWidth, 'fits 280px').to.be.at.most(narrow.part('base')!.clientWidth);
      const frame = narrow.el.parentElement!;
      expect(wordFindings(frame).concat(overflowFindings(frame)).map((f) => `${f.where}: ${f.text}`)).to.deep.equal([]);
      await expect(narrow.el).to.be.accessible();
      narrow.el.theme = 'dark';
      await narrow.el.updateComplete;
      await expect(narrow.el).to.be.accessible();
    });

    it('states are translated, never a vendor code; the code stays in the title', async () => {
      const at = Date.now();
      const members: TeamMember[] = [
        { agentId: 'ana', phase: 'paused', detail: 'status-2', since: at, updatedAt: at },
        { agentId: 'bia', phase: 'ready', detail: 'status-1', since: at, updatedAt: at },
        { agentId: 'caio', phase: 'paused', detail: 'Pausado', since: at, updatedAt: at },
        { agentId: 'duda', phase: 'after-call', detail: 'Pós Atendimento', since: at, updatedAt: at },
        { agentId: 'edu', phase: 'busy', detail: 'Discando', since: at, updatedAt: at },
        { agentId: 'fabi', phase: 'unknown', detail: 'call-ended', since: at, updatedAt: at },
      ];
      const supervisor = { capabilities: supervisorCapabilities(capabilitiesFor('tactium')) };
      for (const [lang, words] of [
        ['pt-BR', ['Em pausa', 'Disponível', 'Em pausa', 'Pós-atendimento', 'Em atendimento', 'Estado desconhecido']],
        ['en', ['Paused', 'Ready', 'Paused', 'After-call work', 'On a call', 'Unknown state']],
      ] as const) {
        const { el, part } = await mount(makeSnapshot({ team: members, ...supervisor }, 'tactium'), 280, lang, SUPERVISOR);
        await new Promise((r) => setTimeout(r, 50));
        await el.updateComplete;
        const states = [...part('team')!.querySelectorAll<HTMLElement>('tbody td.state')];
        expect(states.map((c) => c.textContent!.trim())).to.deep.equal(words);
        expect(states[0]!.title).to.contain('status-2');
        expect(states[3]!.title).to.contain('Pós Atendimento');
      }
    });

    it('the call number reads as a Brazilian number, the raw one in its title', async () => {
      const { part } = await mount(catix({ team: team() }), 280, 'pt-BR', SUPERVISOR);
      const number = part('team')!.querySelector<HTMLElement>('[data-agent-id="1003"] .number')!;
      expect(number.textContent).to.equal('(48) 3000-1234');
      expect(number.title).to.equal('4830001234');
    });

    it('rows are keyed by agent: an update that moves a row keeps its element; a tick does not rebuild rows', async () => {
      const { el, session, part } = await mount(catix({ team: team() }), 640, 'pt-BR', SUPERVISOR);
      const zeca = part('team')!.querySelector('[data-agent-id="1010"]');
      const members = team().map((m) => (m.agentId === '1010' ? { ...m, name: 'Abel' } : m));
      session.update({ team: members });
      await el.updateComplete;
      const rows = [...part('team')!.querySelectorAll<HTMLElement>('tbody tr')];
      expect(rows[0]!.dataset['agentId'], 'renamed: sorted first').to.equal('1010');
      expect(rows[0]).to.equal(zeca);
    });

    it('a 1,000-agent team renders and ticks (measured, printed)', async () => {
      const at = Date.now();
      const phases = ['ready', 'busy', 'paused', 'after-call', 'logged-out'] as const;
      const big: TeamMember[] = Array.from({ length: 1000 }, (_, i) => ({
        agentId: String(5000 + i),
        name: `Agente ${i}`,
        phase: phases[i % 5]!,
        detail: i % 5 === 2 ? 'Almoço' : 'status-1',
        since: at - i * 1000,
        updatedAt: at,
        ...(i % 5 === 1 ? { call: { id: `c${i}`, direction: 'inbound' as const, number: `11987${String(i).padStart(6, '0')}`, since: at } } : {}),
      }));
      const t0 = performance.now();
      const { el, part } = await mount(catix({ team: big }), 1280, 'pt-BR', SUPERVISOR);
      const first = performance.now() - t0;
      expect(part('team')!.querySelectorAll('tbody tr').length).to.equal(1000);
      const t1 = performance.now();
      el.requestUpdate();
      await el.updateComplete;
      const tick = performance.now() - t1;
      console.log(`team of 1000: first render ${first.toFixed(0)} ms, a tick ${tick.toFixed(0)} ms`);
    });

    it('the times tick', async () => {
      const { part } = await mount(catix({ team: [{ ...team()[3]!, since: Date.now() - 1_000 }] }), 480, 'pt-BR', SUPERVISOR);
      const time = () => (part('team-member') as HTMLTableRowElement).cells[2]!.textContent!.trim();
      const first = time();
      await aTimeout(1100);
      expect(time()).not.to.equal(first);
    });

    it('Tactium supervisor: the team only (no "no queue data" message); a supervisor without data yet is told so', async () => {
      const supervisor = { capabilities: supervisorCapabilities(capabilitiesFor('tactium')) };
      const { part } = await mount(makeSnapshot({ team: team(), ...supervisor }, 'tactium'), 480, 'en', SUPERVISOR);
      expect(part('team')!.querySelector('caption')!.textContent).to.equal('Team');
      expect(part('empty')).to.be.null;
      const waiting = await mount(makeSnapshot(supervisor, 'tactium'), 480, 'pt-BR', SUPERVISOR);
      expect(waiting.part('empty')!.getAttribute('data-reason')).to.equal('no-team');
      expect(waiting.part('empty')!.textContent).to.equal('Ainda não há dados da equipe.');
      const agent = await mount(makeSnapshot({}, 'tactium'));
      expect(agent.part('empty')!.getAttribute('data-reason')).to.equal('unsupported');
      expect(agent.part('team')).to.be.null;
    });

    it('no team table for vendors without the capability, even with team data', async () => {
      expect((await mount(makeSnapshot({ team: team(), queues: QUEUES }), 480, 'pt-BR', SUPERVISOR)).part('team')).to.be.null;
    });

    it('es', async () => {
      const { part } = await mount(catix({ team: team() }), 480, 'es', SUPERVISOR);
      expect([...part('team')!.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal(['Agente', 'Estado', 'Tiempo en estado', 'Llamada']);
    });
  });
});
