import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './cti-phone.js';
import { normalizeNumber, type CtiPhone } from './cti-phone.js';
import { capabilitiesFor } from '../../domain/capabilities.js';
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
      expect(m.part('caller', call)!.textContent).to.equal('Maria Souza (4832001000)');
      expect(m.part('call-service', call)!.textContent).to.contain('SAC');
      expect(m.part('call-data', call)!.textContent).to.contain('2024-001');
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
      expect(m.part('call-timer', held)!.textContent).to.equal('01:30');
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

  describe('events', () => {
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
      const focusables = [...m.root.querySelectorAll<HTMLElement>('button, input, select, textarea')];
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
      expect(announcer.textContent).to.equal('Chamada recebida de Maria Souza (4832001000), serviço SAC');
    });
  });

  describe('server text is rendered as text', () => {
    it('caller name, service and data with markup stay literal', async () => {
      const m = await mount(ringing('interact', { remote: [{ number: '1', name: XSS }], service: XSS, data: { [XSS]: XSS } }));
      expect(m.part('caller')!.textContent).to.contain(XSS);
      expect(m.part('call-data')!.textContent).to.contain(XSS);
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

  describe('parts', () => {
    it('exposes kebab-case parts on every meaningful piece', async () => {
      const m = await mount(twoCalls('neon'));
      const all = [...m.root.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(' '));
      expect(all).to.include.members(['base', 'announcer', 'calls', 'call', 'caller', 'call-state', 'call-timer', 'call-actions', 'hangup-button', 'retrieve-button', 'dialer', 'number-input', 'dial-button', 'dialpad', 'dialpad-key', 'backspace-button']);
      for (const p of all) expect(p).to.match(/^[a-z]+(-[a-z]+)*$/);
    });
  });

  it('normalizeNumber keeps digits, * # and a leading +', () => {
    expect(normalizeNumber(' +55 (48) 3000-0000 ')).to.equal('+554830000000');
    expect(normalizeNumber('*21#')).to.equal('*21#');
    expect(normalizeNumber('abc')).to.equal('');
  });
});
