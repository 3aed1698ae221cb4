import { expect, fixture, html } from '@open-wc/testing';
import './cti-queue.js';
import type { CtiQueue } from './cti-queue.js';
import type { TeamMember } from '../../domain/model.js';
import { FakeSession, makeSnapshot } from '../test-support/fake-session.js';
import { capabilitiesFor, supervisorCapabilities } from '../../vendors/capabilities.js';

/** Issue #13 §4: one agent's change on a 1,000-agent board costs one row, and a tick touches only visible rows. */
describe('<cti-team> render cost (1,000 agents)', () => {
  const PHASES = ['ready', 'busy', 'paused', 'after-call', 'logged-out'] as const;
  const at = Date.now();
  const member = (i: number, phase = PHASES[i % 5]!): TeamMember => ({
    agentId: String(5000 + i),
    name: `Agente ${i}`,
    phase,
    detail: phase === 'paused' ? 'Almoço' : 'status-1',
    since: at - i * 1000,
    updatedAt: at,
    ...(phase === 'busy' ? { call: { id: `c${i}`, direction: 'inbound' as const, number: `11987${String(i).padStart(6, '0')}`, since: at } } : {}),
  });

  async function board(width: number) {
    const team = Array.from({ length: 1000 }, (_, i) => member(i));
    const session = new FakeSession(makeSnapshot({ team, capabilities: supervisorCapabilities(capabilitiesFor('catix')) }, 'catix'), { options: { role: 'supervisor' } });
    const wrapper = await fixture<HTMLDivElement>(html`<div style=${`width:${width}px`}><cti-queue .session=${session}></cti-queue></div>`);
    const el = wrapper.querySelector('cti-queue') as CtiQueue;
    await el.updateComplete;
    const root = el.shadowRoot!.querySelector('cti-team')!.shadowRoot!;
    // Let the visibility observer report the rows on screen.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { el, session, team, root };
  }

  /** The rows whose subtree a mutation touched. */
  function touchedRows(records: MutationRecord[]): Set<string> {
    const ids = new Set<string>();
    for (const r of records) {
      const node = r.target instanceof Element ? r.target : r.target.parentElement;
      const row = node?.closest('tr');
      ids.add(row?.dataset['agentId'] ?? (r.target as Element).localName ?? '?');
    }
    return ids;
  }

  for (const width of [1280, 280]) {
    it(`${width} px: 100 single-agent changes each touch only that agent's row (time per change and longest frame printed)`, async () => {
      const { el, session, team, root } = await board(width);
      let longest = 0;
      let last = performance.now();
      let frames = true;
      const frame = (t: number) => {
        longest = Math.max(longest, t - last);
        last = t;
        if (frames) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      const seen: MutationRecord[] = [];
      const observer = new MutationObserver((records) => seen.push(...records));
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      let members = team;
      const times: number[] = [];
      const extra: string[] = [];
      for (let n = 0; n < 100; n++) {
        const i = ((n * 37) % 200) * 5 + (n % 4); // never a signed-out agent: the order stays
        const next = member(i, PHASES[(i + n + 1) % 4]!);
        members = members.map((m) => (m.agentId === next.agentId ? next : { ...m })); // a fresh clone, as from the hub
        const t0 = performance.now();
        session.update({ team: members });
        await el.updateComplete;
        times.push(performance.now() - t0);
        // The times of rows on screen tick meanwhile: anything else is a row rendered again.
        const records = seen.splice(0).concat(observer.takeRecords());
        const touched = touchedRows(records.filter((r) => !(r.target instanceof Element ? r.target : r.target.parentElement)?.closest('[data-since]')));
        touched.delete(next.agentId);
        if (touched.size) extra.push(`${next.agentId}: ${[...touched].slice(0, 3).join(',')} (+${touched.size})`);
        await new Promise((r) => requestAnimationFrame(r));
      }
      frames = false;
      observer.disconnect();
      times.sort((a, b) => a - b);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      console.log(`team of 1000 at ${width}px: a change ${mean.toFixed(2)} ms mean, p95 ${times[94]!.toFixed(2)} ms; longest frame ${longest.toFixed(1)} ms`);
      expect(extra, 'other rows touched').to.deep.equal([]);
      const row = root.querySelector<HTMLElement>(`tr[data-agent-id="${5000 + ((99 * 37) % 200) * 5 + 3}"]`)!;
      expect(row.dataset['phase']).to.equal(members.find((m) => m.agentId === row.dataset['agentId'])!.phase);
    });

    it(`${width} px: a tick updates the times of the rows on screen and a few off screen, not 1,000; a row scrolled into view shows its time`, async () => {
      const { el, root } = await board(width);
      const seen: MutationRecord[] = [];
      const observer = new MutationObserver((records) => seen.push(...records));
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      // Over 1.1 s the element ticks at least once (each tick a new second for every row).
      await new Promise((r) => setTimeout(r, 1100));
      const touched = touchedRows(seen.splice(0).concat(observer.takeRecords()));
      const t0 = performance.now();
      el.requestUpdate();
      await el.updateComplete;
      const tick = performance.now() - t0;
      observer.disconnect();
      const onScreen = [...root.querySelectorAll('tbody tr')].filter((r) => {
        const box = r.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight;
      }).length;
      console.log(`team of 1000 at ${width}px: a tick ${tick.toFixed(2)} ms, ${touched.size} rows touched, ${onScreen} on screen`);
      expect(onScreen).to.be.greaterThan(0);
      // Up to two ticks: the rows on screen and 25 off-screen rows each (their times, in turn).
      expect(touched.size, 'rows touched by a tick').to.be.at.most(onScreen + 2 * 25 + 2);
      const last = [...root.querySelectorAll<HTMLTableRowElement>('tbody tr')].at(-2)!;
      last.scrollIntoView();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const time = last.cells[2]!.textContent!.trim();
      expect(time, 'time shown').to.match(/^\d{1,2}:\d{2}/);
      scrollTo(0, 0);
    });
  }
});
