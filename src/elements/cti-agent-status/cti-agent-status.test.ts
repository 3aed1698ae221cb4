import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import './cti-agent-status.js';
import type { CtiAgentStatus } from './cti-agent-status.js';
import { capabilitiesFor } from '../../domain/capabilities.js';
import type { SessionSnapshot } from '../../domain/model.js';
import { FakeSession, makeSnapshot } from '../test-support/fake-session.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';

const REASONS = [
  { id: '7', name: 'Almoço' },
  { id: '8', name: 'Feedback', requiresNote: true },
  { id: '9', name: '<img src=x onerror="window.__xss=1">', maxMinutes: 15 },
];
const ready = (vendor: 'interact' | 'neon' | 'catix' | 'tactium' = 'interact', patch: Partial<SessionSnapshot> = {}) =>
  makeSnapshot({ agent: { phase: 'ready', since: Date.now() - 65_000, detail: 'ready_free', agentId: '1001' }, pauseReasons: REASONS, ...patch }, vendor);

async function mount(snapshot: SessionSnapshot, attrs: { lang?: string; width?: number } = {}) {
  const session = new FakeSession(snapshot);
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style=${`width:${attrs.width ?? 480}px`}><cti-agent-status lang=${attrs.lang ?? 'pt-BR'} .session=${session}></cti-agent-status></div>`,
  );
  const el = wrapper.querySelector('cti-agent-status') as CtiAgentStatus;
  await el.updateComplete;
  return { el, session, root: el.shadowRoot!, part: (p: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${p}"]`) };
}

