import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../index.js';
import type { CtiProvider } from './cti-provider.js';
import type { CtiAgentStatus } from '../cti-agent-status/cti-agent-status.js';
import type { CtiPhone } from '../cti-phone/cti-phone.js';
import type { SessionConfig } from '../../vendors/adapter.js';
import { capabilitiesFor, supervisorCapabilities } from '../../vendors/capabilities.js';
import { FakeSession, makeCall, makeSnapshot } from '../test-support/fake-session.js';
import type { CtiErrorEvent } from '../../events/cti-error.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';

function factory() {
  const made: FakeSession[] = [];
  const create = (config: SessionConfig) => {
    const s = new FakeSession(makeSnapshot({}, config.vendor), config);
    made.push(s);
    return s;
  };
  return { made, create };
}

describe('<cti-provider>', () => {
  failOnLitWarnings();

  it('creates a session from its attributes and provides it to the elements inside', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="interact" server="http://cti.test/interact_cti/v1.0" agent="1001" extension="2001" format="xml" .sessionFactory=${f.create}>
      <cti-agent-status></cti-agent-status><cti-phone></cti-phone>
    </cti-provider>`);
    expect(f.made).to.have.length(1);
    expect(f.made[0]!.config).to.deep.equal({ vendor: 'interact', server: 'http://cti.test/interact_cti/v1.0', agent: '1001', extension: '2001', format: 'xml' });
    const status = el.querySelector('cti-agent-status') as CtiAgentStatus;
    await status.updateComplete;
    expect(status.shadowRoot!.querySelector('[part~="sign-in-form"]')).to.exist;
    expect(f.made[0]!.listenerCount).to.equal(3);
  });

  it('recreates the session when the config changes, disposes on disconnect', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="interact" server="http://a" agent="1" .sessionFactory=${f.create}><cti-phone></cti-phone></cti-provider>`);
    el.agent = '2';
    await el.updateComplete;
    expect(f.made).to.have.length(2);
    expect(f.made[0]!.disposed).to.equal(true);
    expect(f.made[0]!.listenerCount).to.equal(0);
    el.locale = 'en'; // not part of the session config
    await el.updateComplete;
    expect(f.made).to.have.length(2);
    el.remove();
    expect(f.made[1]!.disposed).to.equal(true);
  });

  it('never takes a password attribute', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="interact" server="http://a" agent="1" password="x" .sessionFactory=${f.create}></cti-provider>`);
    expect(el.hasAttribute('password')).to.equal(false);
    expect(JSON.stringify(f.made[0]!.config)).not.to.contain('"x"');
  });

  it('dispatches host-page events from snapshots', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="interact" server="http://a" agent="1" .sessionFactory=${f.create}></cti-provider>`);
    const caps = capabilitiesFor('interact');
    setTimeout(() => f.made[0]!.update({ calls: [makeCall(caps, { id: 'c1', state: 'ringing', data: { crm: '42' } })] }));
    const incoming = await oneEvent(el, 'cti-incoming-call');
    expect(incoming.detail).to.deep.include({ callId: 'c1', data: { crm: '42' } });
    setTimeout(() => f.made[0]!.update({ lastError: { code: 'timeout', at: 9 } }));
    const error = await oneEvent(el, 'cti-error');
    expect(error.detail.code).to.equal('timeout');
  });

  it('dial() fires a cancelable cti-dial-request; cancelling prevents the dial', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="interact" server="http://a" agent="1" .sessionFactory=${f.create}></cti-provider>`);
    const veto = (e: Event) => e.preventDefault();
    el.addEventListener('cti-dial-request', veto);
    expect(await el.dial('123')).to.equal(false);
    expect(f.made[0]!.commands).to.deep.equal([]);
    el.removeEventListener('cti-dial-request', veto);
    expect(await el.dial('123')).to.equal(true);
    await el.login({ agent: '1', password: 'p', extension: '9' });
    expect(f.made[0]!.commands).to.deep.equal([
      { type: 'dial', to: '123' },
      { type: 'login', agent: '1', password: 'p', extension: '9' },
    ]);
  });

  it('the phone\'s dial request bubbles to the host page through the provider', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="interact" server="http://a" agent="1" .sessionFactory=${f.create}><cti-phone></cti-phone></cti-provider>`);
    const phone = el.querySelector('cti-phone') as CtiPhone;
    await phone.updateComplete;
    el.addEventListener('cti-dial-request', (e) => e.preventDefault());
    expect(await phone.dial('555')).to.equal(false);
    expect(f.made[0]!.commands).to.deep.equal([]);
  });

  it('execute without a session rejects with a typed not-connected error, fired once as cti-error', async () => {
    const el = await fixture<CtiProvider>(html`<cti-provider></cti-provider>`);
    const fired: CtiErrorEvent[] = [];
    el.addEventListener('cti-error', (e) => fired.push(e));
    const error = await el.execute({ type: 'ready' }).then(() => undefined, (e: unknown) => e);
    expect(error).to.deep.include({ code: 'not-connected', operation: 'ready' });
    expect(fired.map((e) => [e.detail, e.command])).to.deep.equal([[error, 'ready']]);
  });

  it('while disconnected the Call button waits (nothing sent, no cti-error); a dial from the API fails once, shown next to Call', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="neon" server="ws://localhost:1" agent="1001" .sessionFactory=${f.create}><cti-phone></cti-phone></cti-provider>`);
    const session = f.made[0]!;
    session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 1 }, agent: { phase: 'ready', since: Date.now(), detail: 'sip-registered', agentId: '1001' } });
    const fired: CtiErrorEvent[] = [];
    const listen = (e: Event) => fired.push(e as CtiErrorEvent);
    document.addEventListener('cti-error', listen);
    try {
      const phone = el.querySelector('cti-phone') as CtiPhone;
      await phone.updateComplete;
      const part = (name: string) => phone.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
      const offline = { code: 'not-connected' as const, at: Date.now(), operation: 'dial' };
      session.rejectWith = offline;
      (part('number-input') as HTMLInputElement).focus();
      await sendKeys({ type: '2002' });
      // The agent's click: the control says why it waits (issue #11 §3), and nothing is sent or fired.
      const call = part('dial-button')!;
      expect(call.getAttribute('aria-disabled')).to.equal('true');
      expect(call.getAttribute('aria-describedby'), 'the reason is linked').to.be.a('string').and.not.be.empty;
      call.click();
      await aTimeout(0);
      await phone.updateComplete;
      expect(session.commands).to.deep.equal([]);
      expect(fired).to.deep.equal([]);
      expect((part('number-input') as HTMLInputElement).value, 'the number is kept').to.equal('2002');
      // The host page's dial() is not held back: it is sent, refused, shown next to Call, and fired once.
      expect(await phone.dial('2002')).to.equal(false);
      await phone.updateComplete;
      expect(session.commands).to.deep.equal([{ type: 'dial', to: '2002' }]);
      expect(part('error')?.getAttribute('data-code'), 'the phone shows it').to.equal('not-connected');
      expect(fired.map((e) => [e.detail, e.command])).to.deep.equal([[offline, 'dial']]);
      expect(fired[0]!.target).to.equal(el);
      // The adapter publishes the same failure as lastError: the host page is not told twice.
      session.update({ lastError: { ...offline } });
      await aTimeout(0);
      expect(fired).to.have.length(1);
      // A second dial is a second failure.
      const again = { ...offline, at: offline.at + 1 };
      session.rejectWith = again;
      await phone.dial('2002');
      await aTimeout(0);
      expect(fired.map((e) => e.detail)).to.deep.equal([offline, again]);
    } finally {
      document.removeEventListener('cti-error', listen);
    }
  });

  it('a call that arrives connected fires cti-incoming-call then cti-call-answered on the host page', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="tactium" server="ws://relay" agent="1" .sessionFactory=${f.create}></cti-provider>`);
    const seen: string[] = [];
    for (const type of ['cti-incoming-call', 'cti-call-answered'] as const) el.addEventListener(type, () => seen.push(type));
    const dialer = makeCall(capabilitiesFor('tactium'), { id: 't1', state: 'active', direction: 'outbound', detail: 'dialer', answeredAt: Date.now() });
    f.made[0]!.update({ calls: [dialer] });
    f.made[0]!.update({ calls: [{ ...dialer, state: 'held' }] });
    expect(seen).to.deep.equal(['cti-incoming-call', 'cti-call-answered']);
  });

  describe('errors are conditions, not messages (issue #11)', () => {
    /** Every element's shadow root under the provider. */
    const roots = (el: Element) => [...el.querySelectorAll('cti-agent-status, cti-phone, cti-queue')].map((e) => e.shadowRoot!);
    const all = (el: Element, selector: string) => roots(el).flatMap((r) => [...r.querySelectorAll<HTMLElement>(selector)]);
    const settle = async (el: Element) => {
      await aTimeout(0);
      for (const e of el.querySelectorAll<CtiAgentStatus>('cti-agent-status, cti-phone, cti-queue')) await e.updateComplete;
    };

    it('a condition (NEON not running) is shown once for three elements, in the first, and clears by itself when it ends', async () => {
      const f = factory();
      const el = await fixture<CtiProvider>(
        html`<cti-provider vendor="neon" server="ws://localhost:1" agent="1001" .sessionFactory=${f.create}
          ><cti-agent-status></cti-agent-status><cti-phone></cti-phone><cti-queue></cti-queue
        ></cti-provider>`,
      );
      const session = f.made[0]!;
      const down = { code: 'softphone-unavailable' as const, at: Date.now(), operation: 'connect', vendorCode: 'not-running' };
      session.update({ connection: { status: 'reconnecting', since: Date.now(), attempt: 3 }, lastError: down, condition: down });
      await settle(el);
      const alerts = all(el, '[role="alert"]');
      expect(alerts, 'one alert').to.have.length(1);
      expect(alerts[0]!.getAttribute('data-code')).to.equal('softphone-unavailable');
      expect(alerts[0]!.querySelector('[part~="error-dismiss"]'), 'a condition is not dismissed: it ends').to.be.null;
      expect(roots(el)[0]!.contains(alerts[0]!), 'in the first element').to.equal(true);
      expect(all(el, '[part~="connection"]'), 'one connection status').to.have.length(1);
      // The first element leaves: the next one shows it.
      el.querySelector('cti-agent-status')!.remove();
      await settle(el);
      expect(all(el, '[role="alert"]')).to.have.length(1);
      expect(roots(el)[0]!.querySelector('[role="alert"]'), 'now in the phone').to.exist;
      // Moved back in first place, it shows it again (and the phone no more).
      const again = document.createElement('cti-agent-status');
      el.prepend(again);
      await settle(el);
      expect(all(el, '[role="alert"]')).to.have.length(1);
      expect(again.shadowRoot!.querySelector('[role="alert"]'), 'in the first element again').to.exist;
      // NEON is back (the store removes the condition): gone, with nothing to dismiss.
      session.update({ connection: { status: 'connected', since: Date.now() }, condition: undefined });
      await settle(el);
      expect(all(el, '[role="alert"]')).to.deep.equal([]);
      expect(all(el, '[part~="connection"]')[0]!.textContent).to.equal('');
    });

    it('a tab opened later gets no replayed cti-error for a past failure, and one for a condition that holds now', async () => {
      const fired: CtiErrorEvent[] = [];
      const listen = (e: Event) => fired.push(e as CtiErrorEvent);
      document.addEventListener('cti-error', listen);
      try {
        const past = { code: 'command-failed' as const, at: Date.now() - 600_000, operation: 'redial', vendorCode: '1005' };
        const later = (patch: Parameters<FakeSession['update']>[0]) => (config: SessionConfig) => new FakeSession(makeSnapshot(patch, config.vendor), config);
        await fixture(html`<cti-provider vendor="catix" server="ws://relay" agent="1" .sessionFactory=${later({ lastError: past })}><cti-phone></cti-phone></cti-provider>`);
        await aTimeout(0);
        expect(fired, 'history').to.deep.equal([]);
        const down = { code: 'relay-unavailable' as const, at: Date.now() - 60_000, operation: 'connect' };
        const reconnecting = { connection: { status: 'reconnecting' as const, since: Date.now(), attempt: 5 }, lastError: down, condition: down };
        await fixture(html`<cti-provider vendor="catix" server="ws://relay" agent="1" .sessionFactory=${later(reconnecting)}><cti-phone></cti-phone></cti-provider>`);
        await aTimeout(0);
        expect(fired.map((e) => e.detail.code), 'the condition that holds now').to.deep.equal(['relay-unavailable']);
      } finally {
        document.removeEventListener('cti-error', listen);
      }
    });

    it('a refused command is not repeated by the other elements, and nothing survives a vendor, agent or role change', async () => {
      const f = factory();
      const el = await fixture<CtiProvider>(
        html`<cti-provider vendor="catix" server="ws://relay" agent="1001" .sessionFactory=${f.create}
          ><cti-agent-status></cti-agent-status><cti-phone></cti-phone
        ></cti-provider>`,
      );
      const connected = { connection: { status: 'connected' as const, since: Date.now() } };
      const readyAgent = { phase: 'ready' as const, since: Date.now(), detail: 'ready', agentId: '1001' };
      const refusePause = async () => {
        const session = f.made.at(-1)!;
        session.update({ ...connected, capabilities: capabilitiesFor('catix'), agent: readyAgent, pauseReasons: [{ id: '7', name: 'Almoço' }] });
        await settle(el);
        const status = el.querySelector('cti-agent-status')!;
        const select = status.shadowRoot!.querySelector<HTMLSelectElement>('[part~="pause-select"]')!;
        select.value = '7';
        select.dispatchEvent(new Event('change'));
        const refused = { code: 'command-failed' as const, at: Date.now(), operation: 'pause', vendorCode: '1009' };
        session.rejectWith = refused;
        status.shadowRoot!.querySelector<HTMLButtonElement>('[part~="pause-button"]')!.click();
        await settle(el);
        // The adapter publishes it as lastError too: still shown once, by the element that sent it.
        session.update({ lastError: refused });
        await settle(el);
        expect(all(el, '[role="alert"]').map((a) => a.getAttribute('data-code'))).to.deep.equal(['command-failed']);
        return session;
      };
      // A role change on the same session: the supervisor view starts clean.
      const session = await refusePause();
      session.update({ capabilities: supervisorCapabilities(session.snapshot!.capabilities) });
      await settle(el);
      expect(all(el, '[role="alert"]'), 'role change').to.deep.equal([]);
      session.update({ capabilities: capabilitiesFor('catix') });
      await settle(el);
      expect(all(el, '[role="alert"]'), 'gone, not hidden: back in the agent role it does not return').to.deep.equal([]);
      // An agent change (a new session).
      await refusePause();
      el.agent = '1002';
      await el.updateComplete;
      await settle(el);
      expect(all(el, '[role="alert"]'), 'agent change').to.deep.equal([]);
      // A vendor change.
      await refusePause();
      el.vendor = 'tactium';
      await el.updateComplete;
      await settle(el);
      expect(all(el, '[role="alert"]'), 'vendor change').to.deep.equal([]);
    });
  });

  it('provides its locale to elements without [lang]', async () => {
    const f = factory();
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="interact" server="http://a" agent="1" locale="es" .sessionFactory=${f.create}><cti-agent-status></cti-agent-status></cti-provider>`);
    const status = el.querySelector('cti-agent-status') as CtiAgentStatus;
    await status.updateComplete;
    expect(status.shadowRoot!.querySelector('[part~="sign-in-button"]')!.textContent).to.equal('Entrar');
    expect(status.shadowRoot!.querySelector('label')!.textContent).to.contain('Agente');
    el.configure({ locale: 'en' });
    await el.updateComplete;
    await status.updateComplete;
    expect(status.shadowRoot!.querySelector('[part~="sign-in-button"]')!.textContent).to.equal('Sign in');
  });

  it("its locale beats the page's [lang] above it, and a change of its lang attribute re-renders the elements", async () => {
    const f = factory();
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="pt-BR"><cti-provider vendor="interact" server="http://a" agent="1" locale="en" .sessionFactory=${f.create}><cti-agent-status></cti-agent-status></cti-provider></div>`,
    );
    const el = wrapper.querySelector('cti-provider') as CtiProvider;
    const status = el.querySelector('cti-agent-status') as CtiAgentStatus;
    await status.updateComplete;
    const button = () => status.shadowRoot!.querySelector('[part~="sign-in-button"]')!.textContent!.trim();
    expect(button()).to.equal('Sign in');
    el.locale = undefined;
    el.setAttribute('lang', 'es');
    await el.updateComplete;
    await status.updateComplete;
    expect(status.shadowRoot!.querySelector('label')!.textContent).to.contain('Agente');
    expect(button()).to.equal('Entrar');
    el.removeAttribute('lang');
    await el.updateComplete;
    await status.updateComplete;
    expect(status.shadowRoot!.querySelector('label')!.textContent, 'falls back to the [lang] above').to.contain('Agente');
    status.setAttribute('lang', 'en');
    await status.updateComplete;
    expect(button(), "the element's own lang wins").to.equal('Sign in');
  });

  it('loads the click-to-dial scanner only with scan-tel-links (src/client/tel-scanner.test.ts tests it)', async () => {
    const f = factory();
    const loaded = () => performance.getEntriesByType('resource').filter((e) => /\/tel-scanner\.[jt]s\b/.test(e.name)).length;
    const el = await fixture<CtiProvider>(html`<cti-provider vendor="interact" server="http://a" agent="1" .sessionFactory=${f.create}></cti-provider>`);
    await aTimeout(50);
    expect(loaded(), 'not loaded without the attribute').to.equal(0);
    el.setAttribute('scan-tel-links', '');
    await waitUntil(() => loaded() === 1, 'loaded once set');
    expect(el.scanTelLinks).to.equal(true);
  });
});
