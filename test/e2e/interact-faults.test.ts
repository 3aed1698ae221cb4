/**
 * Interact end to end through a fault-injecting TCP proxy: every byte of every response and of the
 * SSE stream in its own TCP segment (split inside UTF-8 characters), and the server vanishing
 * mid-call (connections reset, new ones refused) then coming back.
 */
import { expect } from '@open-wc/testing';
import type { CtiSessionHandle } from '../../src/client/types.js';
import type { CtiError } from '../../src/domain/model.js';
import type { CtiProvider } from '../../src/elements/cti-provider/cti-provider.js';
import { control, openSession, startSimulator, uniqueHubName, until, waitFor, type SimulatorHandle } from './helpers.js';

async function proxyFor(sim: SimulatorHandle, sliceBytes: number) {
  const target = new URL(sim.url);
  const proxy = await startSimulator('proxy', { targetPort: Number(target.port), sliceBytes });
  const proxied = new URL(sim.url);
  proxied.port = new URL(proxy.url).port;
  return {
    proxy,
    url: proxied.href.replace(/\/$/, ''),
    down: () => fetch(`/__sim/proxy-down-${proxy.id}`, { method: 'POST' }),
    up: () => fetch(`/__sim/proxy-up-${proxy.id}`, { method: 'POST' }),
  };
}

for (const variant of ['default', 'strict'] as const)
describe(`Interact end to end through a TCP fault proxy (${variant} simulator)`, function () {
  this.timeout(40000);
  const startSim = (options: Record<string, unknown>) => startSimulator('interact', { ...options, strict: variant === 'strict' });
  let sim: SimulatorHandle;
  let proxy: SimulatorHandle | undefined;
  let session: CtiSessionHandle | undefined;
  afterEach(async () => {
    session?.dispose();
    session = undefined;
    await proxy?.stop();
    await sim.stop();
  });

  for (const format of ['json', 'xml'] as const) {
    it(`${format}: every byte in its own TCP segment (SSE and bodies split at every byte, inside UTF-8 characters)`, async () => {
      sim = await startSim({ ringMs: 60000 });
      const p = await proxyFor(sim, 1);
      proxy = p.proxy;
      session = openSession({ vendor: 'interact', server: p.url, agent: '1001', extension: '2001', format, options: { queues: false } });
      await until(session, (s) => s.connection.status === 'connected', 'connected through the byte-splitting proxy', 20000);
      await session.execute({ type: 'login', agent: '1001', password: '1234', extension: '2001' });
      await session.execute({ type: 'ready' });
      const lists = await until(session, (s) => s.agent.phase === 'ready' && s.pauseReasons.length > 0, 'ready and the pause list', 20000);
      expect(lists.pauseReasons.map((r) => r.name)).to.include.members(['Almoço', 'Pausa pessoal']);
      const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11987654321', data: 'cliente=João Ação' });
      const ringing = await until(session, (s) => s.calls.some((c) => c.id === call_id), 'the call through the split stream', 20000);
      const c = ringing.calls.find((x) => x.id === call_id)!;
      expect(c.state).to.equal('ringing');
      expect(Object.values(c.data)).to.include('cliente=João Ação');
      expect(ringing.lastError, 'no error from split frames').to.equal(undefined);
    });
  }

  it('the server vanishes mid-call (resets, refused connections), comes back, and the call is restored', async () => {
    sim = await startSim({ ringMs: 100 });
    const p = await proxyFor(sim, 0);
    proxy = p.proxy;
    session = openSession({
      vendor: 'interact',
      server: p.url,
      agent: '1001',
      extension: '2001',
      format: 'json',
      options: { queues: false, reconnectBaseMs: 100, reconnectMaxMs: 400 },
    });
    await until(session, (s) => s.connection.status === 'connected', 'connected');
    await session.execute({ type: 'login', agent: '1001', password: '1234', extension: '2001' });
    await session.execute({ type: 'ready' });
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '4830005555' });
    await until(session, (s) => s.calls.find((c) => c.id === call_id)?.state === 'active', 'an active call');

    await p.down();
    const lost = await until(session, (s) => s.connection.status === 'reconnecting', 'reconnecting');
    expect(lost.calls.find((c) => c.id === call_id), 'the call is still shown while reconnecting').to.exist;
    let failed: CtiError | undefined;
    try {
      await session.execute({ type: 'hold', callId: call_id });
    } catch (e) {
      failed = e as CtiError;
    }
    expect(failed?.code, 'commands fail fast while disconnected (never queued)').to.equal('not-connected');
    await new Promise((r) => setTimeout(r, 600));
    await p.up();
    await until(session, (s) => s.connection.status === 'connected', 'connected again', 15000);
    await until(session, (s) => s.calls.find((c) => c.id === call_id)?.state === 'active', 'the call restored as active');
    // The hold that failed was not replayed behind the user's back.
    await waitFor(() => true, 'settle');
    expect(session.snapshot!.calls.find((c) => c.id === call_id)?.state).to.equal('active');

    await control(sim, 'hangup', { call_id });
    await until(session, (s) => s.calls.find((c) => c.id === call_id)?.state !== 'active', 'the remote hang-up after recovery');
  });
});