describe('<cti-agent-status>', () => {
  failOnLitWarnings();

  describe('accessibility', () => {
    it('logged out (sign-in form) is accessible, also at 280px', async () => {
      await expect((await mount(makeSnapshot())).el).to.be.accessible();
      await expect((await mount(makeSnapshot(), { width: 280 })).el).to.be.accessible();
    });
    it('ready is accessible', async () => {
      await expect((await mount(ready())).el).to.be.accessible();
    });
    it('paused, failure pause and pending pause are accessible', async () => {
      await expect(
        (await mount(ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'custom_pause', pause: { reasonId: '7', reasonName: 'Almoço' } } }))).el,
      ).to.be.accessible();
      await expect(
        (await mount(ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'timeout_fail_pause', pause: { reasonId: 'f', reasonName: '', failure: true } } }))).el,
      ).to.be.accessible();
      await expect(
        (await mount(ready('interact', { agent: { phase: 'busy', since: Date.now(), detail: 'ready_service', pendingPause: { reasonId: '7', reasonName: 'Almoço' } } }))).el,
      ).to.be.accessible();
    });
    it('after-call with classification and an error is accessible (dark theme too)', async () => {
      const snap = ready('interact', {
        agent: { phase: 'after-call', since: Date.now(), detail: 'ready', afterCall: { callId: 'c1', mustClassify: true, classifyBy: Date.now() + 30_000 } },
        classifications: [{ id: 'k1', name: 'Venda' }],
        lastError: { code: 'command-failed', at: Date.now(), detail: 'falhou' },
      });
      const { el } = await mount(snap);
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
  });

  describe('properties: capabilities decide the controls', () => {
    it('the sign-in form has exactly the vendor login fields, prefilled from config, password not', async () => {
      const { part } = await mount(makeSnapshot());
      expect((part('agent-input') as HTMLInputElement).value).to.equal('1001');
      expect((part('extension-input') as HTMLInputElement).value).to.equal('2001');
      const pw = part('password-input') as HTMLInputElement;
      expect(pw.type).to.equal('password');
      expect(pw.getAttribute('autocomplete')).to.equal('off');
      const tactium = await mount(makeSnapshot({}, 'tactium'));
      expect(tactium.part('agent-input')).to.exist;
      expect(tactium.part('password-input')).to.be.null;
      expect(tactium.part('extension-input')).to.be.null;
    });

    it('submits login and clears the password from the field (not kept in the DOM)', async () => {
      const { el, session, part } = await mount(makeSnapshot());
      const pw = part('password-input') as HTMLInputElement;
      pw.value = 's3cret';
      (part('sign-in-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([{ type: 'login', agent: '1001', password: 's3cret', extension: '2001' }]);
      expect(pw.value).to.equal('');
      expect(el.outerHTML + el.shadowRoot!.innerHTML).not.to.contain('s3cret');
    });

    it('holds sign-in while the connection is not up: nothing sent, nothing typed lost, then it works', async () => {
      const { el, session, part } = await mount(makeSnapshot({ connection: { status: 'connecting', since: Date.now() } }));
      const button = part('sign-in-button') as HTMLButtonElement;
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      const pw = part('password-input') as HTMLInputElement;
      pw.value = 's3cret';
      button.click();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([]);
      expect(pw.value, 'the typed password is kept until it can be sent').to.equal('s3cret');
      session.update({ connection: { status: 'connected', since: Date.now() } });
      await el.updateComplete;
      expect(button.getAttribute('aria-disabled')).to.equal('false');
      button.click();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([{ type: 'login', agent: '1001', password: 's3cret', extension: '2001' }]);
      expect(pw.value).to.equal('');
    });

    it('NEON-like capabilities: no pause, no ready controls at all', async () => {
      const { part } = await mount(ready('neon'));
      expect(part('pause-form')).to.be.null;
      expect(part('pause-button')).to.be.null;
      expect(part('ready-button')).to.be.null;
      expect(part('sign-out-button')).to.exist;
    });

    it('ready (Interact): pause with reasons; a reason with requiresNote asks for a note first', async () => {
      const { el, session, part } = await mount(ready());
      const select = part('pause-select') as HTMLSelectElement;
      expect([...select.options].map((o) => o.value)).to.deep.equal(['', '7', '8', '9']);
      select.value = '8';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      (part('pause-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([]);
      expect(part('form-error')!.textContent).to.contain('observação');
      const note = part('pause-note') as HTMLTextAreaElement;
      note.value = 'Reunião com a supervisão';
      note.dispatchEvent(new Event('input'));
      (part('pause-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([{ type: 'pause', reasonId: '8', note: 'Reunião com a supervisão' }]);
    });

    it('paused: shows the reason and elapsed time, offers ready', async () => {
      const { session, part } = await mount(
        ready('interact', { agent: { phase: 'paused', since: Date.now() - 125_000, detail: 'custom_pause', pause: { reasonId: '7', reasonName: 'Almoço' } } }),
      );
      expect(part('state')!.getAttribute('data-phase')).to.equal('paused');
      expect(part('pause-reason')!.textContent).to.contain('Almoço');
      expect(part('elapsed')!.textContent).to.equal('02:05');
      (part('ready-button') as HTMLButtonElement).click();
      expect(session.commands).to.deep.equal([{ type: 'ready' }]);
      expect(part('pause-form')).to.be.null;
    });

    it('elapsed time ticks', async () => {
      const { part } = await mount(ready('interact', { agent: { phase: 'ready', since: Date.now() - 1_000, detail: 'ready_free' } }));
      const first = part('elapsed')!.textContent;
      await aTimeout(1100);
      expect(part('elapsed')!.textContent).not.to.equal(first);
    });

    it('failure pause is shown distinctly', async () => {
      const { part } = await mount(
        ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'timeout_fail_pause', pause: { reasonId: 'f', reasonName: '', failure: true } } }),
      );
      expect(part('state-failure')).to.exist;
      expect(part('state-label')!.textContent).to.equal('Pausa por falha');
      expect(part('state-detail')!.textContent).to.contain('não atendida');
    });

    it('pending pause is shown and no second pause is offered', async () => {
      const { part } = await mount(
        ready('interact', { agent: { phase: 'busy', since: Date.now(), detail: 'ready_service', pendingPause: { reasonId: '7', reasonName: 'Almoço' } } }),
      );
      expect(part('pending-pause')!.textContent).to.contain('Pausa pendente: Almoço');
      expect(part('pause-form')).to.be.null;
    });

    it('after-call: end after-call work (Interact) and classify with deadline countdown', async () => {
      const { el, session, part } = await mount(
        ready('interact', {
          agent: { phase: 'after-call', since: Date.now(), detail: 'ready', afterCall: { callId: 'c1', mustClassify: true, classifyBy: Date.now() + 90_500 } },
          classifications: [{ id: 'k1', name: 'Venda' }, { id: 'k2', name: 'Dúvida' }],
        }),
      );
      expect(part('classify-deadline')!.textContent).to.contain('01:30');
      (part('classify-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(part('form-error')).to.exist;
      const select = part('classification-select') as HTMLSelectElement;
      select.value = 'k2';
      select.dispatchEvent(new Event('change'));
      (part('classify-button') as HTMLButtonElement).click();
      (part('end-after-call-button') as HTMLButtonElement).click();
      expect(session.commands).to.deep.equal([
        { type: 'classify', callId: 'c1', classificationId: 'k2' },
        { type: 'end-after-call', callId: 'c1' },
      ]);
    });

    it('Catix-like capabilities: no end-after-call button, no classify', async () => {
      const { part } = await mount(
        ready('catix', { agent: { phase: 'after-call', since: Date.now(), detail: 'x', afterCall: { callId: 'c1', mustClassify: true } } }),
      );
      expect(part('end-after-call-button')).to.be.null;
      expect(part('classify-form')).to.be.null;
    });
  });

  describe('errors', () => {
    it('a rejected command is caught and shown as a typed alert with the detail as text', async () => {
      const { el, session, part } = await mount(ready());
      session.rejectWith = { code: 'command-denied', at: Date.now(), detail: '<img src=x onerror="window.__xss=1">' };
      (part('sign-out-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      const alert = part('error')!;
      expect(alert.getAttribute('role')).to.equal('alert');
      expect(part('error-message')!.textContent).to.equal('Sem permissão para esta operação.');
      expect(part('error-detail')!.textContent).to.contain('<img src=x onerror="window.__xss=1">');
      expect(alert.querySelector('img')).to.be.null;
      expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
      (part('error-dismiss') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(part('error')).to.be.null;
    });

    it('a non-CtiError rejection is still caught (internal error)', async () => {
      const { el, session, part } = await mount(ready());
      session.rejectWithRaw = new Error('boom');
      (part('sign-out-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(part('error')!.getAttribute('data-code')).to.equal('internal');
    });

    it('server text in a pause name renders as text', async () => {
      const { part } = await mount(
        ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'custom_pause', pause: { reasonId: '9', reasonName: '<img src=x onerror="window.__xss=1">' } } }),
      );
      expect(part('pause-reason')!.textContent).to.contain('<img');
      expect(part('base')!.querySelector('img')).to.be.null;
    });

    it('shows connection state: reconnecting with retry countdown, server down', async () => {
      const { el, session, part } = await mount(ready());
      expect(part('connection')!.textContent).to.equal('');
      session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 3, retryAt: Date.now() + 4_500 } });
      await el.updateComplete;
      expect(part('connection')!.textContent).to.equal('Reconectando em 5 s (tentativa 3)');
      session.update({ connection: { status: 'server-down', since: Date.now() } });
      await el.updateComplete;
      expect(part('connection')!.textContent).to.equal('Servidor do fornecedor indisponível');
    });
  });

  describe('i18n', () => {
    it('pt-BR by default, en and es by lang, switching live', async () => {
      const session = new FakeSession(ready());
      const el = await fixture<CtiAgentStatus>(html`<cti-agent-status .session=${session}></cti-agent-status>`);
      const label = () => el.shadowRoot!.querySelector('[part~="state-label"]')!.textContent;
      expect(label()).to.equal('Disponível');
      el.setAttribute('lang', 'en');
      await el.updateComplete;
      expect(label()).to.equal('Ready');
      el.setAttribute('lang', 'es-AR');
      await el.updateComplete;
      expect(label()).to.equal('Disponible');
    });

    it('takes the closest [lang] ancestor', async () => {
      const session = new FakeSession(ready());
      const wrapper = await fixture(html`<div lang="en-US"><cti-agent-status .session=${session}></cti-agent-status></div>`);
      const el = wrapper.querySelector('cti-agent-status')!;
      expect(el.shadowRoot!.querySelector('[part~="sign-out-button"]')!.textContent).to.equal('Sign out');
    });
  });

  describe('keyboard', () => {
    it('Enter in the sign-in form submits it', async () => {
      const { el, session, part } = await mount(makeSnapshot({}, 'tactium'));
      const input = part('agent-input') as HTMLInputElement;
      input.focus();
      (input.form as HTMLFormElement).requestSubmit();
      await el.updateComplete;
      expect(session.commands[0]).to.deep.include({ type: 'login', agent: '1001' });
    });
  });

  describe('parts', () => {
    it('exposes kebab-case parts', async () => {
      const { root } = await mount(ready());
      const parts = [...root.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(' '));
      expect(parts).to.include.members(['base', 'connection', 'state', 'state-label', 'elapsed', 'actions', 'sign-out-button', 'pause-form', 'pause-select', 'pause-button']);
      for (const p of parts) expect(p).to.match(/^[a-z]+(-[a-z]+)*$/);
    });
  });

  it('unsubscribes when removed', async () => {
    const { el, session } = await mount(ready());
    expect(session.listenerCount).to.equal(1);
    el.remove();
    expect(session.listenerCount).to.equal(0);
  });

  it('uses the locale default capabilities fixture', () => {
    expect(capabilitiesFor('neon').pauseReasons).to.equal(false);
  });
});
