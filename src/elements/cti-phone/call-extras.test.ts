/**
 * `<cti-phone>`'s in-call parts chunk (call-extras.ts: consult / transfer prompt, participants, DTMF pad), prefetched
 * when the browser is idle after the first render, and pt-BR's second part (pt-BR-more.ts), requested by that render.
 * This page holds the idle callbacks back, so the tests see the phone before the prefetch ran; they run in order (a
 * chunk, once loaded, stays loaded for the page's life).
 */
import { expect } from '@open-wc/testing';
import type { SessionSnapshot } from '../../domain/model.js';
import { capabilitiesFor } from '../../vendors/capabilities.js';
import { isLocaleLoaded } from '../../i18n/index.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';
import { FakeSession, makeCall, makeSnapshot } from '../test-support/fake-session.js';
import './cti-phone.js';
import type { CtiPhone } from './cti-phone.js';

/** Whether the page fetched a module whose path ends with `suffix` (the dev server serves sources). */
const fetched = (suffix: string) => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith(suffix));
const EXTRAS = '/cti-phone/call-extras.ts';

const idle: (() => void)[] = [];
const realIdle = window.requestIdleCallback;
const caps = capabilitiesFor('interact');
const agent = { phase: 'busy', since: Date.now(), detail: 'ready' } as const;

async function mount(snapshot: SessionSnapshot, settled = true): Promise<{ el: CtiPhone; session: FakeSession; part: (name: string) => HTMLElement | null }> {
  const session = new FakeSession(snapshot);
  const el = document.createElement('cti-phone');
  el.session = session;
  document.body.append(el);
  // The first render happens a microtask or two after connecting; a chunk cannot arrive that soon.
  for (let i = 0; i < 5; i++) await Promise.resolve();
  if (settled) await el.updateComplete;
  return { el, session, part: (name) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`) };
}

describe('<cti-phone> in-call parts: a chunk prefetched at idle', () => {
  failOnLitWarnings();
  before(() => {
    window.requestIdleCallback = ((cb: IdleRequestCallback) => idle.push(() => cb({ didTimeout: false, timeRemaining: () => 50 }))) as typeof requestIdleCallback;
  });
  after(() => {
    window.requestIdleCallback = realIdle;
    document.querySelectorAll('cti-phone').forEach((el) => el.remove());
  });

  it('a call ringing before either chunk arrived renders whole and is announced at once; the parts wait for idle', async () => {
    const ring = makeCall(caps, { id: 'r1', state: 'ringing', service: 'SAC', mustAccept: true });
    const { el, part } = await mount(makeSnapshot({ agent, calls: [ring] }), false);
    const ringCard = () => ({
      caller: part('caller')!.textContent,
      answer: part('answer-button')!.textContent!.trim(),
      reject: part('reject-button')!.textContent!.trim(),
      announced: part('announcer')!.textContent,
    });
    expect(isLocaleLoaded('pt-BR'), "the first render: pt-BR's second part not here yet").to.equal(false);
    const first = ringCard();
    expect(first).to.deep.equal({
      caller: 'Maria Souza · (48) 3200-1000',
      answer: 'Atender',
      reject: 'Rejeitar',
      announced: 'Chamada recebida de Maria Souza · (48) 3200-1000, serviço SAC',
    });
    await el.updateComplete;
    expect(isLocaleLoaded('pt-BR'), 'requested by the first render').to.equal(true);
    expect(ringCard(), 'nothing on the ringing card changed when it arrived').to.deep.equal(first);
    expect(fetched(EXTRAS), 'the in-call parts: not fetched before idle').to.equal(false);
    expect(idle.length, 'their prefetch waits for idle').to.be.greaterThan(0);
    el.remove();
  });

  it('a transfer opened before the chunk arrived waits for it: the prompt renders, styled, and takes focus', async () => {
    const active = makeCall(caps, { id: 'a1', state: 'active', answeredAt: Date.now() });
    const { el, part } = await mount(makeSnapshot({ agent, calls: [active] }));
    expect(fetched(EXTRAS)).to.equal(false);
    part('transfer-button')!.click();
    await el.updateComplete;
    expect(fetched(EXTRAS), 'fetched on demand').to.equal(true);
    const input = part('target-input') as HTMLInputElement;
    expect(input).to.exist;
    expect(el.shadowRoot!.activeElement).to.equal(input);
    expect(part('confirm-button')!.textContent!.trim()).to.equal('Confirmar');
    el.remove();
  });

  it("a conference's participants carry the chunk's styles, and the idle prefetch then loads nothing more", async () => {
    const conf = makeCall(caps, { id: 'k1', state: 'conference', answeredAt: Date.now(), remote: [{ number: '4830000001' }, { number: '4830000002' }] });
    const { el, part } = await mount(makeSnapshot({ agent, calls: [conf] }));
    expect(el.shadowRoot!.querySelectorAll('[part~="party"]')).to.have.length(2);
    expect(getComputedStyle(part('conference-parties')!).listStyleType).to.equal('none');
    const before = performance.getEntriesByType('resource').length;
    for (const run of idle.splice(0)) run();
    await new Promise((r) => setTimeout(r, 50));
    expect(performance.getEntriesByType('resource').length).to.equal(before);
    el.remove();
  });
});