/** Every non-empty live region on a page, across shadow roots (aria-hidden text left out: it is not said). */
function liveRegions(root: Document | ShadowRoot): string[] {
  const said = (el: Element): string =>
    [...el.childNodes]
      .map((n) => (n.nodeType === Node.ELEMENT_NODE ? ((n as Element).getAttribute('aria-hidden') === 'true' ? '' : said(n as Element)) : n.nodeType === Node.TEXT_NODE ? (n.textContent ?? '') : ''))
      .join('');
  const out: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.getAttribute('role') === 'alert' || el.getAttribute('role') === 'status' || (el.hasAttribute('aria-live') && el.getAttribute('aria-live') !== 'off')) {
      const text = said(el).replace(/\s+/g, ' ').trim();
      if (text) out.push(text);
    }
    if (el.shadowRoot) out.push(...liveRegions(el.shadowRoot));
  }
  return out;
}

describe('Interact server down in the real elements (issue #11 §1)', function () {
  this.timeout(30000);
  let sim: SimulatorHandle | undefined;
  let frame: HTMLIFrameElement | undefined;
  afterEach(async () => {
    frame?.remove();
    await sim?.stop();
  });

  it('one condition, one message, in one live region; the agent controls wait (aria-disabled) meanwhile; all back when the server is', async () => {
    sim = await startSimulator('interact', {});
    frame = document.createElement('iframe');
    frame.style.width = '360px';
    frame.src = `/test/fixtures/e2e/elements-tab.html?${new URLSearchParams({ hub: uniqueHubName('server-down'), server: sim.url, agent: '1001', extension: '2001' })}`;
    document.body.append(frame);
    await new Promise((r) => frame!.addEventListener('load', r, { once: true }));
    const win = frame.contentWindow as Window & { provider: CtiProvider };
    const session = await waitFor(() => win.provider?.session, 'the provider session');
    await until(session, (s) => s.connection.status === 'connected', 'connected');
    await session.execute({ type: 'login', agent: '1001', password: '1234', extension: '2001' });
    await until(session, (s) => s.agent.phase !== 'logged-out', 'signed in');
    const server = (texts: string[]) => texts.filter((t) => /server|servidor/i.test(t));

    await control(sim, 'server-state', { connected: false });
    await until(session, (s) => s.connection.status === 'server-down' && s.condition?.code === 'server-unavailable', 'the condition');
    await waitFor(() => server(liveRegions(win.document)).length > 0, 'the message');
    expect(server(liveRegions(win.document))).to.deep.equal(['The telephony server is unavailable.']);

    const status = win.document.querySelector('cti-agent-status')!.shadowRoot!;
    // The agent's controls are offered as not possible now (aria-disabled, the reason): a click sends nothing.
    const button = status.querySelector<HTMLButtonElement>('[part~="ready-button"], [part~="pause-button"]')!;
    await waitFor(() => button.getAttribute('aria-disabled') === 'true', 'the control aria-disabled while the server is down');
    button.click();
    await new Promise((r) => setTimeout(r, 100));
    expect(status.querySelector('[id^="failure-"]'), 'nothing sent, nothing refused').to.be.null;
    const regions = liveRegions(win.document);
    expect(server(regions), 'the condition, still said once').to.deep.equal(['The telephony server is unavailable.']);
    expect(regions.join(' | ')).not.to.match(/Not connected|connection is/);

    await control(sim, 'server-state', { connected: true });
    await until(session, (s) => s.connection.status === 'connected', 'the server back');
    await waitFor(() => server(liveRegions(win.document)).length === 0, 'the message gone by itself').catch((e) => {
      throw new Error(`${e.message}: ${liveRegions(win.document).join(' | ')} (${JSON.stringify(session.snapshot?.connection)})`);
    });
    await waitFor(() => button.getAttribute('aria-disabled') === 'false', 'the control back by itself');
  });
});
