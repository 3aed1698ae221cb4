import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import './cti-agent-status.js';
import type { CtiAgentStatus } from './cti-agent-status.js';
import { capabilitiesFor, supervisorCapabilities } from '../../vendors/capabilities.js';
import type { AgentState, SessionSnapshot } from '../../domain/model.js';
import type { SessionConfig } from '../../vendors/adapter.js';
import { FakeSession, makeCall, makeSnapshot } from '../test-support/fake-session.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';

const REASONS = [
  { id: '7', name: 'Almoço' },
  { id: '8', name: 'Feedback', requiresNote: true },
  { id: '9', name: '<img src=x onerror="window.__xss=1">', maxMinutes: 15 },
];
const ready = (vendor: 'interact' | 'neon' | 'catix' | 'tactium' = 'interact', patch: Partial<SessionSnapshot> = {}) =>
  makeSnapshot({ agent: { phase: 'ready', since: Date.now() - 65_000, detail: 'ready_free', agentId: '1001' }, pauseReasons: REASONS, ...patch }, vendor);

async function mount(snapshot: SessionSnapshot, attrs: { lang?: string; width?: number; config?: Partial<SessionConfig> } = {}) {
  const session = new FakeSession(snapshot, attrs.config);
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style=${`width:${attrs.width ?? 480}px`}><cti-agent-status lang=${attrs.lang ?? 'pt-BR'} .session=${session}></cti-agent-status></div>`,
  );
  const el = wrapper.querySelector('cti-agent-status') as CtiAgentStatus;
  await el.updateComplete;
  return { el, session, root: el.shadowRoot!, part: (p: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${p}"]`) };
}

