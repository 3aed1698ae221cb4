import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './cti-phone.js';
import type { CtiPhone } from './cti-phone.js';
import type { RecentCall, SessionSnapshot } from '../../domain/model.js';
import type { CtiDialRequestEvent } from '../../events/cti-dial-request.js';
import { FakeSession, makeSnapshot } from '../test-support/fake-session.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';
import { overflowFindings, wordFindings } from '../../../test/gallery/checks.js';

const now = Date.now();
const recent: readonly RecentCall[] = [
  { id: 'c3', direction: 'outbound', number: '08001234567', startedAt: now - 60_000, endedAt: now - 50_000, outcome: 'unanswered' },
  { id: 'c2', direction: 'inbound', number: '4833334444', startedAt: now - 200_000, endedAt: now - 190_000, outcome: 'missed' },
  { id: 'c1', direction: 'inbound', number: '11987654321', name: 'Ana <b>Lima</b>', startedAt: now - 900_000, endedAt: now - 800_000, talkMs: 65_000, outcome: 'answered' },
];
const ready = (patch: Partial<SessionSnapshot> = {}) =>
  makeSnapshot({ agent: { phase: 'ready', since: now, detail: 'ready_free' }, recentCalls: recent, ...patch });

async function mount(snapshot: SessionSnapshot, width = 480, lang = 'pt-BR') {
  const session = new FakeSession(snapshot);
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${`width:${width}px`}><cti-phone lang=${lang} .session=${session}></cti-phone></div>`);
  const el = wrapper.querySelector('cti-phone') as CtiPhone;
  await el.updateComplete;
  // The element is its own chunk, loaded when the first recent call is shown; it upgrades in place.
  if (snapshot.recentCalls?.length) {
    await customElements.whenDefined('cti-recent-calls');
    await el.shadowRoot!.querySelector('cti-recent-calls')!.updateComplete;
  }
  const list = () => el.shadowRoot!.querySelector('cti-recent-calls');
  const items = () => [...(list()?.shadowRoot?.querySelectorAll<HTMLElement>('[part~="recent-call"]') ?? [])];
  return { el, session, wrapper, list, items };
}

describe('<cti-phone> recent calls', () => {
  failOnLitWarnings();

  it('lists the session recent calls newest first, with direction, outcome, time and talk time, as text', async () => {
    const { list, items } = await mount(ready());
    await list()!.updateComplete;
    expect(items().map((li) => li.dataset['outcome'])).to.deep.equal(['unanswered', 'missed', 'answered']);
    const text = items().map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(text[0]).to.contain('0800 123 4567').and.contain('Feita').and.contain('Não atendida');
    expect(text[1]).to.contain('Recebida').and.contain('Perdida');
    expect(text[2]).to.contain('Ana <b>Lima</b>').and.contain('(11) 98765-4321').and.contain('1:05');
    expect(list()!.shadowRoot!.querySelector('b')).to.equal(null);
    expect(list()!.shadowRoot!.querySelector('summary')!.textContent).to.contain('Chamadas recentes (3)');
  });

  it('numbers read as Brazilian numbers, the raw one in the title; direction and outcome as words with an arrow icon', async () => {
    const { items } = await mount(ready());
    const [made, missed, answered] = items();
    const number = (li: HTMLElement) => [...li.querySelectorAll<HTMLElement>('.who > span')].map((s) => [s.textContent!.trim(), s.title]);
    expect(number(made!)).to.deep.equal([['0800 123 4567', '08001234567']]);
    expect(number(answered!)).to.deep.equal([['Ana <b>Lima</b>', ''], ['(11) 98765-4321', '11987654321']]);
    const icon = (li: HTMLElement) => li.querySelector<SVGElement>('.meta > span:first-child > svg')!;
    expect(icon(made!).getAttribute('aria-hidden')).to.equal('true');
    expect(icon(made!).parentElement!.textContent!.trim(), 'the icon sits with its word').to.equal('Feita');
    expect(icon(made!).querySelector('path')!.getAttribute('d'), 'out of the corner').to.not.equal(icon(answered!).querySelector('path')!.getAttribute('d'));
    expect(getComputedStyle(icon(missed!)).color, 'a missed call: the arrow in the error colour').to.equal(getComputedStyle(missed!.querySelector('span.missed')!).color);
    expect(getComputedStyle(icon(answered!)).color).to.not.equal(getComputedStyle(missed!.querySelector('span.missed')!).color);
    expect(missed!.querySelector('span.missed')!.textContent).to.equal('Perdida');
  });

  it('at 280 px nothing overflows and no number or word breaks mid-word', async () => {
    const { wrapper } = await mount(ready(), 280);
    expect(wordFindings(wrapper).concat(overflowFindings(wrapper)).map((f) => `${f.where}: ${f.text}`)).to.deep.equal([]);
  });

  it('nothing is shown without recent calls', async () => {
    const { list } = await mount(ready({ recentCalls: [] }));
    expect(list()).to.equal(null);
  });

  it('one click calls the number again: cti-dial-request, then the dial command', async () => {
    const { el, session, items } = await mount(ready());
    const button = items()[1]!.querySelector<HTMLButtonElement>('[part~="recent-dial"]')!;
    expect(button.getAttribute('aria-label')).to.equal('Ligar para (48) 3333-4444');
    expect(button.title, 'the raw number it dials').to.equal('4833334444');
    setTimeout(() => button.click());
    const request = (await oneEvent(el, 'cti-dial-request')) as CtiDialRequestEvent;
    expect(request.detail.number).to.equal('4833334444');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r));
    expect(session.commands).to.deep.equal([{ type: 'dial', to: '4833334444' }]);
  });

  it('no call button when the vendor cannot dial', async () => {
    const snapshot = ready();
    const { items } = await mount(ready({ capabilities: { ...snapshot.capabilities, dial: false } }));
    expect(items().length).to.equal(3);
    expect(items().some((li) => li.querySelector('[part~="recent-dial"]'))).to.equal(false);
  });

  it('survives re-renders and a re-mount, and keeps the agent collapsing it', async () => {
    const { el, session, wrapper, list, items } = await mount(ready());
    list()!.shadowRoot!.querySelector('details')!.open = false;
    session.update({ queues: [{ id: 'q', name: 'q', waiting: 2, updatedAt: now }] });
    await el.updateComplete;
    expect(items().length).to.equal(3);
    expect(list()!.shadowRoot!.querySelector('details')!.open).to.equal(false);
    el.remove();
    wrapper.append(el);
    await el.updateComplete;
    await list()!.updateComplete;
    expect(items().map((li) => li.dataset['outcome'])).to.deep.equal(['unanswered', 'missed', 'answered']);
  });

  it('speaks English and Spanish', async () => {
    const en = await mount(ready(), 480, 'en');
    await new Promise((r) => setTimeout(r, 50));
    await en.el.updateComplete;
    await en.list()!.updateComplete;
    expect(en.items()[1]!.textContent).to.contain('Missed');
    const es = await mount(ready(), 480, 'es');
    await new Promise((r) => setTimeout(r, 50));
    await es.el.updateComplete;
    await es.list()!.updateComplete;
    expect(es.items()[1]!.textContent).to.contain('Perdida').and.contain('Entrante');
  });

  it('is accessible at 280 px and 1280 px', async () => {
    await expect((await mount(ready(), 280)).el).to.be.accessible();
    await expect((await mount(ready(), 1280)).el).to.be.accessible();
  });
});
