import { expect, fixture, html } from '@open-wc/testing';
import './cti-queue.js';
import type { CtiQueue } from './cti-queue.js';
import type { QueueStats, SessionSnapshot } from '../../domain/model.js';
import { FakeSession, makeSnapshot } from '../test-support/fake-session.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';

const QUEUES: QueueStats[] = [
  { id: 'q1', name: 'SAC', waiting: 3, longestWaitSeconds: 125, agentsReady: 2, agentsBusy: 5, agentsPaused: 1, handled: 1234, abandoned: 7, updatedAt: Date.UTC(2026, 0, 1, 12, 0, 0) },
  { id: 'q2', name: '<img src=x onerror="window.__xss=1">', waiting: 0, updatedAt: Date.UTC(2026, 0, 1, 12, 0, 0) },
];

async function mount(snapshot: SessionSnapshot, width = 480, lang = 'pt-BR') {
  const session = new FakeSession(snapshot);
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${`width:${width}px`}><cti-queue lang=${lang} .session=${session}></cti-queue></div>`);
  const el = wrapper.querySelector('cti-queue') as CtiQueue;
  await el.updateComplete;
  return { el, session, part: (p: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${p}"]`) };
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
      expect(stat('longestWaitSeconds')).to.equal('02:05');
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
      expect(en.el.shadowRoot!.querySelector('dt')!.textContent).to.equal('Waiting');
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

  describe('parts', () => {
    it('exposes kebab-case parts', async () => {
      const { el } = await mount(makeSnapshot({ queues: QUEUES }));
      const parts = [...el.shadowRoot!.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(' '));
      expect(parts).to.include.members(['base', 'connection', 'queue-list', 'queue', 'queue-name', 'queue-stats', 'queue-updated']);
    });
  });
});