/** The texts of the live regions (role=alert/status, aria-live) that say something. */
const liveTexts = (root: ShadowRoot) =>
  [...root.querySelectorAll('[role="alert"], [role="status"], [aria-live]')].map((e) => e.textContent!.replace(/\s+/g, ' ').trim()).filter((t) => t !== '');

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
      // The shared "waits" look (shared.styles.ts), not the primary colour: dashed and muted.
      expect(getComputedStyle(button).borderTopStyle).to.equal('dashed');
      const pw = part('password-input') as HTMLInputElement;
      pw.value = 's3cret';
      button.click();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([]);
      expect(pw.value, 'the typed password is kept until it can be sent').to.equal('s3cret');
      session.update({ connection: { status: 'connected', since: Date.now() } });
      await el.updateComplete;
      expect(button.getAttribute('aria-disabled')).to.equal('false');
      expect(getComputedStyle(button).borderTopStyle).to.equal('solid');
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
      // "Em pausa · Almoço" — not "Em pausa / Pausa / Pausa: Almoço"; the vendor's code stays as the title.
      expect(part('state-label')!.textContent).to.equal('Em pausa · Almoço');
      expect(part('pause-reason')!.textContent).to.equal('Almoço');
      expect(part('state-detail')).to.be.null;
      expect(part('state-label')!.title).to.equal('Estado no sistema: custom_pause');
      expect(part('elapsed')!.textContent).to.equal('2:05');
      (part('ready-button') as HTMLButtonElement).click();
      expect(session.commands).to.deep.equal([{ type: 'ready' }]);
      expect(part('pause-form')).to.be.null;
    });

    it('never a raw vendor code: an unnamed state shows the phase only, the code as the title', async () => {
      const { part } = await mount(ready('catix', { agent: { phase: 'paused', since: Date.now(), detail: 'status-1', pause: { reasonId: '3', reasonName: '' } } }), { lang: 'en' });
      expect(part('state-label')!.textContent).to.equal('Paused');
      expect(part('state-detail')).to.be.null;
      expect(part('state')!.textContent).not.to.contain('status-1');
      expect(part('state-label')!.title).to.equal('Vendor state: status-1');
    });

    it('sign out is the last control, never the first tab stop', async () => {
      for (const snap of [ready(), ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'custom_pause', pause: { reasonId: '7', reasonName: 'Almoço' } } })]) {
        const { root } = await mount(snap);
        const controls = [...root.querySelectorAll<HTMLElement>('button, select, input, textarea')];
        expect(controls.length).to.be.greaterThan(1);
        expect(controls[0]!.getAttribute('part')).not.to.equal('sign-out-button');
        expect(controls.at(-1)!.getAttribute('part')).to.equal('sign-out-button');
      }
    });

    it('sign out during a call asks first; keep returns focus, sign out anyway sends it', async () => {
      const call = makeCall(capabilitiesFor('interact'), { id: 'c1', state: 'active' });
      const { el, session, part } = await mount(ready('interact', { agent: { phase: 'busy', since: Date.now(), detail: 'ready_service' }, calls: [call] }), { lang: 'en' });
      (part('sign-out-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(session.commands).to.deep.equal([]);
      expect(part('sign-out-confirm')!.textContent).to.contain('A call is in progress. Sign out anyway?');
      expect(el.shadowRoot!.activeElement).to.equal(part('sign-out-keep-button'));
      await expect(el).to.be.accessible();
      (part('sign-out-keep-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(part('sign-out-confirm')).to.be.null;
      expect(el.shadowRoot!.activeElement).to.equal(part('sign-out-button'));
      (part('sign-out-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      (part('sign-out-anyway-button') as HTMLButtonElement).click();
      await aTimeout(0);
      expect(session.commands).to.deep.equal([{ type: 'logout' }]);
      // Without a call, no question.
      const idle = await mount(ready());
      (idle.part('sign-out-button') as HTMLButtonElement).click();
      await aTimeout(0);
      expect(idle.session.commands).to.deep.equal([{ type: 'logout' }]);
    });

    it('a hint is not styled as an error (Catix PIN hint)', async () => {
      const { part } = await mount(makeSnapshot({}, 'catix'));
      const hint = part('sign-in-hint')!;
      const probe = document.createElement('span');
      probe.style.color = 'var(--cti-color-error-fg)';
      hint.after(probe);
      expect(getComputedStyle(hint).color).not.to.equal(getComputedStyle(probe).color);
      probe.remove();
    });

    it('Catix PIN: one message at a time (pending, or the PIN not typed), the hint only before', async () => {
      const pins = (root: ShadowRoot) => (root.textContent ?? '').match(/PIN/g)?.length ?? 0;
      const pending = await mount(makeSnapshot({ agent: { phase: 'logged-out', since: Date.now(), detail: 'catix-pin-pending' } }, 'catix'));
      expect(pending.part('sign-in-pending')!.textContent).to.contain('PIN');
      expect(pending.part('sign-in-hint'), 'no hint while the extension rings').to.be.null;
      expect(pins(pending.root)).to.equal(1);
      await expect(pending.el).to.be.accessible();
      // The PIN was never typed: the notice says so, once, and the hint does not repeat it.
      const missed = await mount(makeSnapshot({ agent: { phase: 'logged-out', since: Date.now(), detail: '' } }, 'catix'));
      missed.session.update({ lastError: { code: 'timeout', at: Date.now(), operation: 'pin', vendorCode: 'pin-timeout' } });
      await missed.el.updateComplete;
      expect(missed.part('error-message')!.textContent).to.contain('PIN');
      expect(missed.part('sign-in-hint')).to.be.null;
      expect(pins(missed.root)).to.equal(1);
      // Signing in again: accepted, the extension rings again. The old notice is superseded, not said with it.
      (missed.part('sign-in-button') as HTMLButtonElement).click();
      await aTimeout(0);
      missed.session.update({ agent: { phase: 'logged-out', since: Date.now(), detail: 'catix-pin-pending' } });
      await missed.el.updateComplete;
      expect(missed.session.commands.map((c) => c.type)).to.deep.equal(['login']);
      expect(missed.part('error')).to.be.null;
      expect(pins(missed.root)).to.equal(1);
      expect(missed.part('sign-in-button')!.getAttribute('aria-describedby')).to.equal('sign-in-pending');
      // A new timeout, dismissed: the hint is back.
      missed.session.update({ agent: { phase: 'logged-out', since: Date.now(), detail: '' }, lastError: { code: 'timeout', at: Date.now() + 1, operation: 'pin', vendorCode: 'pin-timeout' } });
      await missed.el.updateComplete;
      expect(pins(missed.root)).to.equal(1);
      (missed.part('error-dismiss') as HTMLButtonElement).click();
      await missed.el.updateComplete;
      expect(missed.part('sign-in-hint')).to.exist;
      expect(pins(missed.root)).to.equal(1);
    });

    it('Interact server down: one message for the condition, in one live region; a command refused meanwhile does not word it again', async () => {
      const { el, session, root, part } = await mount(ready());
      session.update({
        connection: { status: 'server-down', since: Date.now(), attempt: 1, retryAt: Date.now() + 5000 },
        condition: { code: 'server-unavailable', at: Date.now(), operation: 'on_server_state_change' },
      });
      await el.updateComplete;
      const live = () => liveTexts(root);
      expect(live()).to.deep.equal(['O servidor de telefonia está indisponível.']);
      // The agent presses Pause: it is offered as not possible now (aria-disabled, the reason): nothing is
      // sent, nothing fails, nothing new is said.
      session.rejectWith = { code: 'not-connected', at: Date.now(), operation: 'pause', detail: 'connection is server-down' };
      const select = part('pause-select') as HTMLSelectElement;
      select.value = '7';
      select.dispatchEvent(new Event('change'));
      expect(part('pause-button')!.getAttribute('aria-disabled')).to.equal('true');
      (part('pause-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(session.commands).to.deep.equal([]);
      expect(live()).to.deep.equal(['O servidor de telefonia está indisponível.']);
      expect(root.textContent).not.to.contain('connection is');
      expect(root.textContent).not.to.contain('Sem conexão');
      // The server is back: the condition is gone by itself and Pause works (the reason picked is kept).
      session.update({ connection: { status: 'connected', since: Date.now() } });
      session.rejectWith = undefined;
      await el.updateComplete;
      expect(live()).to.deep.equal([]);
      (part('pause-button') as HTMLButtonElement).click();
      await aTimeout(0);
      expect(session.commands).to.deep.equal([{ type: 'pause', reasonId: '7' }]);
    });

    it('while the connection is not up every command control is aria-disabled with the reason and sends nothing; back with the connection', async () => {
      const commandParts = ['ready-button', 'pause-button', 'end-after-call-button', 'classify-button', 'sign-out-button', 'sign-in-button'];
      const controls = (root: ShadowRoot) => commandParts.flatMap((p) => [...root.querySelectorAll<HTMLButtonElement>(`[part~="${p}"]`)]);
      const states: Partial<SessionSnapshot>[] = [
        { agent: { phase: 'paused', since: Date.now(), detail: 'custom_pause', pause: { reasonId: '7', reasonName: 'Almoço' } } },
        { agent: { phase: 'ready', since: Date.now(), detail: 'ready_free' } },
        {
          agent: { phase: 'after-call', since: Date.now(), detail: 'ready', afterCall: { callId: 'c1', mustClassify: true } },
          classifications: [{ id: 'k1', name: 'Venda' }],
        },
        { agent: { phase: 'logged-out', since: Date.now(), detail: '' } },
      ];
      const seen = new Set<string>();
      for (const patch of states) {
        for (const status of ['connecting', 'reconnecting', 'server-down', 'closed'] as const) {
          const { el, session, root, part } = await mount(ready('interact', { ...patch, connection: { status, since: Date.now(), attempt: 2 } }));
          const buttons = controls(root);
          expect(buttons, `${patch.agent!.phase}/${status}`).to.not.be.empty;
          expect(part('offline-reason')!.textContent).to.equal('Ações bloqueadas: sem conexão.');
          expect(part('offline-reason')!.getAttribute('role'), 'a reason, not another live message').to.be.null;
          for (const button of buttons) {
            const name = button.getAttribute('part')!;
            seen.add(name);
            expect(button.getAttribute('aria-disabled'), name).to.equal('true');
            expect(button.disabled, `${name} stays focusable`).to.be.false;
            expect(button.getAttribute('aria-describedby')!.split(' '), name).to.include('offline-reason');
            button.click();
          }
          (part('pause-select') as HTMLSelectElement | null)?.form?.requestSubmit();
          await aTimeout(0);
          await el.updateComplete;
          expect(session.commands, `${patch.agent!.phase}/${status}: nothing sent`).to.deep.equal([]);
          expect(part('error'), 'nothing failed').to.be.null;
          expect(part('sign-out-confirm')).to.be.null;
          // The diagnostics download stays available.
          await customElements.whenDefined('cti-diagnostics-button');
          const diagnostics = root.querySelector('cti-diagnostics-button') as HTMLElement & { updateComplete: Promise<unknown> };
          await diagnostics.updateComplete;
          expect(diagnostics.shadowRoot!.querySelector('[part~="diagnostics-button"]')!.getAttribute('aria-disabled')).to.equal('false');
          if (status !== 'closed') continue;
          // The connection is back: every control comes back by itself and works.
          session.update({ connection: { status: 'connected', since: Date.now() } });
          await el.updateComplete;
          expect(part('offline-reason')).to.be.null;
          for (const button of controls(root)) {
            const name = button.getAttribute('part')!;
            const blocked = name === 'end-after-call-button'; // a classification is still owed
            expect(button.getAttribute('aria-disabled'), name).to.equal(blocked ? 'true' : 'false');
            expect(button.getAttribute('aria-describedby') ?? '', name).not.to.contain('offline-reason');
          }
          const first = controls(root).find((b) => b.getAttribute('aria-disabled') === 'false' && !b.matches('[part~="pause-button"], [part~="classify-button"]'));
          first?.click();
          await aTimeout(0);
          expect(session.commands.length, `${patch.agent!.phase}: a command sent once connected`).to.equal(first ? 1 : 0);
        }
      }
      expect([...seen].sort()).to.deep.equal([...commandParts].sort());
    });

    it('connected → lost: the controls turn aria-disabled by themselves, the focus stays on them', async () => {
      const { el, session, part } = await mount(ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'custom_pause', pause: { reasonId: '7', reasonName: 'Almoço' } } }));
      const readyButton = part('ready-button') as HTMLButtonElement;
      readyButton.focus();
      expect(readyButton.getAttribute('aria-disabled')).to.equal('false');
      session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 1 }, condition: { code: 'keep-alive-lost', at: Date.now(), operation: 'connect' } });
      await el.updateComplete;
      expect(part('ready-button')).to.equal(readyButton);
      expect(readyButton.getAttribute('aria-disabled')).to.equal('true');
      expect(part('sign-out-button')!.getAttribute('aria-disabled')).to.equal('true');
      expect(el.shadowRoot!.activeElement).to.equal(readyButton);
      readyButton.click();
      await aTimeout(0);
      expect(session.commands).to.deep.equal([]);
      session.update({ connection: { status: 'connected', since: Date.now() } });
      await el.updateComplete;
      expect(readyButton.getAttribute('aria-disabled')).to.equal('false');
      readyButton.click();
      await aTimeout(0);
      expect(session.commands).to.deep.equal([{ type: 'ready' }]);
    });

    it('keep-alive lost while reconnecting: one message (the alert); the attempt and countdown are plain text after it', async () => {
      const { el, session, root, part } = await mount(ready());
      session.update({
        connection: { status: 'reconnecting', since: Date.now(), attempt: 2, retryAt: Date.now() + 4_500 },
        condition: { code: 'keep-alive-lost', at: Date.now(), operation: 'connect' },
      });
      await el.updateComplete;
      const live = () => liveTexts(root);
      expect(live()).to.deep.equal([
        'O servidor parou de enviar sinais de vida: a conexão foi considerada perdida e está sendo refeita.',
      ]);
      const progress = part('connection-progress')!;
      expect(progress.textContent).to.equal('Reconectando em 5 s (tentativa 2)');
      expect(progress.closest('[role], [aria-live]'), 'not inside a live region').to.be.null;
      expect(part('error')!.nextElementSibling).to.equal(progress);
      await aTimeout(1100);
      expect(part('connection-progress')!.textContent).to.match(/^Reconectando em [1-4] s \(tentativa 2\)$/);
      expect(live()).to.have.length(1);
      // The attempt under way: still counted in the plain text.
      session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 3 } });
      await el.updateComplete;
      expect(part('connection-progress')!.textContent).to.equal('Reconectando (tentativa 3)…');
      expect(live()).to.have.length(1);
      // Back: no alert, no progress, an empty status.
      session.update({ connection: { status: 'connected', since: Date.now() } });
      await el.updateComplete;
      expect(live()).to.deep.equal([]);
      expect(part('connection-progress')).to.be.null;
    });

    it('nothing in the banner or next to a control survives a vendor switch (a new session, or the same one)', async () => {
      const { el, session, root, part } = await mount(ready());
      const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((a) => a.getAttribute('data-code'));
      // A refused pause next to its control, and a notice (an unreadable frame) in the banner.
      session.rejectWith = { code: 'command-failed', at: Date.now(), operation: 'pause' };
      const select = part('pause-select') as HTMLSelectElement;
      select.value = '7';
      select.dispatchEvent(new Event('change'));
      (part('pause-button') as HTMLButtonElement).click();
      await aTimeout(0);
      const notice = { code: 'malformed-frame' as const, at: Date.now(), operation: 'receive' };
      session.update({ lastError: notice });
      await el.updateComplete;
      expect(alerts()).to.deep.equal(['malformed-frame', 'command-failed']);
      // The provider switched vendor: a new session (Catix, connecting, then its own state).
      const catix = new FakeSession(makeSnapshot({ connection: { status: 'connecting', since: Date.now() } }, 'catix'));
      el.session = catix;
      await el.updateComplete;
      expect(alerts(), 'new session').to.deep.equal([]);
      expect(part('connection')!.textContent).to.equal('Conectando…');
      // Back on the first session: what it showed is gone, not hidden.
      el.session = session;
      await el.updateComplete;
      expect(alerts(), 'back on the first session').to.deep.equal([]);
      // The same session handle reporting another vendor, still carrying the old vendor's notice.
      session.rejectWith = { code: 'command-failed', at: Date.now(), operation: 'pause' };
      (part('pause-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(alerts()).to.deep.equal(['command-failed']);
      session.update({ ...makeSnapshot({ lastError: notice }, 'tactium'), key: session.snapshot!.key });
      await el.updateComplete;
      expect(alerts(), 'vendor changed on the same handle').to.deep.equal([]);
    });

    it('a refused command is shown next to its control and clears on the next success', async () => {
      const { el, session, part } = await mount(ready());
      session.rejectWith = { code: 'command-failed', at: Date.now(), operation: 'pause' };
      const select = part('pause-select') as HTMLSelectElement;
      select.value = '7';
      select.dispatchEvent(new Event('change'));
      (part('pause-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      const failure = part('error')!;
      expect(failure.getAttribute('role')).to.equal('alert');
      expect(failure.closest('[part~="pause-form"]'), 'inside the pause form').to.exist;
      expect(el.shadowRoot!.querySelectorAll('[part~="error"]')).to.have.length(1);
      session.rejectWith = undefined;
      (part('pause-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(part('error')).to.be.null;
    });

    it('a refused command clears when the state it refers to is gone (ready refused, then the agent is ready)', async () => {
      const paused = { phase: 'paused' as const, since: Date.now(), detail: 'custom_pause', pause: { reasonId: '7', reasonName: 'Almoço' } };
      const { el, session, part } = await mount(ready('interact', { agent: paused }));
      session.rejectWith = { code: 'command-failed', at: Date.now(), operation: 'ready' };
      (part('ready-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(part('error')).to.exist;
      session.update({ agent: { phase: 'ready', since: Date.now(), detail: 'ready_free' } });
      await el.updateComplete;
      expect(part('error')).to.be.null;
    });

    it('elapsed time ticks', async () => {
      const { part } = await mount(ready('interact', { agent: { phase: 'ready', since: Date.now() - 1_000, detail: 'ready_free' } }));
      const first = part('elapsed')!.textContent;
      await aTimeout(1100);
      expect(part('elapsed')!.textContent).not.to.equal(first);
    });

    it('failure pause is shown distinctly, and says it once: "Em pausa · Falha: chamada não atendida"', async () => {
      // reasonName '' (no pause_name, as the seed says for failure pauses) and the raw state code as the name
      // (what the Interact codec once filled in) read the same.
      for (const reasonName of ['', 'timeout_fail_pause']) {
        const { part } = await mount(
          ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'timeout_fail_pause', pause: { reasonId: 'timeout_fail_pause', reasonName, failure: true } } }),
        );
        expect(part('state-failure')).to.exist;
        expect(part('state-label')!.textContent).to.equal('Em pausa · Falha: chamada não atendida');
        expect(part('state')!.textContent!.match(/falha/gi), 'the failure said once').to.have.length(1);
        expect(part('state')!.textContent).not.to.contain('fail_pause');
        expect(part('state-detail')).to.be.null;
        expect(part('state-label')!.title).to.equal('Estado no sistema: timeout_fail_pause');
      }
      // A failure state the catalog does not know: the phase and "Por falha", never the code.
      const other = await mount(ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'new_fail_pause', pause: { reasonId: 'new_fail_pause', reasonName: '', failure: true } } }), { lang: 'en' });
      expect(other.part('state-label')!.textContent).to.equal('Paused · Failure');
    });

    it('an unnamed Interact pause (after sign-in) reads "Em pausa", never the code "pause"', async () => {
      const { part } = await mount(
        ready('interact', { agent: { phase: 'paused', since: Date.now(), detail: 'pause', pause: { reasonId: 'pause', reasonName: 'pause', trigger: 'system' } } }),
      );
      expect(part('state-label')!.textContent).to.equal('Em pausa');
      expect(part('state')!.textContent).not.to.match(/\bpause\b/);
      expect(part('state-label')!.title).to.equal('Estado no sistema: pause');
      // A reason id as the name (Catix, Tactium without the reason list) is a code too.
      const catix = await mount(ready('catix', { agent: { phase: 'paused', since: Date.now(), detail: 'Pausado', pause: { reasonId: '3', reasonName: '3' } } }));
      expect(catix.part('state-label')!.textContent).to.equal('Em pausa');
      // A pause requested during a call whose name the server did not give: no id in its place.
      const pending = await mount(ready('interact', { agent: { phase: 'busy', since: Date.now(), detail: 'ready_service', pendingPause: { reasonId: '12', reasonName: '12' } } }));
      expect(pending.part('pending-pause')!.textContent).not.to.contain('12');
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
      expect(part('classify-deadline')!.textContent).to.contain('1:30');
      (part('classify-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(part('form-error')).to.exist;
      const select = part('classification-select') as HTMLSelectElement;
      select.value = 'k2';
      select.dispatchEvent(new Event('change'));
      (part('classify-button') as HTMLButtonElement).click();
      // While the classification is owed, ending after-call work is disabled, with the reason next to it.
      const end = part('end-after-call-button') as HTMLButtonElement;
      expect(end.getAttribute('aria-disabled')).to.equal('true');
      expect(el.shadowRoot!.getElementById(end.getAttribute('aria-describedby')!)!.textContent).to.equal('Classifique a chamada antes de encerrar.');
      end.click();
      expect(session.commands).to.deep.equal([{ type: 'classify', callId: 'c1', classificationId: 'k2' }]);
      session.update({ agent: { phase: 'after-call', since: Date.now(), detail: 'ready', afterCall: { callId: 'c1', mustClassify: false } } });
      await el.updateComplete;
      expect(end.getAttribute('aria-disabled')).to.equal('false');
      expect(part('end-after-call-reason')).to.be.null;
      end.click();
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

  describe('sign out when the hub no longer holds the password', () => {
    it('asks for the password, sends it with logout, clears the field; a cancel closes the form', async () => {
      const { el, session, part } = await mount(ready(), { lang: 'en' });
      session.rejectWith = { code: 'missing-data', at: Date.now(), operation: 'logout', detail: 'password required to log out' };
      (part('sign-out-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(part('sign-out-form')).to.exist;
      expect(part('error'), 'the missing password is asked for, not shown as an error').to.be.null;
      await expect(el).to.be.accessible();
      expect(el.shadowRoot!.activeElement).to.equal(part('sign-out-password-input'));
      session.rejectWith = undefined;
      const input = part('sign-out-password-input') as HTMLInputElement;
      input.value = 's3cret';
      (part('sign-out-confirm-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(session.commands.at(-1)).to.deep.equal({ type: 'logout', password: 's3cret' });
      expect(input.value).to.equal('');
      expect(part('sign-out-form')).to.be.null;

      session.rejectWith = { code: 'missing-data', at: Date.now(), operation: 'logout' };
      (part('sign-out-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      (part('sign-out-cancel-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(part('sign-out-form')).to.be.null;
    });

    it('any other sign-out failure is shown as an error, without the password form', async () => {
      const { el, session, part } = await mount(ready());
      session.rejectWith = { code: 'network', at: Date.now(), operation: 'logout' };
      (part('sign-out-button') as HTMLButtonElement).click();
      await aTimeout(0);
      await el.updateComplete;
      expect(part('sign-out-form')).to.be.null;
      expect(part('error')).to.exist;
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

    it('a tab opened later sees the condition that holds now, not past errors', async () => {
      const old = { code: 'malformed-frame' as const, at: Date.now() - 60_000, operation: 'receive' };
      expect((await mount(ready('interact', { lastError: old }))).part('error'), 'an error from before: history').to.be.null;
      const refused = { code: 'command-failed' as const, at: Date.now(), operation: 'classify' };
      expect((await mount(ready('interact', { lastError: refused }))).part('error'), "another tab's refused command").to.be.null;
      const down = { code: 'network' as const, at: Date.now() - 60_000, operation: 'connect' };
      const { el, session, part } = await mount(ready('interact', { connection: { status: 'reconnecting', since: Date.now(), attempt: 4 }, lastError: down, condition: down }));
      expect(part('error')!.getAttribute('data-code'), 'the condition that holds now').to.equal('network');
      session.update({ connection: { status: 'connected', since: Date.now() } });
      await el.updateComplete;
      expect(part('error'), 'gone the moment the connection is back').to.be.null;
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
      // Seen: the countdown. Said (the live region's text outside aria-hidden): the attempt, not every second.
      const seen = () => part('connection')!.querySelector('[aria-hidden="true"]')!.textContent;
      const said = () => part('connection')!.querySelector('.visually-hidden')!.textContent;
      expect(seen()).to.equal('Reconectando em 5 s (tentativa 3)');
      expect(said()).to.equal('Reconectando (tentativa 3)…');
      await aTimeout(1100);
      expect(seen()).to.match(/^Reconectando em [1-4] s \(tentativa 3\)$/);
      expect(said(), 'the live region does not change with the countdown').to.equal('Reconectando (tentativa 3)…');
      // The countdown over (the attempt under way): the same node says the same, nothing new to announce.
      const node = part('connection')!.querySelector('.visually-hidden');
      session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 3, retryAt: Date.now() - 1 } });
      await el.updateComplete;
      expect(seen()).to.equal('Reconectando (tentativa 3)…');
      expect(part('connection')!.querySelector('.visually-hidden')).to.equal(node);
      expect(said()).to.equal('Reconectando (tentativa 3)…');
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

/* ------------------------------------------------- Catix, DGPhone, Tactium */

describe('<cti-agent-status> with Catix, DGPhone and Tactium', () => {
  failOnLitWarnings();
  const label = (input: HTMLElement | null) => input!.closest('label')!.textContent!.trim();

  it('a supervisor session (Catix multi-user, Tactium ADMSOCKET) shows no sign-in: it says where the team is', async () => {
    const capabilities = supervisorCapabilities(capabilitiesFor('tactium'));
    const { el, part } = await mount(makeSnapshot({ capabilities }, 'tactium'));
    expect(part('supervisor')!.textContent).to.equal('Sessão de supervisor: os agentes e suas chamadas aparecem no painel de filas.');
    expect(part('sign-in-button')).to.be.null;
    expect(part('agent-input')).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('Catix: while the extension rings for the PIN, the signed-out form says so', async () => {
    const agent: AgentState = { phase: 'logged-out', since: Date.now(), detail: 'catix-pin-pending' };
    const { el, part } = await mount(makeSnapshot({ agent }, 'catix'));
    expect(part('sign-in-pending')!.textContent).to.equal('Atenda o ramal e digite sua senha (PIN)');
    expect(part('sign-in-button')).not.to.be.null;
    const plain = await mount(makeSnapshot({}, 'catix'));
    expect(plain.part('sign-in-pending')).to.be.null;
    await expect(el).to.be.accessible();
  });

  it('DGPhone asks the agent code and the PIN, and sends them as agent and password', async () => {
    const { el, session, part } = await mount(makeSnapshot({}, 'dgphone'));
    expect(label(part('agent-input'))).to.equal('Código do agente');
    const pin = part('password-input') as HTMLInputElement;
    expect(label(pin)).to.equal('PIN');
    expect(pin.type).to.equal('password');
    expect(part('extension-input')).to.be.null;
    expect(part('sign-in-hint')).to.be.null;
    pin.value = '4321';
    (part('sign-in-button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(session.commands).to.deep.equal([{ type: 'login', agent: '1001', password: '4321' }]);
    expect(pin.value).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('DGPhone in en and es; the sign-out form asks the PIN too', async () => {
    const en = await mount(makeSnapshot({}, 'dgphone'), { lang: 'en' });
    expect([label(en.part('agent-input')), label(en.part('password-input'))]).to.deep.equal(['Agent code', 'PIN']);
    const es = await mount(makeSnapshot({}, 'dgphone'), { lang: 'es' });
    expect(label(es.part('agent-input'))).to.equal('Código de agente');
    const { el, session, part } = await mount(makeSnapshot({ agent: { phase: 'ready', since: Date.now(), detail: 'AgentLogin' } }, 'dgphone'));
    session.rejectWith = { code: 'missing-data', at: Date.now(), operation: 'logout' };
    (part('sign-out-button') as HTMLButtonElement).click();
    await aTimeout(0);
    await el.updateComplete;
    expect(label(part('sign-out-password-input'))).to.equal('PIN');
  });

  it('Catix: agent and extension, and a hint that the extension rings to ask the PIN (describes the button)', async () => {
    const { el, session, part } = await mount(makeSnapshot({}, 'catix'));
    expect(label(part('agent-input'))).to.equal('Agente');
    expect(label(part('extension-input'))).to.equal('Ramal');
    expect(part('password-input')).to.be.null;
    const hint = part('sign-in-hint')!;
    expect(hint.textContent).to.equal('Ao entrar, seu ramal vai tocar pedindo o seu PIN.');
    expect(part('sign-in-button')!.getAttribute('aria-describedby')).to.equal(hint.id);
    (part('sign-in-button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(session.commands).to.deep.equal([{ type: 'login', agent: '1001', extension: '2001' }]);
    await expect(el).to.be.accessible();
    await expect((await mount(makeSnapshot({}, 'catix'), { width: 280 })).el).to.be.accessible();
  });

  it('Tactium: the agent only, and a hint to sign in through the Tactium IP Client first', async () => {
    const { el, part } = await mount(makeSnapshot({}, 'tactium'));
    expect(part('sign-in-hint')!.textContent).to.contain('Tactium IP Client');
    expect(part('password-input')).to.be.null;
    expect(part('extension-input')).to.be.null;
    await expect(el).to.be.accessible();
    expect((await mount(makeSnapshot({}, 'tactium'), { lang: 'en' })).part('sign-in-hint')!.textContent).to.equal(
      'Sign in to the Tactium IP Client first; this connects the panel to that session.',
    );
    expect((await mount(makeSnapshot({}, 'catix'), { lang: 'es' })).part('sign-in-hint')!.textContent).to.contain('PIN');
    expect((await mount(makeSnapshot())).part('sign-in-hint'), 'Interact: no hint').to.be.null;
  });

  it('Catix: a reason that requires a note asks for it (required, described by the error) before pause is sent', async () => {
    const reasons = [
      { id: '1', name: 'Banheiro' },
      { id: '2', name: '<b>Treinamento</b>', requiresNote: true },
    ];
    const { el, session, part, root } = await mount(ready('catix', { agent: { phase: 'ready', since: Date.now(), detail: 'Disponível' }, pauseReasons: reasons }));
    const select = part('pause-select') as HTMLSelectElement;
    expect(select.options[2]!.textContent!.trim()).to.equal('<b>Treinamento</b>');
    expect(root.querySelector('b')).to.be.null;
    expect(part('pause-note'), 'no note until a reason needs one').to.be.null;
    select.value = '2';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const note = part('pause-note') as HTMLTextAreaElement;
    expect(note.getAttribute('aria-required')).to.equal('true');
    (part('pause-button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(session.commands).to.deep.equal([]);
    expect(note.getAttribute('aria-describedby')).to.equal(part('form-error')!.id);
    expect(root.activeElement).to.equal(note);
    await expect(el).to.be.accessible();
    note.value = '  Curso de produto ';
    note.dispatchEvent(new Event('input'));
    (part('pause-button') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(session.commands).to.deep.equal([{ type: 'pause', reasonId: '2', note: 'Curso de produto' }]);
  });

  it('DGPhone signed in: no ready / pause controls (no agent states), sign out only', async () => {
    const { part } = await mount(makeSnapshot({ agent: { phase: 'ready', since: Date.now(), detail: 'AgentLogin' } }, 'dgphone'));
    expect(part('pause-form')).to.be.null;
    expect(part('ready-button')).to.be.null;
    expect(part('sign-out-button')).to.exist;
  });
});

/* ------------------------------------------------------------- SIP (NEON) */

const sipAgent = (agent: Partial<AgentState> & Pick<AgentState, 'phase' | 'detail'>): AgentState => ({ since: Date.now() - 5_000, ...agent });
const neon = (agent: Partial<AgentState> & Pick<AgentState, 'phase' | 'detail'> = { phase: 'logged-out', detail: 'sip-unregistered' }, patch: Partial<SessionSnapshot> = {}) =>
  makeSnapshot({ agent: sipAgent(agent), ...patch }, 'neon');
const registered = (phase: 'ready' | 'busy' = 'ready') => neon({ phase, detail: 'sip-registered', agentId: '1001', since: Date.now() - 65_000 });
const registering = () => neon({ phase: 'unknown', detail: 'sip-registering' });
const SIP_DOMAIN = { options: { sipDomain: 'pbx.acme.test:5060' } };

describe('<cti-agent-status> with a SIP softphone (signIn: sip)', () => {
  failOnLitWarnings();

  describe('accessibility', () => {
    it('the Register form (with and without the proxy field) is accessible, also at 280px', async () => {
      await expect((await mount(neon())).el).to.be.accessible();
      await expect((await mount(neon(), { width: 280 })).el).to.be.accessible();
      await expect((await mount(neon(), { config: SIP_DOMAIN })).el).to.be.accessible();
    });
    it('a refused registration with its error is accessible, dark too', async () => {
      const { el } = await mount(
        neon({ phase: 'logged-out', detail: 'sip-refused' }, { lastError: { code: 'registration-failed', at: Date.now(), vendorCode: 'OnSIPRegisterRefused', detail: 'SIP 403' } }),
      );
      await expect(el).to.be.accessible();
      el.theme = 'dark';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });
    it('registering, checking, registered and registered on a call are accessible', async () => {
      await expect((await mount(registering())).el).to.be.accessible();
      await expect((await mount(neon({ phase: 'unknown', detail: 'sip-unknown' }))).el).to.be.accessible();
      await expect((await mount(registered())).el).to.be.accessible();
      await expect((await mount(registered('busy'), { width: 280 })).el).to.be.accessible();
    });
  });

  describe('the Register form', () => {
    it('asks for the SIP account / number, SIP password and SIP proxy, in words', async () => {
      const { part } = await mount(neon(), { lang: 'en' });
      const form = part('sign-in-form')!;
      expect(form.getAttribute('aria-label')).to.equal('Register');
      expect(part('sign-in-button')!.textContent).to.equal('Register');
      const labels = [...form.querySelectorAll('label')].map((l) => l.textContent!.trim());
      expect(labels).to.deep.equal(['SIP account / number', 'SIP password', 'SIP proxy (host:port)']);
      expect([...form.querySelectorAll('input')].map((i) => i.name)).to.deep.equal(['agent', 'password', 'domain']);
      expect(part('extension-input')).to.be.null;
      expect((part('password-input') as HTMLInputElement).type).to.equal('password');
      const domain = part('domain-input') as HTMLInputElement;
      expect(domain.required).to.equal(true);
      expect(domain.value).to.equal('');
      expect(part('base')!.getAttribute('aria-label')).to.equal('SIP registration');
    });

    it('reads "Registrar" in pt-BR and es', async () => {
      expect((await mount(neon())).part('sign-in-button')!.textContent).to.equal('Registrar');
      const es = await mount(neon(), { lang: 'es' });
      expect(es.part('sign-in-button')!.textContent).to.equal('Registrar');
      expect(es.part('sign-in-form')!.textContent).to.contain('Proxy SIP (host:puerto)');
    });

    it('sends login with the typed proxy as domain, and clears the password', async () => {
      const { el, session, part } = await mount(neon());
      const pw = part('password-input') as HTMLInputElement;
      pw.value = 's3cret';
      (part('domain-input') as HTMLInputElement).value = ' sip.acme.test:5060 ';
      (part('sign-in-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([{ type: 'login', agent: '1001', password: 's3cret', domain: 'sip.acme.test:5060' }]);
      expect(pw.value).to.equal('');
    });

    it('with the sipDomain option the proxy field is not shown and the configured proxy is sent', async () => {
      const { el, session, part } = await mount(neon(), { config: SIP_DOMAIN });
      expect(part('domain-input')).to.be.null;
      expect(part('sign-in-form')!.querySelector('input[name="domain"]')).to.be.null;
      (part('password-input') as HTMLInputElement).value = 's3cret';
      (part('sign-in-button') as HTMLButtonElement).click();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([{ type: 'login', agent: '1001', password: 's3cret', domain: 'pbx.acme.test:5060' }]);
    });

    it('the proxy is required: Enter with it empty sends nothing', async () => {
      const { el, session, part } = await mount(neon());
      const form = part('sign-in-form') as HTMLFormElement;
      form.requestSubmit();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([]);
      (part('domain-input') as HTMLInputElement).value = 'sip.acme.test';
      form.requestSubmit();
      await el.updateComplete;
      expect(session.commands).to.deep.equal([{ type: 'login', agent: '1001', domain: 'sip.acme.test' }]);
    });

    it('not registered: says so above the form, with no failure styling and no timer', async () => {
      const { part } = await mount(neon());
      expect(part('state-label')!.textContent).to.equal('Não registrado');
      expect(part('state-failure')).to.be.null;
      expect(part('state-detail')).to.be.null;
      expect(part('elapsed')).to.be.null;
      expect(part('sign-in-form')).to.exist;
    });

    it('a failed registration shows the form AND the reason in words', async () => {
      const reasons: Record<string, string> = {
        'sip-refused': 'The SIP proxy refused the registration',
        'sip-expired': 'The registration expired',
        'sip-cancelled': 'The registration was cancelled',
        'sip-finalized': 'The registration was ended',
        'sip-error': 'SIP registration error',
      };
      for (const [detail, words] of Object.entries(reasons)) {
        const { part } = await mount(neon({ phase: 'logged-out', detail }), { lang: 'en' });
        expect(part('state-failure'), detail).to.exist;
        expect(part('state-label')!.textContent).to.equal('Not registered');
        expect(part('state-detail')!.textContent).to.equal(words);
        expect(part('sign-in-form'), detail).to.exist;
      }
    });

    it('the registration error shows its message with the SIP detail', async () => {
      const { part } = await mount(
        neon({ phase: 'logged-out', detail: 'sip-refused' }, { lastError: { code: 'registration-failed', at: Date.now(), vendorCode: 'OnSIPRegisterRefused', detail: 'SIP 403' } }),
      );
      expect(part('error-message')!.textContent).to.equal('O registro da conta SIP falhou.');
      expect(part('error-detail')!.textContent).to.equal('Detalhe: SIP 403');
    });
  });

  describe('the softphone window (NEON showui)', () => {
    it('Show / Hide send show-softphone, registered or not; absent while disconnected and for vendors without a window', async () => {
      for (const snapshot of [registered(), neon()]) {
        const { session, part } = await mount(snapshot, { lang: 'en' });
        expect(part('softphone-window')!.getAttribute('aria-label')).to.equal('Softphone window');
        (part('softphone-show-button') as HTMLButtonElement).click();
        (part('softphone-hide-button') as HTMLButtonElement).click();
        expect(session.commands).to.deep.equal([
          { type: 'show-softphone', show: true },
          { type: 'show-softphone', show: false },
        ]);
      }
      const down = await mount(neon(undefined, { connection: { status: 'reconnecting', since: Date.now() } }));
      expect(down.part('softphone-window')).to.be.null;
      const interact = await mount(ready());
      expect(interact.part('softphone-window')).to.be.null;
    });
  });

  describe('registered / registering', () => {
    it('registered: "Registrado", a timer, Unregister sends logout; no ready / pause / after-call controls', async () => {
      const { session, part, root } = await mount(registered());
      expect(part('state-label')!.textContent).to.equal('Registrado');
      expect(part('state')!.getAttribute('data-phase')).to.equal('ready');
      expect(part('elapsed')!.textContent).to.equal('1:05');
      expect(part('sign-in-form')).to.be.null;
      for (const p of ['ready-button', 'pause-form', 'pause-select', 'pause-button', 'end-after-call-button', 'classify-form']) expect(part(p), p).to.be.null;
      expect(part('sign-out')!.querySelectorAll('button')).to.have.length(1);
      // Besides it, only the softphone-window pair (NEON has a window of its own), before it: unregister is last.
      expect([...root.querySelectorAll('button')].at(-1)).to.equal(part('sign-out-button'));
      expect(root.querySelectorAll('button')).to.have.length(3);
      const button = part('sign-out-button') as HTMLButtonElement;
      expect(button.textContent!.trim()).to.equal('Sair do SIP');
      button.click();
      expect(session.commands).to.deep.equal([{ type: 'logout' }]);
    });

    it('registered while a call is open: still "Registered", "On a call" beside it, still no pause', async () => {
      const { part } = await mount(registered('busy'), { lang: 'en' });
      expect(part('state-label')!.textContent).to.equal('Registered');
      expect(part('state-detail')!.textContent).to.equal('On a call');
      expect(part('pause-form')).to.be.null;
      expect(part('sign-out-button')!.textContent!.trim()).to.equal('Unregister');
    });

    it('even if the vendor reported paused or after-call, no agent controls appear', async () => {
      for (const phase of ['paused', 'after-call'] as const) {
        const { part } = await mount(
          neon({ phase, detail: 'sip-registered', afterCall: { callId: 'c1', mustClassify: true } }, { pauseReasons: REASONS, classifications: [{ id: 'k', name: 'K' }] }),
        );
        for (const p of ['ready-button', 'pause-form', 'end-after-call-button', 'classify-form']) expect(part(p), `${phase} ${p}`).to.be.null;
      }
    });

    it('registering: "Registrando…" and a button that cancels it (logout)', async () => {
      const { session, part } = await mount(registering());
      expect(part('state-label')!.textContent).to.equal('Registrando…');
      expect(part('state-detail')).to.be.null;
      expect(part('sign-in-form')).to.be.null;
      const button = part('sign-out-button') as HTMLButtonElement;
      expect(button.textContent!.trim()).to.equal('Interromper registro');
      button.click();
      expect(session.commands).to.deep.equal([{ type: 'logout' }]);
      const en = await mount(registering(), { lang: 'en' });
      expect(en.part('sign-out-button')!.textContent!.trim()).to.equal('Cancel registration');
    });

    it('unknown after a reconnect: "Checking registration…" with Unregister', async () => {
      const { part } = await mount(neon({ phase: 'unknown', detail: 'sip-unknown' }), { lang: 'en' });
      expect(part('state-label')!.textContent).to.equal('Checking registration…');
      expect(part('sign-out-button')!.textContent!.trim()).to.equal('Unregister');
    });
  });

  describe('live region', () => {
    it('announces registration changes politely, not the first state', async () => {
      const { el, session, part } = await mount(neon());
      const announcer = part('announcer')!;
      expect(announcer.getAttribute('role')).to.equal('status');
      expect(announcer.classList.contains('visually-hidden')).to.equal(true);
      expect(announcer.textContent).to.equal('');
      const steps: [AgentState, string][] = [
        [sipAgent({ phase: 'unknown', detail: 'sip-registering' }), 'Registrando…'],
        [sipAgent({ phase: 'ready', detail: 'sip-registered' }), 'Registrado'],
        [sipAgent({ phase: 'logged-out', detail: 'sip-expired' }), 'Não registrado: O registro expirou'],
      ];
      for (const [agent, words] of steps) {
        session.update({ agent });
        await el.updateComplete;
        expect(announcer.textContent).to.equal(words);
      }
      // A new snapshot with the same registration leaves the announcement as it is.
      session.update({ agent: sipAgent({ phase: 'logged-out', detail: 'sip-expired', since: Date.now() }) });
      await el.updateComplete;
      expect(announcer.textContent).to.equal('Não registrado: O registro expirou');
    });

    it('agent sign-in (Interact) keeps its view: no announcer, agent words', async () => {
      const { part } = await mount(makeSnapshot());
      expect(part('announcer')).to.be.null;
      expect(part('sign-in-button')!.textContent).to.equal('Entrar');
      expect(part('domain-input')).to.be.null;
      expect(part('state')).to.be.null;
    });
  });

  describe('errors', () => {
    it('a NEON error with a vendorCode gets the NEON message; an unknown vendorCode falls back to the code', async () => {
      const { el, session, part } = await mount(registered(), { lang: 'en' });
      session.update({ lastError: { code: 'not-registered', at: Date.now(), vendorCode: '601' } });
      await el.updateComplete;
      expect(part('error-message')!.textContent).to.equal('NEON is not registered with the SIP proxy. Register the SIP account first.');
      session.update({ lastError: { code: 'auth-failed', at: Date.now() + 1, vendorCode: '600' } });
      await el.updateComplete;
      expect(part('error-message')!.textContent).to.contain('credentials property of cti-provider');
      session.update({ lastError: { code: 'command-failed', at: Date.now() + 2, vendorCode: '999' } });
      await el.updateComplete;
      expect(part('error-message')!.textContent).to.equal('The command failed.');
    });

    it('NEON not running: tells the agent to start it and enable its WebSocket', async () => {
      const { part } = await mount(
        neon(undefined, {
          connection: { status: 'reconnecting', since: Date.now(), attempt: 2 },
          lastError: { code: 'softphone-unavailable', at: Date.now(), vendorCode: 'not-running' },
        }),
      );
      expect(part('error-message')!.textContent).to.equal(
        'O NEON não está aberto neste computador ou a opção WebSocket dele está desativada. Abra o NEON e ative o WebSocket; a conexão é feita automaticamente assim que ele estiver aberto.',
      );
      expect(part('error')!.getAttribute('data-code')).to.equal('softphone-unavailable');
    });
  });
});
