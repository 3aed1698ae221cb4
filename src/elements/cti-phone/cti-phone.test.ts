import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './cti-phone.js';
import { normalizeNumber, type CtiPhone } from './cti-phone.js';
import { capabilitiesFor } from '../../vendors/capabilities.js';
import { ManualClock } from '../../domain/clock.js';
import { createTactiumAdapter } from '../../vendors/tactium/adapter.js';
import type { SessionSnapshot, VendorId } from '../../domain/model.js';
import { FakeSession, makeCall, makeSnapshot } from '../test-support/fake-session.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';

const XSS = '<img src=x onerror="window.__xss=1">';
const signedIn = (vendor: VendorId = 'interact', patch: Partial<SessionSnapshot> = {}) =>
  makeSnapshot({ agent: { phase: 'ready', since: Date.now(), detail: 'ready_free' }, ...patch }, vendor);
const ringing = (vendor: VendorId = 'interact', extra: Record<string, unknown> = {}) => {
  const caps = capabilitiesFor(vendor);
  return signedIn(vendor, {
    calls: [makeCall(caps, { id: 'c1', state: 'ringing', service: 'SAC', mustAccept: true, data: { Protocolo: '2024-001' }, ...extra })],
  });
};
const twoCalls = (vendor: VendorId = 'interact') => {
  const caps = capabilitiesFor(vendor);
  return signedIn(vendor, {
    calls: [
      makeCall(caps, { id: 'h1', state: 'held', answeredAt: Date.now() - 90_000, remote: [{ number: '4830000001', name: 'João' }] }),
      makeCall(caps, { id: 'a1', state: 'active', answeredAt: Date.now() - 5_000, remote: [{ number: '4830000002' }] }),
    ],
  });
};

/** The text of a lazily loaded data section (`<cti-call-data>`), once it has rendered. */
async function dataText(el: HTMLElement | null): Promise<string> {
  expect(el, 'a data section').to.not.equal(null);
  await customElements.whenDefined('cti-call-data');
  await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return el!.shadowRoot!.textContent ?? '';
}

async function mount(snapshot: SessionSnapshot, width = 480, lang = 'pt-BR') {
  const session = new FakeSession(snapshot);
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style=${`width:${width}px`}><cti-phone lang=${lang} .session=${session}></cti-phone></div>`,
  );
  const el = wrapper.querySelector('cti-phone') as CtiPhone;
  await el.updateComplete;
  const root = el.shadowRoot!;
  return {
    el,
    session,
    root,
    part: (p: string, scope: ParentNode = root) => scope.querySelector<HTMLElement>(`[part~="${p}"]`),
    parts: (p: string, scope: ParentNode = root) => [...scope.querySelectorAll<HTMLElement>(`[part~="${p}"]`)],
    call: (id: string) => root.querySelector<HTMLElement>(`[data-call-id="${id}"]`)!,
  };
}

describe('<cti-phone>', () => {
  failOnLitWarnings();

  describe('accessibility', () => {
    it('idle dialer is accessible (wide and 280px)', async () => {
      await expect((await mount(signedIn())).el).to.be.accessible();
      await expect((await mount(signedIn(), 280)).el).to.be.accessible();
    });
    it('ringing is accessible', async () => {
      await expect((await mount(ringing(), 280)).el).to.be.accessible();
    });
    it('active + held calls with DTMF pad and transfer prompt are accessible', async () => {
      const m = await mount(twoCalls('neon'));
      m.part('dtmf-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      m.part('transfer-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      await expect(m.el).to.be.accessible();
    });
    it('DGPhone lines and an error are accessible, dark too', async () => {
      const m = await mount(
        signedIn('dgphone', {
          lines: [1, 2, 3, 4, 5, 6].map((n) => ({ id: `L${n}`, label: String(n), state: n === 1 ? 'busy' : 'idle', selected: n === 1 })),
          lastError: { code: 'network', at: Date.now() },
        }),
      );
      await expect(m.el).to.be.accessible();
      m.el.theme = 'dark';
      await m.el.updateComplete;
      await expect(m.el).to.be.accessible();
    });
  });

  describe('properties: controls exist only when the action is possible', () => {
    it('ringing: caller id, service, associated data, answer and reject', async () => {
      const m = await mount(ringing());
      const call = m.call('c1');
      expect(m.part('caller', call)!.textContent).to.equal('Maria Souza · (48) 3200-1000');
      expect(m.part('call-service', call)!.textContent).to.contain('SAC');
      expect(await dataText(m.part('call-data', call))).to.contain('2024-001');
      m.part('answer-button', call)!.click();
      m.part('reject-button', call)!.click();
      expect(m.session.commands).to.deep.equal([
        { type: 'answer', callId: 'c1' },
        { type: 'reject', callId: 'c1' },
      ]);
      expect(m.part('hangup-button', call)).to.be.null;
    });

    it('no answer button when the call does not allow it (Catix answers on the extension)', async () => {
      const m = await mount(ringing('catix'));
      expect(m.part('answer-button')).to.be.null;
      expect(m.part('reject-button')).to.be.null;
    });

    it('Catix-like capabilities: no hold button on an active call; transfer present', async () => {
      const caps = capabilitiesFor('catix');
      const m = await mount(signedIn('catix', { calls: [makeCall(caps, { id: 'a1', state: 'active', answeredAt: Date.now() })] }));
      expect(m.part('hold-button')).to.be.null;
      expect(m.part('dtmf-button')).to.be.null;
      expect(m.part('conference-button')).to.be.null;
      expect(m.part('transfer-button')).to.exist;
      expect(m.part('hangup-button')).to.exist;
    });

    it('a call action the capabilities lack is never rendered even if the call claims it', async () => {
      const caps = capabilitiesFor('catix');
      const call = makeCall(caps, { id: 'a1', state: 'active' });
      const m = await mount(signedIn('catix', { calls: [{ ...call, actions: { ...call.actions, hold: true, dtmf: true } }] }));
      expect(m.part('hold-button')).to.be.null;
      expect(m.part('dtmf-button')).to.be.null;
    });

    it('active + held: each call has its own controls and timer', async () => {
      const m = await mount(twoCalls());
      const held = m.call('h1');
      const active = m.call('a1');
      expect(m.part('retrieve-button', held)).to.exist;
      expect(m.part('hold-button', held)).to.be.null;
      expect(m.part('hold-button', active)).to.exist;
      expect(m.part('call-timer', held)!.textContent).to.equal('1:30');
      m.part('hold-button', active)!.click();
      m.part('retrieve-button', held)!.click();
      m.part('conference-button', active)!.click();
      m.part('hangup-button', held)!.click();
      expect(m.session.commands).to.deep.equal([
        { type: 'hold', callId: 'a1' },
        { type: 'retrieve', callId: 'h1' },
        { type: 'conference', callId: 'a1' },
        { type: 'hangup', callId: 'h1' },
      ]);
    });

    it('transfer and consult ask a number', async () => {
      const m = await mount(twoCalls());
      m.part('transfer-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      const input = m.part('target-input') as HTMLInputElement;
      expect(m.el.shadowRoot!.activeElement).to.equal(input);
      (m.part('confirm-button') as HTMLButtonElement).click();
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([]);
      input.value = '(48) 3000-0003';
      input.dispatchEvent(new Event('input'));
      await m.el.updateComplete;
      (m.part('confirm-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([{ type: 'transfer', callId: 'a1', to: '4830000003' }]);
      expect(m.part('target-form')).to.be.null;
      m.part('consult-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      expect(m.part('target-form')!.getAttribute('data-kind')).to.equal('consult');
    });

    it('DTMF pad only when the call allows it (NEON), keys send tones', async () => {
      const m = await mount(twoCalls('neon'));
      expect(m.part('dtmf-button', m.call('h1'))).to.be.null;
      m.part('dtmf-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      m.parts('dtmf-key')[4]!.click();
      expect(m.session.commands).to.deep.equal([{ type: 'dtmf', callId: 'a1', digits: '5' }]);
      expect((await mount(twoCalls('interact'))).part('dtmf-button')).to.be.null;
    });

    it('DGPhone: six lines in a selector; the selected line highlights its call', async () => {
      const caps = capabilitiesFor('dgphone');
      const m = await mount(
        signedIn('dgphone', {
          lines: [1, 2, 3, 4, 5, 6].map((n) => ({ id: `L${n}`, label: String(n), state: n <= 2 ? 'busy' : 'idle', selected: n === 1, ...(n <= 2 ? { callId: `k${n}` } : {}) })),
          calls: [makeCall(caps, { id: 'k1', state: 'active', lineId: 'L1' }), makeCall(caps, { id: 'k2', state: 'held', lineId: 'L2' })],
        }),
      );
      const radios = m.root.querySelectorAll<HTMLInputElement>('[part~="line"] input[type="radio"]');
      expect(radios).to.have.length(6);
      expect(m.call('k1').getAttribute('part')).to.contain('call-selected');
      radios[1]!.click();
      expect(m.session.commands).to.deep.equal([{ type: 'select-line', lineId: 'L2' }]);
      m.session.update({ lines: m.session.snapshot!.lines.map((l) => ({ ...l, selected: l.id === 'L2' })) });
      await m.el.updateComplete;
      expect(m.call('k2').getAttribute('part')).to.contain('call-selected');
      expect(m.call('k1').getAttribute('part')).not.to.contain('call-selected');
    });

    it('single-line vendors show no line selector', async () => {
      const m = await mount(signedIn('interact', { lines: [{ id: 'L1', label: '1', state: 'idle', selected: true }] }));
      expect(m.part('lines')).to.be.null;
    });
  });

  describe('NEON (SIP softphone) capabilities', () => {
    const neonCaps = capabilitiesFor('neon');
    const neonCall = (id: string, state: 'dialing' | 'ringing' | 'active' | 'held') =>
      makeCall(neonCaps, { id, state, ...(state === 'active' || state === 'held' ? { answeredAt: Date.now() - 10_000 } : {}) });
    const buttons = (m: Awaited<ReturnType<typeof mount>>, id: string) =>
      [...m.call(id).querySelectorAll('[part~="call-actions"] button')].map((b) => b.getAttribute('part'));

    it('each call offers exactly what NEON and the call state allow; never consult or conference', async () => {
      const m = await mount(signedIn('neon', { calls: [neonCall('r1', 'ringing'), neonCall('a1', 'active'), neonCall('h1', 'held'), neonCall('d1', 'dialing')] }));
      expect(buttons(m, 'r1')).to.deep.equal(['answer-button', 'reject-button']);
      expect(buttons(m, 'a1')).to.deep.equal(['hold-button', 'transfer-button', 'dtmf-button', 'hangup-button']);
      expect(buttons(m, 'h1')).to.deep.equal(['retrieve-button', 'transfer-button', 'hangup-button']);
      expect(buttons(m, 'd1')).to.deep.equal(['hangup-button']);
      expect(m.part('consult-button')).to.be.null;
      expect(m.part('conference-button')).to.be.null;
      expect(m.part('dialer')).to.exist;
      expect(m.part('lines')).to.be.null;
    });

    it('answer, reject, hold, retrieve, transfer, DTMF and hang up send their commands', async () => {
      const m = await mount(signedIn('neon', { calls: [neonCall('r1', 'ringing'), neonCall('a1', 'active'), neonCall('h1', 'held')] }));
      m.part('answer-button', m.call('r1'))!.click();
      m.part('reject-button', m.call('r1'))!.click();
      m.part('hold-button', m.call('a1'))!.click();
      m.part('retrieve-button', m.call('h1'))!.click();
      m.part('dtmf-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      m.parts('dtmf-key', m.call('a1'))[9]!.click();
      m.part('transfer-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      const input = m.part('target-input') as HTMLInputElement;
      input.value = '2002';
      input.dispatchEvent(new Event('input'));
      await m.el.updateComplete;
      (m.part('confirm-button') as HTMLButtonElement).click();
      await aTimeout(0);
      m.part('hangup-button', m.call('h1'))!.click();
      expect(m.session.commands).to.deep.equal([
        { type: 'answer', callId: 'r1' },
        { type: 'reject', callId: 'r1' },
        { type: 'hold', callId: 'a1' },
        { type: 'retrieve', callId: 'h1' },
        { type: 'dtmf', callId: 'a1', digits: '*' },
        { type: 'transfer', callId: 'a1', to: '2002' },
        { type: 'hangup', callId: 'h1' },
      ]);
    });

    const unregistered = (lang?: string) => mount(makeSnapshot({ agent: { phase: 'logged-out', since: Date.now(), detail: 'sip-unregistered' } }, 'neon'), 480, lang);

    it('not registered: the dialer says to register first and dials nothing (no 601 round trip)', async () => {
      const m = await unregistered();
      const hint = m.part('dial-hint')!;
      expect(hint.textContent).to.equal('Registre a conta SIP para fazer ligações.');
      const button = m.part('dial-button')!;
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(button.getAttribute('aria-describedby')).to.equal(hint.id);
      let requests = 0;
      m.el.addEventListener('cti-dial-request', () => requests++);
      (m.part('number-input') as HTMLInputElement).focus();
      await sendKeys({ type: '2002' });
      await sendKeys({ press: 'Enter' });
      button.click();
      expect(await m.el.dial('4830000000')).to.equal(false);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([]);
      expect(requests).to.equal(0);
      expect((m.part('number-input') as HTMLInputElement).value, 'the typed number is kept').to.equal('2002');
      expect(m.part('notice')!.textContent).to.equal('Ligação não feita: registre a conta SIP primeiro.');
    });

    it('once registered the hint goes and the kept number dials', async () => {
      const m = await unregistered();
      (m.part('number-input') as HTMLInputElement).focus();
      await sendKeys({ type: '2002' });
      m.session.update({ agent: { phase: 'ready', since: Date.now(), detail: 'sip-registered', agentId: '1001' } });
      await m.el.updateComplete;
      expect(m.part('dial-hint')).to.be.null;
      expect(m.part('dial-button')!.hasAttribute('aria-disabled')).to.equal(false);
      m.part('dial-button')!.click();
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '2002' }]);
    });

    it('the hint reads in en and es; agent sign-in vendors are unchanged when logged out', async () => {
      expect((await unregistered('en')).part('dial-hint')!.textContent).to.equal('Register the SIP account to make calls.');
      expect((await unregistered('es')).part('dial-hint')!.textContent).to.equal('Registre la cuenta SIP para hacer llamadas.');
      const interact = await mount(makeSnapshot());
      expect(interact.part('dial-hint')).to.be.null;
      expect(interact.part('dial-button')!.hasAttribute('aria-disabled')).to.equal(false);
      expect(await interact.el.dial('123')).to.equal(true);
    });

    it('not registered is accessible', async () => {
      await expect((await unregistered()).el).to.be.accessible();
      const m = await unregistered();
      await m.el.dial('123');
      await m.el.updateComplete;
      await expect(m.el).to.be.accessible();
    });
  });

  describe('vendor capabilities: DGPhone lines', () => {
    const dg = capabilitiesFor('dgphone');
    const STATES = ['busy', 'held', 'ringing', 'idle', 'idle', 'idle'] as const;
    const sixLines = (selected = 'L1') =>
      signedIn('dgphone', {
        lines: STATES.map((state, i) => ({ id: `L${i + 1}`, label: String(i + 1), state, selected: `L${i + 1}` === selected })),
        calls: [
          makeCall(dg, { id: 'k1', state: 'active', lineId: 'L1', answeredAt: Date.now() }),
          makeCall(dg, { id: 'k2', state: 'held', lineId: 'L2', answeredAt: Date.now(), remote: [{ number: '2002' }] }),
          makeCall(dg, { id: 'k3', state: 'ringing', lineId: 'L3', remote: [{ number: '2003' }] }),
        ],
      });

    it('a strip of six lines: a labelled radio group with each state, the selected one checked and marked', async () => {
      const m = await mount(sixLines());
      const strip = m.part('lines')!;
      expect(strip.tagName).to.equal('FIELDSET');
      expect(strip.querySelector('legend')!.textContent).to.equal('Linhas');
      const lines = m.parts('line');
      expect(lines.map((l) => l.textContent!.trim())).to.deep.equal([
        'Linha 1: ocupada',
        'Linha 2: em espera',
        'Linha 3: tocando',
        'Linha 4: livre',
        'Linha 5: livre',
        'Linha 6: livre',
      ]);
      expect(lines.map((l) => l.dataset['state'])).to.deep.equal([...STATES]);
      expect(m.parts('line-selected')).to.deep.equal([lines[0]]);
      expect(lines.map((l) => l.querySelector('input')!.checked)).to.deep.equal([true, false, false, false, false, false]);
    });

    it('each call says its line; actions are per call (hold and DTMF: DGPhone has them; no transfer)', async () => {
      const m = await mount(sixLines());
      expect(m.part('call-line', m.call('k2'))!.textContent).to.equal('Linha 2');
      expect(m.part('call-line', m.call('k3'))!.textContent).to.equal('Linha 3');
      expect(m.part('hold-button', m.call('k1'))).to.exist;
      expect(m.part('dtmf-button', m.call('k1'))).to.exist;
      expect(m.part('retrieve-button', m.call('k2'))).to.exist;
      expect(m.part('answer-button', m.call('k3'))).to.exist;
      expect(m.part('transfer-button')).to.be.null;
      m.part('retrieve-button', m.call('k2'))!.click();
      m.part('answer-button', m.call('k3'))!.click();
      expect(m.session.commands).to.deep.equal([
        { type: 'retrieve', callId: 'k2' },
        { type: 'answer', callId: 'k3' },
      ]);
      expect((await mount(twoCalls('interact'))).part('call-line'), 'single-line vendors: no line label').to.be.null;
    });

    it('keyboard: one Tab stop, arrow keys select the next line (select-line sent)', async () => {
      const m = await mount(sixLines());
      const radios = m.parts('line').map((l) => l.querySelector('input')!);
      radios[0]!.focus();
      await sendKeys({ press: 'ArrowDown' });
      expect(m.root.activeElement).to.equal(radios[1]);
      expect(m.session.commands).to.deep.equal([{ type: 'select-line', lineId: 'L2' }]);
      m.session.update({ lines: sixLines('L2').lines });
      await m.el.updateComplete;
      expect(m.parts('line-selected')[0]!.dataset['state']).to.equal('held');
      expect(m.call('k2').getAttribute('part')).to.contain('call-selected');
      await sendKeys({ press: 'Tab' });
      expect(radios, 'Tab leaves the group').not.to.include(m.root.activeElement);
    });

    it('a refused selection shows the selected line again, and the error', async () => {
      const m = await mount(sixLines());
      m.session.rejectWith = { code: 'command-failed', at: Date.now(), operation: 'select-line' };
      const radios = m.parts('line').map((l) => l.querySelector('input')!);
      radios[3]!.click();
      await aTimeout(0);
      await m.el.updateComplete;
      expect(radios.map((r) => r.checked)).to.deep.equal([true, false, false, false, false, false]);
      expect(m.part('error-message')!.textContent).to.equal('O comando falhou.');
    });

    it('lines with calls are accessible (light and dark)', async () => {
      const m = await mount(sixLines());
      await expect(m.el).to.be.accessible();
      m.el.theme = 'dark';
      await m.el.updateComplete;
      await expect(m.el).to.be.accessible();
    });
  });

  describe('vendor capabilities: Catix (transfer list, redial, notices)', () => {
    const catix = capabilitiesFor('catix');
    const TARGETS = [
      { id: '301', name: 'Suporte' },
      { id: '302', name: '<b>Financeiro</b>' },
    ];
    const inCall = (patch: Partial<SessionSnapshot> = {}) =>
      signedIn('catix', { calls: [makeCall(catix, { id: 'a1', state: 'active', answeredAt: Date.now() })], transferTargets: TARGETS, ...patch });

    it('transfer offers the listed destinations (text) and sends the chosen one as a target', async () => {
      const m = await mount(inCall());
      m.part('transfer-button')!.click();
      await m.el.updateComplete;
      const select = m.part('target-select') as HTMLSelectElement;
      expect(m.root.activeElement, 'the destination list has focus').to.equal(select);
      expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['Outro número (digitar)', 'Suporte', '<b>Financeiro</b>']);
      expect(m.root.querySelector('b')).to.be.null;
      await expect(m.el).to.be.accessible();
      select.value = '302';
      select.dispatchEvent(new Event('change'));
      await m.el.updateComplete;
      expect(m.part('target-input'), 'no number to type for a listed destination').to.be.null;
      m.part('confirm-button')!.click();
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'transfer', callId: 'a1', to: '302', toTarget: true }]);
    });

    it('or a typed number (to = the number, no toTarget)', async () => {
      const m = await mount(inCall());
      m.part('transfer-button')!.click();
      await m.el.updateComplete;
      (m.part('target-input') as HTMLInputElement).focus();
      await sendKeys({ type: '0 48 3000-1111' });
      await sendKeys({ press: 'Enter' });
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'transfer', callId: 'a1', to: '04830001111' }]);
    });

    it('no list when the vendor lists no destinations, or has no such capability', async () => {
      const empty = await mount(inCall({ transferTargets: [] }));
      empty.part('transfer-button')!.click();
      await empty.el.updateComplete;
      expect(empty.part('target-select')).to.be.null;
      const neon = capabilitiesFor('neon');
      const m = await mount(signedIn('neon', { calls: [makeCall(neon, { id: 'a1', state: 'active' })], transferTargets: TARGETS }));
      m.part('transfer-button')!.click();
      await m.el.updateComplete;
      expect(m.part('target-select')).to.be.null;
    });

    it('Redial (Catix only) only when there is a number to redial; sends redial', async () => {
      const out = { id: 'r1', direction: 'outbound' as const, number: '4830001111', startedAt: 0, endedAt: 1, outcome: 'answered' as const };
      const inbound = { ...out, id: 'r0', direction: 'inbound' as const, number: '4830002222' };
      expect((await mount(signedIn('catix'))).part('redial-button'), 'nothing dialled yet').to.be.null;
      expect((await mount(signedIn('catix', { recentCalls: [inbound] }))).part('redial-button'), 'only received calls').to.be.null;
      const m = await mount(signedIn('catix', { recentCalls: [inbound, out] }));
      const redial = m.part('redial-button')!;
      expect(redial.textContent).to.equal('Rediscar');
      expect(redial.title, 'the number it calls').to.equal('(48) 3000-1111');
      redial.click();
      expect(m.session.commands).to.deep.equal([{ type: 'redial' }]);
      for (const vendor of ['interact', 'neon', 'dgphone', 'tactium'] as const) {
        expect((await mount(signedIn(vendor, { recentCalls: [out] }))).part('redial-button'), vendor).to.be.null;
      }
    });

    const NOTICE = { id: 'ag-7', kind: 'scheduled-call' as const, at: Date.now(), dueAt: new Date(2026, 4, 14, 15, 30).getTime(), data: { 'agendamento-id': '7', contato: '<b>Ana</b>' } };

    it('notices: title with the due time, fields as text, Dismiss sends dismiss-notice', async () => {
      const m = await mount(signedIn('catix', { notices: [NOTICE, { id: 'ag-8', kind: 'scheduled-call', at: Date.now(), data: {} }] }));
      const cards = m.parts('notice-card');
      expect(cards).to.have.length(2);
      expect(m.part('notice-title', cards[0])!.textContent).to.equal('Ligação agendada para 14/05/2026, 15:30');
      expect(m.part('notice-title', cards[1])!.textContent).to.equal('Ligação agendada');
      expect(await dataText(m.part('notice-data', cards[0]))).to.contain('<b>Ana</b>');
      expect(m.part('notice-data', cards[1]), 'no empty list').to.be.null;
      expect(m.root.querySelector('b')).to.be.null;
      m.part('notice-dismiss', cards[0])!.click();
      expect(m.session.commands).to.deep.equal([{ type: 'dismiss-notice', id: 'ag-7' }]);
      await expect(m.el).to.be.accessible();
      m.el.theme = 'dark';
      await m.el.updateComplete;
      await expect(m.el).to.be.accessible();
    });

    it('keyboard: Dismiss with Enter; focus stays in the notices while some remain, then goes to the number field', async () => {
      const m = await mount(signedIn('catix', { notices: [NOTICE, { ...NOTICE, id: 'ag-8' }] }));
      m.parts('notice-dismiss')[0]!.focus();
      await sendKeys({ press: 'Enter' });
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dismiss-notice', id: 'ag-7' }]);
      expect(m.root.activeElement).to.equal(m.part('notices'));
      m.session.update({ notices: [{ ...NOTICE, id: 'ag-8' }] });
      await m.el.updateComplete;
      expect(m.root.activeElement).to.equal(m.part('notices'));
      await dataText(m.part('notice-data'));
      await sendKeys({ press: 'Tab' });
      expect(m.root.activeElement, 'the fields (a disclosure) first').to.equal(m.part('notice-data'));
      await sendKeys({ press: 'Tab' });
      expect(m.root.activeElement).to.equal(m.part('notice-dismiss'));
      await sendKeys({ press: 'Space' });
      await aTimeout(0);
      expect(m.session.commands.at(-1)).to.deep.equal({ type: 'dismiss-notice', id: 'ag-8' });
      expect(m.root.activeElement).to.equal(m.part('number-input'));
    });

    it('a new notice is announced politely, once', async () => {
      const m = await mount(signedIn('catix'));
      const region = m.part('polite-announcer')!;
      expect(region.getAttribute('role')).to.equal('status');
      expect(region.textContent).to.equal('');
      m.session.update({ notices: [NOTICE] });
      await m.el.updateComplete;
      expect(region.textContent).to.equal('Ligação agendada para 14/05/2026, 15:30');
      m.session.update({ notices: [NOTICE, { ...NOTICE, id: 'ag-9', dueAt: undefined }] } as Partial<SessionSnapshot>);
      await m.el.updateComplete;
      expect(region.textContent).to.equal('Ligação agendada');
    });

    it('notices in en and es', async () => {
      const en = await mount(signedIn('catix', { notices: [NOTICE] }), 480, 'en');
      expect(en.part('notice-title')!.textContent).to.equal('Scheduled call due 5/14/26, 3:30 PM');
      expect(en.part('notice-dismiss')!.textContent).to.equal('Dismiss');
      const es = await mount(signedIn('catix', { notices: [NOTICE] }), 480, 'es');
      expect(es.part('notice-dismiss')!.textContent).to.equal('Descartar');
    });
  });

  describe('vendor capabilities: Tactium (service, dialer tools)', () => {
    const tactium = capabilitiesFor('tactium');
    const dialerCall = (data: Record<string, string> = {}) =>
      signedIn('tactium', { agent: { phase: 'busy', since: Date.now(), detail: '3' }, calls: [makeCall(tactium, { id: 't1', state: 'active', direction: 'outbound', answeredAt: Date.now(), data, detail: 'dialer' })] });

    async function mountWith(snapshot: SessionSnapshot, attrs = '') {
      const session = new FakeSession(snapshot);
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.innerHTML = `<cti-phone ${attrs}></cti-phone>`;
      const el = wrapper.firstElementChild as CtiPhone;
      el.session = session;
      await el.updateComplete;
      return { el, session, part: (p: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${p}"]`) };
    }

    it('service is required (requireService): nothing is dialled without it, the field says so and gets focus', async () => {
      const m = await mount(signedIn('tactium', { capabilities: { ...tactium, dialService: 'required' } }));
      const service = m.part('service-input') as HTMLInputElement;
      expect(service.getAttribute('aria-required')).to.equal('true');
      expect(service.closest('label')!.textContent!.trim()).to.equal('Serviço ou campanha');
      (m.part('number-input') as HTMLInputElement).focus();
      await sendKeys({ type: '4830001234' });
      await sendKeys({ press: 'Enter' });
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([]);
      expect(service.getAttribute('aria-invalid')).to.equal('true');
      expect(m.part('form-error')!.textContent).to.equal('Informe o serviço ou a campanha.');
      expect(service.getAttribute('aria-describedby')).to.equal(m.part('form-error')!.id);
      expect(m.root.activeElement).to.equal(service);
      expect(await m.el.dial('4830001234')).to.equal(false);
      await sendKeys({ type: 'Cobrança' });
      m.part('dial-button')!.click();
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '4830001234', service: 'Cobrança' }]);
    });

    it('default-service prefills it; the dial request carries it', async () => {
      const m = await mountWith(signedIn('tactium'), 'default-service="Vendas"');
      expect((m.part('service-input') as HTMLInputElement).value).to.equal('Vendas');
      setTimeout(() => m.el.dial('4830001234'));
      const event = await oneEvent(m.el, 'cti-dial-request');
      expect(event.detail).to.deep.equal({ number: '4830001234', source: 'api', service: 'Vendas' });
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '4830001234', service: 'Vendas' }]);
    });

    it('optional (Interact): labelled optional, not sent when empty; none at all for NEON even with default-service', async () => {
      const m = await mount(signedIn('interact'));
      const service = m.part('service-input') as HTMLInputElement;
      expect(service.getAttribute('aria-required')).to.equal('false');
      expect(service.closest('label')!.textContent!.trim()).to.equal('Serviço ou campanha (opcional)');
      expect(await m.el.dial('123')).to.equal(true);
      const neon = await mountWith(signedIn('neon', { agent: { phase: 'ready', since: Date.now(), detail: 'sip-registered' } }), 'default-service="Vendas"');
      expect(neon.part('service-input')).to.be.null;
      expect(await neon.el.dial('123')).to.equal(true);
      expect([...m.session.commands, ...neon.session.commands]).to.deep.equal([
        { type: 'dial', to: '123' },
        { type: 'dial', to: '123' },
      ]);
    });

    it("the adapter's options.defaultService makes the field optional, with the default as placeholder; an empty field leaves it to the adapter", async () => {
      const adapterCaps = (options: Record<string, string | boolean>) =>
        createTactiumAdapter(
          { vendor: 'tactium', server: 'ws://relay.test/?token=t', agent: 'jose', options },
          { emit: () => undefined, log: () => undefined, clock: new ManualClock() },
          { fetch, EventSource, WebSocket, random: Math.random },
        ).capabilities;
      const m = await mount(signedIn('tactium', { capabilities: adapterCaps({ defaultService: 'Vendas' }) }));
      const service = m.part('service-input') as HTMLInputElement;
      expect(service.getAttribute('aria-required')).to.equal('false');
      expect(service.closest('label')!.textContent!.trim()).to.equal('Serviço ou campanha (opcional)');
      expect(service.placeholder).to.equal('Vendas');
      expect(service.value).to.equal('');
      expect(await m.el.dial('4830001234')).to.equal(true);
      expect(m.part('form-error')).to.be.null;
      // A typed service still wins.
      service.focus();
      await sendKeys({ type: 'Cobrança' });
      expect(await m.el.dial('4830001234')).to.equal(true);
      expect(m.session.commands).to.deep.equal([
        { type: 'dial', to: '4830001234' },
        { type: 'dial', to: '4830001234', service: 'Cobrança' },
      ]);
      // Without a default: optional too (seed 4.9, a blank service links the call to none), no placeholder…
      const blank = await mount(signedIn('tactium', { capabilities: adapterCaps({}) }));
      expect((blank.part('service-input') as HTMLInputElement).getAttribute('aria-required')).to.equal('false');
      expect((blank.part('service-input') as HTMLInputElement).hasAttribute('placeholder')).to.equal(false);
      expect(await blank.el.dial('4830001234')).to.equal(true);
      // …and required when the administrator asks for it (requireService) with no default.
      const plain = await mount(signedIn('tactium', { capabilities: adapterCaps({ requireService: true }) }));
      const required = plain.part('service-input') as HTMLInputElement;
      expect(required.getAttribute('aria-required')).to.equal('true');
      expect(required.hasAttribute('placeholder')).to.equal(false);
      expect(await plain.el.dial('4830001234')).to.equal(false);
    });

    it('call data (dialer contact data, recording path): labelled, as text, the CPF masked; long values wrap at separators', async () => {
      const path = '\\\\gravador\\' + 'gravacoes\\'.repeat(30) + 'x.wav';
      const m = await mount(dialerCall({ '<b>cpf</b>': '<b>123</b>', 'dialer.CampaignName': 'Cobrança', gravacao: path, 'cod-vinculo-gravacao': '12345678909' }), 280);
      const section = m.part('call-data')!;
      await dataText(section);
      const list = section.shadowRoot!.querySelector('dl')!;
      expect([...list.querySelectorAll('dt')].map((d) => d.textContent)).to.deep.equal(['<b>cpf</b>', 'Campanha', 'Gravação', 'Vínculo da gravação']);
      expect([...list.querySelectorAll('dd')].map((d) => d.textContent)).to.deep.equal(['••••••</b>', 'Cobrança', path, '•••.•••.•89-09']);
      expect(m.root.querySelector('b')).to.be.null;
      expect(section.shadowRoot!.querySelector('b')).to.be.null;
      expect(list.scrollWidth, 'no horizontal overflow').to.be.at.most(list.clientWidth);
      // The path wraps after its separators only: every line of it starts right after a backslash.
      const dd = list.querySelectorAll('dd')[2]!;
      const range = document.createRange();
      range.selectNodeContents(dd);
      expect(range.getClientRects().length, 'wrapped').to.be.greaterThan(1);
    });

    it('dialer tools during the call: outcomes translated, the chosen one sent for the call', async () => {
      const m = await mount(dialerCall());
      const select = m.part('outcome-select') as HTMLSelectElement;
      expect([...select.options].map((o) => [o.value, o.textContent!.trim()])).to.deep.equal([
        ['', 'Escolha um resultado'],
        ['BloquedPhone', 'Telefone bloqueado'],
        ['OutOfArea', 'Fora da área de serviço'],
        ['EletronicResponse', 'Secretária eletrônica'],
        ['Fax', 'Fax'],
      ]);
      m.part('outcome-button')!.click();
      await aTimeout(0);
      expect(m.session.commands, 'required: nothing chosen, nothing sent').to.deep.equal([]);
      select.value = 'EletronicResponse';
      m.part('outcome-button')!.click();
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([{ type: 'dialer-outcome', outcome: 'EletronicResponse', callId: 't1' }]);
      const sent = m.part('tools-status')!;
      expect(sent.textContent, 'no visible effect otherwise: the tools confirm it was sent').to.equal('Resultado informado: Secretária eletrônica.');
      expect(sent.getAttribute('role')).to.equal('status');
      expect(m.part('dialer-tools')!.contains(sent)).to.equal(true);
      await expect(m.el).to.be.accessible();
    });

    it('schedule a callback: the number comes from the call; date, time and an optional agent', async () => {
      const m = await mount(dialerCall());
      const details = m.part('callback') as HTMLDetailsElement;
      const marker = () => getComputedStyle(details.querySelector('summary')!, '::before').content;
      expect(details.open).to.equal(false);
      expect(marker(), 'the disclosure marker the call data has').to.equal('"▸"');
      details.querySelector('summary')!.focus();
      await sendKeys({ press: 'Enter' });
      expect(details.open).to.equal(true);
      expect(marker()).to.equal('"▾"');
      expect((m.part('callback-number-input') as HTMLInputElement).value).to.equal('4832001000');
      (m.part('callback-at-input') as HTMLInputElement).value = '2026-05-14T15:30';
      m.part('callback-button')!.click();
      await aTimeout(0);
      (m.part('callback-agent-input') as HTMLInputElement).value = ' maria ';
      m.part('callback-button')!.click();
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([
        { type: 'schedule-callback', at: '2026-05-14T15:30', number: '4832001000' },
        { type: 'schedule-callback', at: '2026-05-14T15:30', number: '4832001000', agent: 'maria' },
      ]);
      expect(m.part('tools-status')!.textContent).to.equal('Retorno agendado.');
      await expect(m.el).to.be.accessible();
    });

    it('right after the call (after-call work) the tools stay, without a call id; gone once ready again', async () => {
      const m = await mount(dialerCall());
      m.session.update({ calls: [], agent: { phase: 'after-call', since: Date.now(), detail: '4' } });
      await m.el.updateComplete;
      const select = m.part('outcome-select') as HTMLSelectElement;
      select.value = 'Fax';
      m.part('outcome-button')!.click();
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dialer-outcome', outcome: 'Fax' }]);
      m.session.update({ agent: { phase: 'ready', since: Date.now(), detail: '1' } });
      await m.el.updateComplete;
      expect(m.part('dialer-tools')).to.be.null;
    });

    it("no dialer tools under the agent's own call (a manual dial, a receptive call), during nor after it; a dialer call keeps them while its detail changes", async () => {
      const manual = await mount(signedIn('tactium', { agent: { phase: 'busy', since: Date.now(), detail: '3' }, calls: [makeCall(tactium, { id: 't2', state: 'active', direction: 'outbound', answeredAt: Date.now(), detail: 'outbound' })] }));
      expect(manual.part('dialer-tools'), 'a manual dial').to.be.null;
      manual.session.update({ calls: [makeCall(tactium, { id: 't3', state: 'active', direction: 'inbound', answeredAt: Date.now(), detail: 'inbound' })] });
      await manual.el.updateComplete;
      expect(manual.part('dialer-tools'), 'a receptive call').to.be.null;
      manual.session.update({ calls: [], agent: { phase: 'after-call', since: Date.now(), detail: '4' } });
      await manual.el.updateComplete;
      expect(manual.part('dialer-tools'), 'after it').to.be.null;
      const dialer = await mount(dialerCall());
      expect(dialer.part('dialer-tools')).to.not.be.null;
      dialer.session.update({ calls: [makeCall(tactium, { id: 't1', state: 'active', direction: 'outbound', answeredAt: Date.now(), detail: 'unconfirmed' })] });
      await dialer.el.updateComplete;
      expect(dialer.part('dialer-tools'), 'the same call, its link unconfirmed').to.not.be.null;
    });

    it('no dialer tools before any call, nor for vendors without them', async () => {
      expect((await mount(signedIn('tactium'))).part('dialer-tools')).to.be.null;
      for (const vendor of ['interact', 'neon', 'catix', 'dgphone'] as const) {
        const caps = capabilitiesFor(vendor);
        expect((await mount(signedIn(vendor, { calls: [makeCall(caps, { id: 'x', state: 'active' })] }))).part('dialer-tools'), vendor).to.be.null;
      }
    });

    it('outcome labels in en and es', async () => {
      const label = async (lang: string) => {
        const m = await mount(dialerCall(), 480, lang);
        return [...(m.part('outcome-select') as HTMLSelectElement).options].slice(1).map((o) => o.textContent!.trim());
      };
      expect(await label('en')).to.deep.equal(['Blocked phone', 'Out of service area', 'Answering machine', 'Fax']);
      expect(await label('es')).to.deep.equal(['Teléfono bloqueado', 'Fuera de cobertura', 'Contestador automático', 'Fax']);
    });
  });

  describe('Interact: consultation, conference, transfer', () => {
    const caps = capabilitiesFor('interact');
    const me = { phase: 'busy' as const, since: Date.now(), detail: 'ready_service', agentId: '1001', extension: '2001' };
    const consulting = () =>
      signedIn('interact', {
        agent: me,
        calls: [
          makeCall(caps, { id: 'K1', state: 'held', answeredAt: Date.now() - 60_000, remote: [{ number: '4830001111' }], consultationId: 'K2' }),
          makeCall(caps, { id: 'K2', state: 'active', direction: 'outbound', answeredAt: Date.now() - 3_000, remote: [{ number: '2005' }], consultationOf: 'K1' }),
        ],
      });
    const conference = (owner = '1001') =>
      signedIn('interact', {
        agent: me,
        calls: [
          makeCall(caps, {
            id: 'K3',
            state: 'conference',
            answeredAt: Date.now() - 61_000,
            remote: [{ number: '4830001111' }, { number: '2005' }],
            conferenceOwner: owner,
          }),
        ],
      });

    it('the consultation leg shows the number dialled, marked as a consultation, and its answered state', async () => {
      const m = await mount(consulting());
      const leg = m.call('K2');
      expect(m.part('caller', leg)!.textContent).to.equal('2005');
      expect(m.part('call-state', leg)!.textContent).to.equal('Em conversa');
      expect(m.part('call-consultation', leg)!.textContent).to.equal('Consulta');
      expect(m.part('call-consultation', m.call('K1'))).to.equal(null);
    });

    it('a conference is one card listing its parties, each removable by the owner (drop-party sent), live', async () => {
      const m = await mount(consulting());
      expect(m.parts('call')).to.have.length(2);
      m.session.update({ calls: conference().calls });
      await m.el.updateComplete;
      const cards = m.parts('call');
      expect(cards, 'exactly one card').to.have.length(1);
      const card = m.call('K3');
      expect(card.dataset['state']).to.equal('conference');
      expect(m.part('call-state', card)!.textContent).to.equal('Em conferência');
      expect(m.part('conference-parties', card)!.getAttribute('aria-label')).to.equal('Participantes');
      expect(m.parts('party-number', card).map((e) => e.textContent)).to.deep.equal(['(48) 3000-1111', '2005']);
      expect(m.part('conference-owner', card)!.textContent).to.equal('Conduzida por 1001');
      const drops = m.parts('drop-party-button', card);
      expect(drops.map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Remover (48) 3000-1111 da conferência', 'Remover 2005 da conferência']);
      drops[1]!.click();
      expect(m.session.commands.at(-1)).to.deep.equal({ type: 'drop-party', callId: 'K3', party: '2005' });
      // The server removes the party: the card follows, and the last party cannot be dropped (hang up instead).
      m.session.update({ calls: [{ ...conference().calls[0]!, remote: [{ number: '4830001111' }] }] });
      await m.el.updateComplete;
      expect(m.parts('party-number', m.call('K3')).map((e) => e.textContent)).to.deep.equal(['(48) 3000-1111']);
      expect(m.parts('drop-party-button')).to.have.length(0);
      expect(m.part('hangup-button', m.call('K3'))).to.exist;
    });

    it('only the conference owner may remove parties', async () => {
      const m = await mount(conference('1002'));
      expect(m.parts('party-number')).to.have.length(2);
      expect(m.parts('drop-party-button')).to.have.length(0);
    });

    it('a transferred call says to whom (not a plain "ended"), in pt-BR, en and es', async () => {
      const transferred = signedIn('interact', {
        calls: [makeCall(caps, { id: 'T1', state: 'ended', endedAt: Date.now(), remote: [{ number: '4830001111' }], transferredTo: 'Maria' })],
      });
      for (const [lang, text] of [['pt-BR', 'Transferida para Maria'], ['en', 'Transferred to Maria'], ['es', 'Transferida a Maria']] as const) {
        const m = await mount(transferred, 480, lang);
        expect(m.part('call-state', m.call('T1'))!.textContent).to.equal(text);
      }
      const plain = await mount(signedIn('interact', { calls: [makeCall(caps, { id: 'E1', state: 'ended', endedAt: Date.now() })] }));
      expect(plain.part('call-state', plain.call('E1'))!.textContent).to.equal('Encerrada');
    });

    it('conference and transferred cards are accessible at 280px, light and dark', async () => {
      const both = signedIn('interact', {
        agent: me,
        calls: [...conference().calls, makeCall(caps, { id: 'T1', state: 'ended', endedAt: Date.now(), transferredTo: '4830009999' })],
      });
      const m = await mount(both, 280);
      await expect(m.el).to.be.accessible();
      m.el.theme = 'dark';
      await m.el.updateComplete;
      await expect(m.el).to.be.accessible();
    });
  });

  describe('events', () => {
    it('a command with no session at all is shown and fired as exactly one cti-error (the element is the only reporter)', async () => {
      const m = await mount(signedIn());
      const fired: Event[] = [];
      const wrapper = m.el.parentElement!;
      wrapper.addEventListener('cti-error', (e) => fired.push(e));
      m.el.session = undefined;
      await m.el.updateComplete;
      // The session can go away between a render and a click: reach the action the buttons call.
      const ok = await (m.el as unknown as { run(c: { type: 'dial'; to: string }): Promise<boolean> }).run({ type: 'dial', to: '4830000000' });
      await m.el.updateComplete;
      expect(ok).to.equal(false);
      expect(fired).to.have.length(1);
      expect((fired[0] as CustomEvent & { command?: string }).command).to.equal('dial');
      expect((fired[0] as CustomEvent).detail).to.deep.include({ code: 'not-connected', operation: 'dial' });
    });

    it('dial fires cti-dial-request then dials', async () => {
      const m = await mount(signedIn());
      setTimeout(() => m.el.dial('48 3000-0000'));
      const event = await oneEvent(m.el, 'cti-dial-request');
      expect(event.detail).to.deep.equal({ number: '4830000000', source: 'api' });
      expect(event.cancelable && event.bubbles && event.composed).to.equal(true);
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '4830000000' }]);
    });

    it('a cancelled cti-dial-request prevents the dial', async () => {
      const m = await mount(signedIn());
      m.el.addEventListener('cti-dial-request', (e) => e.preventDefault());
      expect(await m.el.dial('123')).to.equal(false);
      expect(m.session.commands).to.deep.equal([]);
      await m.el.updateComplete;
      expect(m.part('notice')!.textContent).to.contain('cancelada');
    });

    it('a failed dial is caught and shown', async () => {
      const m = await mount(signedIn());
      m.session.rejectWith = { code: 'not-connected', at: Date.now(), operation: 'dial' };
      expect(await m.el.dial('123')).to.equal(false);
      await m.el.updateComplete;
      expect(m.part('error-message')!.textContent).to.equal('Sem conexão: o comando não foi enviado.');
    });
  });

  describe('keyboard', () => {
    it('typing digits in the number field and Enter dials', async () => {
      const m = await mount(signedIn());
      (m.part('number-input') as HTMLInputElement).focus();
      await sendKeys({ type: '4832' });
      await sendKeys({ press: 'Backspace' });
      await sendKeys({ press: 'Enter' });
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '483' }]);
    });

    it('typing on the dial pad appends digits, Backspace deletes', async () => {
      const m = await mount(signedIn());
      m.parts('dialpad-key')[0]!.focus();
      await sendKeys({ type: '12#' });
      await sendKeys({ press: 'Backspace' });
      await m.el.updateComplete;
      expect((m.part('number-input') as HTMLInputElement).value).to.equal('12');
      await sendKeys({ press: 'Enter' }); // activates the focused key "1"
      await m.el.updateComplete;
      expect((m.part('number-input') as HTMLInputElement).value).to.equal('121');
      m.part('dial-button')!.click();
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '121' }]);
    });

    it('Tab reaches every control in order', async () => {
      const m = await mount(ringing());
      await dataText(m.part('call-data'));
      // The call data section is one stop (its summary, in its own shadow root).
      const focusables = [...m.root.querySelectorAll<HTMLElement>('button, input, select, textarea, cti-call-data')];
      const seen: Element[] = [];
      focusables[0]!.focus();
      seen.push(m.root.activeElement!);
      for (let i = 1; i < focusables.length; i++) {
        await sendKeys({ press: 'Tab' });
        seen.push(m.root.activeElement!);
      }
      expect(seen).to.deep.equal(focusables);
    });

    it('Escape closes the transfer prompt', async () => {
      const m = await mount(twoCalls());
      m.part('transfer-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      await sendKeys({ press: 'Escape' });
      await m.el.updateComplete;
      expect(m.part('target-form')).to.be.null;
    });
  });

  describe('live region', () => {
    it('announces a ringing call once', async () => {
      const m = await mount(signedIn());
      const announcer = m.part('announcer')!;
      expect(announcer.getAttribute('aria-live')).to.equal('assertive');
      expect(announcer.textContent).to.equal('');
      const caps = capabilitiesFor('interact');
      m.session.update({ calls: [makeCall(caps, { id: 'c9', state: 'ringing', service: 'SAC' })] });
      await m.el.updateComplete;
      expect(announcer.textContent).to.equal('Chamada recebida de Maria Souza · (48) 3200-1000, serviço SAC');
    });
  });

  describe('server text is rendered as text', () => {
    it('caller name, service and data with markup stay literal', async () => {
      const m = await mount(ringing('interact', { remote: [{ number: '1', name: XSS }], service: XSS, data: { [XSS]: XSS } }));
      expect(m.part('caller')!.textContent).to.contain(XSS);
      expect(await dataText(m.part('call-data'))).to.contain(XSS);
      expect(m.part('announcer')!.textContent).to.contain(XSS);
      expect(m.root.querySelector('img')).to.be.null;
      expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    });
  });

  describe('i18n', () => {
    it('en and es', async () => {
      expect((await mount(ringing(), 480, 'en')).part('answer-button')!.textContent).to.equal('Answer');
      expect((await mount(ringing(), 480, 'es')).part('answer-button')!.textContent).to.equal('Contestar');
      expect((await mount(ringing())).part('answer-button')!.textContent).to.equal('Atender');
    });
  });

  describe('calls presented for people (issue #11 §2, §3)', () => {
    const neon = capabilitiesFor('neon');
    const interact = capabilitiesFor('interact');

    it('a copy control per call copies the raw number; the card says so, or shows the number when the clipboard refuses', async () => {
      const m = await mount(ringing('interact', { remote: [{ number: '11987654321', name: 'Ana' }] }));
      expect(m.part('caller')!.textContent).to.equal('Ana · (11) 98765-4321');
      const copy = m.part('copy-button')!;
      expect(copy.getAttribute('aria-label')).to.equal('Copiar (11) 98765-4321');
      expect(copy.title, 'the raw number on hover').to.equal('11987654321');
      const clipboard = navigator.clipboard as Clipboard & { writeText: (t: string) => Promise<void> };
      const copied: string[] = [];
      const original = Object.getOwnPropertyDescriptor(clipboard, 'writeText');
      try {
        clipboard.writeText = async (text: string) => void copied.push(text);
        copy.click();
        await aTimeout(0);
        await m.el.updateComplete;
        expect(copied).to.deep.equal(['11987654321']);
        expect(m.part('copy-status')!.textContent).to.equal('Número copiado');
        clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
        copy.click();
        await aTimeout(0);
        await m.el.updateComplete;
        expect(m.part('copy-status')!.textContent).to.equal('Copie: 11987654321');
      } finally {
        if (original) Object.defineProperty(clipboard, 'writeText', original);
        else delete (clipboard as { writeText?: unknown }).writeText;
      }
      // A conference (several numbers) has no single number to copy.
      const conf = await mount(signedIn('interact', { calls: [makeCall(interact, { id: 'k', state: 'conference', remote: [{ number: '4830001111' }, { number: '2005' }] })] }));
      expect(conf.part('copy-button')).to.be.null;
    });

    it('host events keep the raw number: a formatted number typed dials (and is requested) as digits', async () => {
      const m = await mount(signedIn());
      const input = m.part('number-input') as HTMLInputElement;
      input.focus();
      await sendKeys({ type: '(11) 98765-4321' });
      setTimeout(() => void sendKeys({ press: 'Enter' }));
      const event = await oneEvent(m.el, 'cti-dial-request');
      expect(event.detail).to.deep.equal({ number: '11987654321', source: 'phone' });
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '11987654321' }]);
    });

    it('a transferred call says to whom, formatted; the call state keeps the vendor code as its title', async () => {
      const m = await mount(signedIn('interact', { calls: [makeCall(interact, { id: 'T1', state: 'ended', endedAt: Date.now(), transferredTo: '4830009999', detail: 'transferred' })] }));
      const state = m.part('call-state')!;
      expect(state.textContent).to.equal('Transferida para (48) 3000-9999');
      expect(state.title).to.equal('transferred');
    });

    it('stable order: in progress, held, then ringing (compact, data folded); arrival order within a group', async () => {
      const t = Date.now();
      const calls = [
        makeCall(interact, { id: 'r1', state: 'ringing', startedAt: t - 1_000, mustAccept: true, data: { Protocolo: '9' } }),
        makeCall(interact, { id: 'h2', state: 'held', startedAt: t - 50_000, remote: [{ number: '2002' }] }),
        makeCall(interact, { id: 'a1', state: 'active', startedAt: t - 20_000, remote: [{ number: '2003' }] }),
        makeCall(interact, { id: 'h1', state: 'held', startedAt: t - 90_000, remote: [{ number: '2001' }] }),
      ];
      const m = await mount(signedIn('interact', { calls }), 280);
      const order = () => m.parts('call').map((c) => c.dataset['callId']);
      expect(order()).to.deep.equal(['a1', 'h1', 'h2', 'r1']);
      const ring = m.call('r1');
      expect(ring.classList.contains('compact')).to.equal(true);
      expect(m.part('answer-button', ring), 'Answer stays on the compact card').to.not.equal(null);
      const data = m.part('call-data', ring)!;
      await dataText(data);
      expect(data.shadowRoot!.querySelector('details')!.open, 'data folded while another call is in progress').to.equal(false);
      expect(ring.getBoundingClientRect().top, 'the calls in progress come first').to.be.greaterThan(m.call('h2').getBoundingClientRect().bottom);
      // Swapping which call is active moves cards between groups; h1 and h2 keep their order.
      m.session.update({ calls: [calls[0]!, makeCall(interact, { ...calls[1]!, state: 'active' }), makeCall(interact, { ...calls[2]!, state: 'held' }), calls[3]!] });
      await m.el.updateComplete;
      expect(order()).to.deep.equal(['h2', 'h1', 'a1', 'r1']);
      // Alone, a ringing call is a full card with its data open.
      const alone = await mount(ringing());
      expect(alone.call('c1').classList.contains('compact')).to.equal(false);
      const open = alone.part('call-data')!;
      await dataText(open);
      expect(open.shadowRoot!.querySelector('details')!.open).to.equal(true);
    });

    it('focus stays with its call when the order changes under it (Hold moves the call behind the other held one)', async () => {
      const m = await mount(twoCalls('neon'));
      expect(m.parts('call').map((c) => c.dataset['callId'])).to.deep.equal(['a1', 'h1']);
      m.part('hold-button', m.call('a1'))!.focus();
      const [held, active] = m.session.snapshot!.calls;
      const { actions: _old, ...call } = active!;
      m.session.update({ calls: [held!, makeCall(neon, { ...call, state: 'held' })] });
      await m.el.updateComplete;
      expect(m.parts('call').map((c) => c.dataset['callId'])).to.deep.equal(['h1', 'a1']);
      const focused = m.root.activeElement as HTMLElement;
      expect(focused.closest<HTMLElement>('[data-call-id]')!.dataset['callId'], 'not the other call').to.equal('a1');
      expect(focused.getAttribute('part'), 'its Resume, now that Hold is gone').to.equal('retrieve-button');
    });

    it('the DTMF pad replaces the dial pad during a call: one 12-key grid, never two; the number field stays', async () => {
      const keys = (m: Awaited<ReturnType<typeof mount>>) => m.parts('dialpad-key').length + m.parts('dtmf-key').length;
      const idle = await mount(signedIn('neon'));
      expect(keys(idle)).to.equal(12);
      const ringingOnly = await mount(ringing('neon'));
      expect(ringingOnly.parts('dialpad-key'), 'a ringing call is not in progress yet').to.have.length(12);
      const m = await mount(twoCalls('neon'));
      expect(keys(m), 'no grid until the DTMF pad is opened').to.equal(0);
      expect(m.part('number-input'), 'a second call can still be dialled').to.not.equal(null);
      m.part('dtmf-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      expect(m.parts('dtmf-key')).to.have.length(12);
      expect(keys(m)).to.equal(12);
      m.session.update({ calls: [] });
      await m.el.updateComplete;
      expect(m.parts('dialpad-key'), 'the dial pad is back after the call').to.have.length(12);
      expect(keys(m)).to.equal(12);
    });

    it('buttons name actions: Hold / Resume in pt-BR, en and es', async () => {
      const snapshot = twoCalls('neon');
      for (const [lang, hold, resume] of [['pt-BR', 'Pôr em espera', 'Retomar'], ['en', 'Hold', 'Resume'], ['es', 'Poner en espera', 'Reanudar']] as const) {
        const m = await mount(snapshot, 480, lang);
        expect(m.part('hold-button', m.call('a1'))!.textContent!.trim(), lang).to.equal(hold);
        expect(m.part('retrieve-button', m.call('h1'))!.textContent!.trim(), lang).to.equal(resume);
      }
    });

    it('Answer only when the vendor requires acceptance', async () => {
      expect((await mount(ringing('interact', { mustAccept: false }))).part('answer-button'), 'Interact: not required').to.be.null;
      expect((await mount(ringing('interact', { mustAccept: true }))).part('answer-button'), 'Interact: must_accept').to.not.equal(null);
      expect((await mount(ringing('neon'))).part('answer-button'), 'NEON: always').to.not.equal(null);
      expect((await mount(ringing('tactium'))).part('answer-button'), 'Tactium: never').to.be.null;
    });

    it('in English from 200 to 400 px the call state and its timer wrap as one unit (never the timer alone)', async () => {
      const m = await mount(twoCalls('neon'), 280, 'en');
      const card = m.call('a1');
      const top = (part: string) => m.part(part, card)!.getBoundingClientRect().top;
      const wraps = new Set<boolean>();
      for (let width = 200; width <= 400; width += 6) {
        (m.el.parentElement as HTMLElement).style.width = `${width}px`;
        expect(Math.abs(top('call-state') - top('call-timer')), `${width} px`).to.be.below(4);
        wraps.add(top('call-state') > top('caller') + 4);
      }
      expect([...wraps].sort(), 'both: under the number when narrow, beside it when wide').to.deep.equal([false, true]);
    });

    it("a refusal's machine-code detail is in the error's title, not its text; a worded detail stays visible", async () => {
      const refuse = async (detail: string) => {
        const m = await mount(twoCalls('neon'), 480, 'en');
        m.session.rejectWith = { code: 'command-failed', at: Date.now(), detail };
        m.part('hold-button', m.call('a1'))!.click();
        await aTimeout(0);
        await m.el.updateComplete;
        return m.part('error', m.call('a1'))!;
      };
      for (const code of ['command_failed', 'status-1', '403']) {
        const error = await refuse(code);
        expect(error.textContent, code).to.not.contain(code);
        expect(error.querySelector('[part~="error-detail"]'), code).to.be.null;
        expect(error.getAttribute('title'), code).to.equal(code);
        expect(error.querySelector('[part~="error-message"]')!.textContent, code).to.not.equal('');
      }
      const worded = await refuse('Ramal ocupado');
      expect(worded.querySelector('[part~="error-detail"]')!.textContent).to.equal('Detail: Ramal ocupado');
      expect(worded.hasAttribute('title')).to.equal(false);
    });

    it('a refused command is shown next to the control that sent it, never at the top', async () => {
      const refused = { code: 'command-failed' as const, at: Date.now(), detail: 'no' };
      const top = (m: Awaited<ReturnType<typeof mount>>) => [...m.root.querySelectorAll('[part~="base"] > [part~="error"]')].map((e) => `${e.id}: ${e.textContent!.trim()}`);
      // A call action: in its card, described by it.
      const m = await mount(twoCalls('neon'));
      m.session.rejectWith = refused;
      m.part('hold-button', m.call('a1'))!.click();
      await aTimeout(0);
      await m.el.updateComplete;
      const error = m.part('error', m.call('a1'))!;
      expect(error).to.not.equal(null);
      expect(m.part('hold-button', m.call('a1'))!.getAttribute('aria-describedby')).to.equal(error.id);
      expect(m.part('error', m.call('h1')), 'not in the other call').to.be.null;
      expect(top(m)).to.deep.equal([]);
      await expect(m.el).to.be.accessible();
      // The dial form.
      m.session.update({ calls: [] });
      await m.el.updateComplete;
      expect(await m.el.dial('4830001234')).to.equal(false);
      await m.el.updateComplete;
      expect(m.part('error', m.part('dialer')!)).to.not.equal(null);
      expect(top(m)).to.deep.equal([]);
      // The transfer prompt.
      const p = await mount(twoCalls('neon'));
      p.part('transfer-button', p.call('a1'))!.click();
      await p.el.updateComplete;
      (p.part('target-input') as HTMLInputElement).value = '2005';
      p.part('target-input')!.dispatchEvent(new Event('input'));
      p.session.rejectWith = refused;
      p.part('confirm-button')!.click();
      await aTimeout(0);
      await p.el.updateComplete;
      expect(p.part('error', p.part('target-form')!)).to.not.equal(null);
      expect(top(p)).to.deep.equal([]);
      p.part('cancel-button')!.click();
      await p.el.updateComplete;
      expect(p.part('error'), 'gone with the prompt').to.be.null;
    });

    it('dialer tools: a refused outcome shows in the tools; the sent confirmation clears on the next call', async () => {
      const tactium = capabilitiesFor('tactium');
      const m = await mount(signedIn('tactium', { agent: { phase: 'busy', since: Date.now(), detail: '3' }, calls: [makeCall(tactium, { id: 't1', state: 'active', answeredAt: Date.now(), detail: 'dialer' })] }));
      const select = m.part('outcome-select') as HTMLSelectElement;
      select.value = 'Fax';
      m.session.rejectWith = { code: 'command-failed', at: Date.now() };
      m.part('outcome-button')!.click();
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.part('error', m.part('dialer-tools')!)).to.not.equal(null);
      expect(m.part('tools-status')!.textContent).to.equal('');
      m.session.rejectWith = undefined;
      m.part('outcome-button')!.click();
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.part('error'), 'cleared by the accepted command').to.be.null;
      expect(m.part('tools-status')!.textContent).to.equal('Resultado informado: Fax.');
      m.session.update({ calls: [makeCall(tactium, { id: 't2', state: 'active', answeredAt: Date.now(), detail: 'dialer' })] });
      await m.el.updateComplete;
      expect(m.part('tools-status')!.textContent, 'the next call starts clean').to.equal('');
    });

    it('ringing next to calls in progress, with data, is accessible at 280 px, light and dark', async () => {
      const m = await mount(
        signedIn('neon', {
          calls: [...twoCalls('neon').calls, makeCall(neon, { id: 'r9', state: 'ringing', data: { 'contato-cpfcnpj': '12345678909' } })],
        }),
        280,
      );
      await dataText(m.part('call-data'));
      await expect(m.el).to.be.accessible();
      m.el.theme = 'dark';
      await m.el.updateComplete;
      await expect(m.el).to.be.accessible();
    });
  });

  describe('a control is offered only when it can succeed now: the connection (issue #11 §3)', () => {
    const OFFLINE = ['connecting', 'reconnecting', 'server-down', 'closed'] as const;
    const REASON = 'Ações bloqueadas: sem conexão.';
    /** The controls that send a command (line radios by their name; a recent call's Call lives in its own root). */
    const COMMANDS = [
      'dial-button', 'redial-button', 'answer-button', 'reject-button', 'hold-button', 'retrieve-button', 'consult-button',
      'transfer-button', 'conference-button', 'drop-party-button', 'hangup-button', 'dtmf-key', 'confirm-button',
      'outcome-button', 'callback-button',
    ];
    /** What only prepares a command: stays usable. */
    const PREPARES = ['number-input', 'backspace-button', 'dialpad-key', 'dtmf-button', 'copy-button', 'cancel-button', 'target-input', 'notice-dismiss'];
    const interact = capabilitiesFor('interact');
    const dg = capabilitiesFor('dgphone');
    const tactium = capabilitiesFor('tactium');
    const out = { id: 'r1', direction: 'outbound' as const, number: '4830001111', startedAt: 0, endedAt: 1, outcome: 'answered' as const };
    const me = { phase: 'busy' as const, since: Date.now(), detail: 'ready_service', agentId: '1001', extension: '2001' };
    const SCENARIOS: Record<string, () => SessionSnapshot> = {
      'interact conference, held, ringing': () =>
        signedIn('interact', {
          agent: me,
          calls: [
            makeCall(interact, { id: 'K3', state: 'conference', answeredAt: Date.now(), remote: [{ number: '4830001111' }, { number: '2005' }], conferenceOwner: '1001' }),
            makeCall(interact, { id: 'h1', state: 'held', answeredAt: Date.now() }),
            makeCall(interact, { id: 'r9', state: 'ringing', mustAccept: true, remote: [{ number: '2009' }] }),
          ],
        }),
      'interact active (consult, conference)': () =>
        signedIn('interact', { agent: me, calls: [makeCall(interact, { id: 'a1', state: 'active', answeredAt: Date.now() }), makeCall(interact, { id: 'h1', state: 'held', answeredAt: Date.now() })] }),
      'neon with DTMF pad and transfer prompt open': () => twoCalls('neon'),
      'dgphone lines': () =>
        signedIn('dgphone', {
          lines: [1, 2, 3].map((n) => ({ id: `L${n}`, label: String(n), state: n === 1 ? ('busy' as const) : ('idle' as const), selected: n === 1 })),
          calls: [makeCall(dg, { id: 'k1', state: 'active', lineId: 'L1', answeredAt: Date.now() })],
        }),
      'tactium dialer tools': () =>
        signedIn('tactium', { agent: { phase: 'busy', since: Date.now(), detail: '3' }, calls: [makeCall(tactium, { id: 't1', state: 'active', answeredAt: Date.now(), detail: 'dialer' })] }),
      'catix redial, recent calls, notices': () =>
        signedIn('catix', { recentCalls: [out], notices: [{ id: 'ag-7', kind: 'scheduled-call', at: Date.now(), data: {} }] }),
    };

    const byPart = (root: ParentNode, parts: readonly string[]) => parts.flatMap((p) => [...root.querySelectorAll<HTMLElement>(`[part~="${p}"]`)]);
    const commandControls = (root: ShadowRoot) => [...byPart(root, COMMANDS), ...root.querySelectorAll<HTMLInputElement>('input[name="line"]')];
    const name = (e: HTMLElement) => e.getAttribute('part')?.split(' ')[0] ?? `line ${(e as HTMLInputElement).value}`;
    async function recentDial(root: ShadowRoot): Promise<HTMLButtonElement[]> {
      const recent = root.querySelector('cti-recent-calls') as (HTMLElement & { updateComplete: Promise<unknown> }) | null;
      if (!recent) return [];
      await customElements.whenDefined('cti-recent-calls');
      await recent.updateComplete;
      return [...recent.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="recent-dial"]')];
    }

    it('while not connected every command control is aria-disabled, focusable, described by one non-live reason, and sends nothing; it comes back by itself', async () => {
      const seen = new Set<string>();
      for (const [scenario, snapshot] of Object.entries(SCENARIOS)) {
        const m = await mount(snapshot(), 280);
        // Opened while connected (they cannot be opened while not): the DTMF pad, a transfer prompt, the callback form.
        if (scenario.startsWith('neon')) {
          m.part('dtmf-button', m.call('a1'))!.click();
          await m.el.updateComplete;
          m.part('transfer-button', m.call('a1'))!.click();
          await m.el.updateComplete;
          (m.part('target-input') as HTMLInputElement).value = '2005';
          m.part('target-input')!.dispatchEvent(new Event('input'));
        }
        const details = m.part('callback') as HTMLDetailsElement | null;
        if (details) details.open = true;
        const select = m.part('outcome-select') as HTMLSelectElement | null;
        if (select) select.value = 'Fax';
        for (const status of OFFLINE) {
          m.session.update({ connection: { status, since: Date.now(), attempt: 2 } });
          await m.el.updateComplete;
          const where = `${scenario} / ${status}`;
          const reason = m.part('offline-reason')!;
          expect(reason.textContent, where).to.equal(REASON);
          expect(reason.id).to.equal('offline-reason');
          expect(reason.closest('[role], [aria-live]'), `${where}: a reason, not a live message`).to.be.null;
          expect(m.parts('offline-reason'), 'one line').to.have.length(1);
          const controls = commandControls(m.root);
          expect(controls, where).to.not.be.empty;
          for (const control of controls) {
            seen.add(name(control));
            expect(control.getAttribute('aria-disabled'), `${where}: ${name(control)}`).to.equal('true');
            expect((control as HTMLButtonElement).disabled, `${name(control)} stays focusable`).to.be.false;
            if (control instanceof HTMLButtonElement) expect(getComputedStyle(control).borderTopStyle, `${name(control)} looks waiting`).to.equal('dashed');
            expect(control.getAttribute('aria-describedby')!.split(' '), name(control)).to.include('offline-reason');
            control.click();
          }
          for (const form of m.root.querySelectorAll('form')) form.requestSubmit();
          for (const button of await recentDial(m.root)) {
            seen.add('recent-dial');
            expect(button.getAttribute('aria-disabled'), 'recent-dial').to.equal('true');
            expect(button.ariaDescribedByElements, 'described by the phone\'s reason (another shadow root)').to.deep.equal([reason]);
            button.click();
          }
          // Typing a number stays allowed: the agent can prepare it.
          for (const prepares of byPart(m.root, PREPARES)) expect(prepares.getAttribute('aria-disabled'), `${where}: ${name(prepares)}`).to.be.null;
          await aTimeout(0);
          await m.el.updateComplete;
          expect(m.session.commands, `${where}: nothing sent`).to.deep.equal([]);
          expect(m.part('error'), `${where}: nothing failed`).to.be.null;
          expect(m.part('dial-hint')).to.be.null;
        }
        // The connection is back: every control comes back by itself, without the reason, and sends.
        m.session.update({ connection: { status: 'connected', since: Date.now() } });
        await m.el.updateComplete;
        expect(m.part('offline-reason'), scenario).to.be.null;
        for (const control of commandControls(m.root)) {
          expect(control.getAttribute('aria-disabled'), `${scenario}: ${name(control)} back`).to.be.null;
          expect(control.getAttribute('aria-describedby') ?? '').not.to.contain('offline-reason');
        }
        for (const button of await recentDial(m.root)) {
          expect(button.getAttribute('aria-disabled')).to.be.null;
          expect(button.ariaDescribedByElements ?? []).to.deep.equal([]);
        }
        const first = commandControls(m.root).find((c) => c.matches('[part~="hangup-button"], [part~="redial-button"], [part~="outcome-button"], input[name="line"]:not(:checked)'))!;
        first.click();
        await aTimeout(0);
        expect(m.session.commands, `${scenario}: sent once connected (${name(first)})`).to.have.length(1);
      }
      expect([...seen].sort()).to.deep.equal([...COMMANDS, 'line L1', 'line L2', 'line L3', 'recent-dial'].sort());
    });

    it('connected → lost: the focused control stays focused and turns aria-disabled; typing and the dial pad still work; back by itself', async () => {
      const m = await mount(signedIn('interact', { calls: [makeCall(interact, { id: 'a1', state: 'active', answeredAt: Date.now() })] }));
      const hold = m.part('hold-button', m.call('a1')) as HTMLButtonElement;
      hold.focus();
      m.session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 1 }, condition: { code: 'keep-alive-lost', at: Date.now(), operation: 'connect' } });
      await m.el.updateComplete;
      expect(m.part('hold-button', m.call('a1'))).to.equal(hold);
      expect(m.root.activeElement, 'focus stays').to.equal(hold);
      expect(hold.getAttribute('aria-disabled')).to.equal('true');
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Space' });
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([]);
      // The call ends while still down: the agent types the next number (field and pad); Enter and Call wait.
      m.session.update({ calls: [] });
      await m.el.updateComplete;
      (m.part('number-input') as HTMLInputElement).focus();
      await sendKeys({ type: '4830' });
      m.parts('dialpad-key')[0]!.click();
      await m.el.updateComplete;
      await sendKeys({ press: 'Enter' });
      m.part('dial-button')!.click();
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([]);
      expect((m.part('number-input') as HTMLInputElement).value, 'the number is kept').to.equal('48301');
      expect(m.part('form-error'), 'nothing to correct').to.be.null;
      // Back: Call works with what was typed.
      m.session.update({ connection: { status: 'connected', since: Date.now() }, condition: undefined });
      await m.el.updateComplete;
      expect(m.part('dial-button')!.getAttribute('aria-disabled')).to.be.null;
      m.part('dial-button')!.click();
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '48301' }]);
    });

    it('the consult / transfer prompt cannot be opened meanwhile; one opened before keeps what was typed and sends once back', async () => {
      const m = await mount(twoCalls('neon'));
      m.session.update({ connection: { status: 'server-down', since: Date.now() } });
      await m.el.updateComplete;
      m.part('transfer-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      expect(m.part('target-form'), 'not opened').to.be.null;
      m.session.update({ connection: { status: 'connected', since: Date.now() } });
      await m.el.updateComplete;
      m.part('transfer-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      m.session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 1 } });
      await m.el.updateComplete;
      (m.part('target-input') as HTMLInputElement).focus();
      await sendKeys({ type: '2005' });
      await sendKeys({ press: 'Enter' });
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([]);
      expect(m.part('target-form'), 'still open').to.not.be.null;
      m.session.update({ connection: { status: 'connected', since: Date.now() } });
      await m.el.updateComplete;
      m.part('confirm-button')!.click();
      await aTimeout(0);
      expect(m.session.commands).to.deep.equal([{ type: 'transfer', callId: 'a1', to: '2005' }]);
    });

    it("a line the agent picks while down is not selected (the selected line stays checked); a notice's Dismiss still works (the hub forgets it itself)", async () => {
      const m = await mount(SCENARIOS['dgphone lines']!());
      m.session.update({ connection: { status: 'closed', since: Date.now() } });
      await m.el.updateComplete;
      const radios = [...m.root.querySelectorAll<HTMLInputElement>('input[name="line"]')];
      radios[0]!.focus();
      await sendKeys({ press: 'ArrowRight' });
      await aTimeout(0);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([]);
      expect(radios.map((r) => r.checked)).to.deep.equal([true, false, false]);
      const c = await mount(SCENARIOS['catix redial, recent calls, notices']!());
      c.session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 1 } });
      await c.el.updateComplete;
      c.part('notice-dismiss')!.click();
      await aTimeout(0);
      expect(c.session.commands).to.deep.equal([{ type: 'dismiss-notice', id: 'ag-7' }]);
    });

    it("the page's dial() is not held back: refused like any API command while down, it reads 'not sent' next to Call", async () => {
      const m = await mount(signedIn());
      m.session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 1 } });
      m.session.rejectWith = { code: 'not-connected', at: Date.now(), operation: 'dial', detail: 'connection is reconnecting' };
      expect(await m.el.dial('4830001234')).to.equal(false);
      await m.el.updateComplete;
      expect(m.session.commands).to.deep.equal([{ type: 'dial', to: '4830001234' }]);
      const error = m.part('error', m.part('dialer')!)!;
      expect(error.textContent!.trim()).to.match(/^O comando não foi enviado\./);
      expect(m.part('dial-button')!.getAttribute('aria-describedby')!.split(' ')).to.deep.equal(['offline-reason', error.id]);
      // Back: the refusal goes with the outage.
      m.session.rejectWith = undefined;
      m.session.update({ connection: { status: 'connected', since: Date.now() } });
      await m.el.updateComplete;
      expect(m.part('error')).to.be.null;
    });

    it('alone with its session, the phone shows the condition once and the countdown after it as plain text (connection-progress)', async () => {
      const m = await mount(signedIn());
      m.session.update({
        connection: { status: 'reconnecting', since: Date.now(), attempt: 2, retryAt: Date.now() + 4_500 },
        condition: { code: 'keep-alive-lost', at: Date.now(), operation: 'connect' },
      });
      await m.el.updateComplete;
      const live = [...m.root.querySelectorAll('[role="alert"], [role="status"], [aria-live]')].map((e) => e.textContent!.trim()).filter(Boolean);
      expect(live).to.have.length(1);
      const progress = m.part('connection-progress')!;
      expect(progress.textContent).to.equal('Reconectando em 5 s (tentativa 2)');
      expect(progress.closest('[role], [aria-live]')).to.be.null;
      expect(progress.nextElementSibling).to.equal(m.part('offline-reason'));
    });

    it('waiting controls are accessible at 280 px, light and dark (calls, prompt, DTMF pad, recent calls)', async () => {
      const m = await mount(signedIn('neon', { calls: twoCalls('neon').calls, recentCalls: [out] }), 280);
      m.part('dtmf-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      m.part('transfer-button', m.call('a1'))!.click();
      await m.el.updateComplete;
      m.session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 1 }, condition: { code: 'network', at: Date.now() } });
      await m.el.updateComplete;
      await recentDial(m.root);
      await expect(m.el).to.be.accessible();
      m.el.theme = 'dark';
      await m.el.updateComplete;
      await expect(m.el).to.be.accessible();
    });
  });

  describe('parts', () => {
    it('exposes kebab-case parts on every meaningful piece', async () => {
      const m = await mount(twoCalls('neon'));
      const all = [...m.root.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(' '));
      expect(all).to.include.members(['base', 'announcer', 'calls', 'call', 'caller', 'copy-button', 'call-state', 'call-timer', 'call-actions', 'hangup-button', 'retrieve-button', 'dialer', 'number-input', 'dial-button', 'backspace-button']);
      for (const p of all) expect(p).to.match(/^[a-z]+(-[a-z]+)*$/);
    });
  });

  it('does not re-render for queue figures, the team or the lists of reasons (slices it never shows); a call does', async () => {
    const m = await mount(signedIn('interact'));
    let renders = 0;
    const el = m.el as unknown as { render(): unknown };
    const render = el.render.bind(m.el);
    el.render = () => (renders++, render());
    m.session.update({ queues: [{ id: 'q1', name: 'SAC', waiting: 4, updatedAt: 1 }] });
    m.session.update({ team: [], pauseReasons: [], classifications: [], tabs: 3 });
    await m.el.updateComplete;
    expect(renders).to.equal(0);
    const caps = capabilitiesFor('interact');
    m.session.update({ calls: [makeCall(caps, { id: 'c9', state: 'ringing', remote: [{ number: '4830000009' }] })] });
    await m.el.updateComplete;
    expect(renders).to.equal(1);
    expect(m.call('c9')).to.not.equal(null);
  });

  it('normalizeNumber keeps digits, * # and a leading +', () => {
    expect(normalizeNumber(' +55 (48) 3000-0000 ')).to.equal('+554830000000');
    expect(normalizeNumber('*21#')).to.equal('*21#');
    expect(normalizeNumber('abc')).to.equal('');
  });
});
