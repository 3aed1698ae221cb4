/**
 * Issue #11 §5 end to end, through the real SharedWorker hub and the vendor simulators:
 *
 * - Recent calls live in the hub: a call made in one tab is in the recent calls of another tab of the session;
 *   `<cti-phone>` lists it, and its one-click *Call* dials that number again.
 * - The diagnostics file (`provider.diagnostics()`) after signing in with a password (Interact), the connection's
 *   application credentials and a SIP password (NEON), and a PIN through a relay with a token (DGPhone) — each
 *   server also echoing the secret by value and by key — holds its sections and none of: the secret, the PIN,
 *   the relay token, the hub's session secret (JSON.stringify of the whole file searched).
 */
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import { connectHub } from '../../src/client/hub-connection.js';
import { createCtiSession } from '../../src/client/session.js';
import type { CtiSessionHandle } from '../../src/client/types.js';
import type { DiagnosticsReport } from '../../src/client/diagnostics.js';
import type { CtiProvider } from '../../src/elements/cti-provider/cti-provider.js';
import { control, startRelay, startSimulator, uniqueHubName, until, waitFor } from './helpers.js';

const SECRET = `Zq9 "Wx,7}{'`;
const PIECES = ['Zq9', 'Wx,7', '7}{'];
const PIN = '90817263';
const DOMAIN = 'sip.example.com:5060';

describe('recent calls and diagnostics (real hub)', function () {
  this.timeout(30000);
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function hostPage(name: string, setup: (p: CtiProvider) => void): Promise<{ provider: CtiProvider; session: CtiSessionHandle }> {
    const provider = document.createElement('cti-provider') as CtiProvider;
    provider.sessionFactory = (c) => createCtiSession(c, { hub: { name, pingIntervalMs: 0 } });
    setup(provider);
    provider.append(document.createElement('cti-phone'));
    document.body.append(provider);
    cleanups.push(() => provider.remove());
    const session = await waitFor(() => provider.session, 'the provider session');
    return { provider, session };
  }

  /** The session secrets this page holds for `name`'s hub (they must not be in the file). */
  function sessionSecrets(name: string): string[] {
    const stored = JSON.parse(sessionStorage.getItem(`cti-hub-secrets:${name}`) ?? '{}') as Record<string, string>;
    return Object.values(stored);
  }

  function expectClean(report: DiagnosticsReport, forbidden: readonly string[]): string {
    const text = JSON.stringify(report);
    for (const piece of forbidden) {
      const at = text.indexOf(piece);
      expect(at, `"${piece}" in the diagnostics: …${text.slice(Math.max(0, at - 120), at + 40)}…`).to.equal(-1);
    }
    return text;
  }

  it('Interact: recent calls shared by two tabs, redial from the list; the file has no agent password', async () => {
    const sim = await startSimulator('interact', { agents: [{ name: '1001', password: SECRET, branch: '2001' }], farEndAnswerMs: null });
    cleanups.push(() => sim.stop());
    const name = uniqueHubName('diag-interact');
    const { provider, session } = await hostPage(name, (p) => {
      p.options = { reconnectBaseMs: 50, reconnectMaxMs: 400, queues: false, dialingPollMs: 500 };
      Object.assign(p, { vendor: 'interact', server: sim.url, agent: '1001', extension: '2001', format: 'json' });
    });
    await until(session, (x) => x.connection.status === 'connected', 'connected');
    await control(sim, 'fail-next', { command: 'agent/login', error_type: 'command_failed', error_msg: `Senha ${SECRET} incorreta para {"password":"${SECRET}"}` });
    await provider.login({ agent: '1001', password: SECRET, extension: '2001' }).catch(() => undefined);
    await provider.login({ agent: '1001', password: SECRET, extension: '2001' });
    await until(session, (x) => x.agent.phase !== 'logged-out' && x.agent.phase !== 'unknown', 'signed in');
    await provider.execute({ type: 'ready' });
    await until(session, (x) => x.agent.phase === 'ready', 'ready');

    // A second tab of the session (its own hub connection: another tab id for the hub).
    const other = createCtiSession(session.config, { connection: connectHub({ name, pingIntervalMs: 0 }) });
    cleanups.push(() => other.dispose());
    await until(other, (x) => x.connection.status === 'connected', 'the second tab attached');

    await provider.execute({ type: 'dial', to: '1133334444' });
    const dialing = await until(session, (x) => x.calls.some((c) => c.state === 'dialing'), 'dialing');
    const id = dialing.calls.find((c) => c.state === 'dialing')!.id;
    await control(sim, 'answer', { call_id: id });
    await until(session, (x) => x.calls.some((c) => c.id === id && c.state === 'active'), 'answered');
    await provider.execute({ type: 'hangup', callId: id });
    const seen = await until(other, (x) => (x.recentCalls ?? []).some((r) => r.id === id), 'the call in the other tab recent calls');
    expect(seen.recentCalls![0]).to.include({ number: '1133334444', direction: 'outbound', outcome: 'answered' });

    // The phone lists it; one click calls it again.
    const phone = provider.querySelector('cti-phone')!;
    const list = await waitFor(() => phone.shadowRoot!.querySelector('cti-recent-calls')?.shadowRoot?.querySelector('[part~="recent-call"]'), 'the list');
    expect(list.textContent, 'shown formatted').to.contain('(11) 3333-4444');
    await until(session, (x) => x.calls.every((c) => c.state === 'ended' || c.state === 'wrap-up'), 'the call over');
    if (session.snapshot!.agent.phase !== 'ready') {
      await provider.execute({ type: 'ready' }).catch(() => undefined);
      await until(session, (x) => x.agent.phase === 'ready', 'ready again');
    }
    list.querySelector<HTMLButtonElement>('[part~="recent-dial"]')!.click();
    await until(session, (x) => x.calls.some((c) => c.id !== id && c.state === 'dialing' && c.remote[0]?.number === '1133334444'), 'dialled again');

    const report = await provider.diagnostics();
    expect(report.hub['mode']).to.equal('shared-worker');
    expect(report.hub['tabsAttached']).to.equal(2);
    expect((report.session!['connectionHistory'] as { status: string }[]).some((h) => h.status === 'connected')).to.equal(true);
    expect(report.hubLog.length).to.be.greaterThan(0);
    expect(report.tabs[0]!.self).to.equal(true);
    const secrets = sessionSecrets(name);
    expect(secrets.length).to.be.greaterThan(0);
    const text = expectClean(report, [...PIECES, ...secrets]);
    expect(text, 'the echo reached the file, masked').to.match(/Senha \*\*\* incorreta/);
  });

  it('NEON: no application or SIP password in the file', async () => {
    const app = { user: 'crm', password: SECRET };
    const sim = await startSimulator('neon', { registerDelayMs: 40, farEndAnswerMs: null, apps: [app], accounts: [{ domain: DOMAIN, number: '2001', password: SECRET }] });
    cleanups.push(() => sim.stop());
    const name = uniqueHubName('diag-neon');
    const { provider, session } = await hostPage(name, (p) => {
      p.options = { reconnectBaseMs: 50, reconnectMaxMs: 300, sipDomain: DOMAIN };
      p.credentials = app;
      Object.assign(p, { vendor: 'neon', server: sim.url, agent: '' });
    });
    await until(session, (x) => x.connection.status === 'connected', 'authenticated');
    await control(sim, 'fail-next', { action: 'sipregister', code: 500, message: `Senha ${SECRET} incorreta` });
    await provider.login({ agent: '2001', password: SECRET }).catch(() => undefined);
    await provider.login({ agent: '2001', password: SECRET });
    await until(session, (x) => x.agent.phase === 'ready', 'registered');
    const report = await provider.diagnostics();
    expect(report.configuration!['credentials']).to.deep.equal({ user: 'crm', password: '***' });
    const text = expectClean(report, [...PIECES, ...sessionSecrets(name)]);
    expect(text).to.match(/Senha \*\*\* incorreta/);
  });

  it('DGPhone through a relay: no PIN and no relay token in the file', async () => {
    const sim = await startSimulator('dgphone', { agents: [{ agent: '1001', pin: PIN }], timestampIntervalMs: null, farEndAnswerMs: null, featureAnswerMs: 30, featureHangupMs: 50 });
    const token = `dgdiag${Date.now().toString(36)}`;
    const relay = await startRelay({ [token]: sim.url });
    cleanups.push(() => sim.stop(), async () => void (await fetch(`/__sim/${relay.id}`, { method: 'DELETE' })));
    const name = uniqueHubName('diag-dgphone');
    const { provider, session } = await hostPage(name, (p) => {
      p.options = { reconnectBaseMs: 100, reconnectMaxMs: 400, requestTimeoutMs: 3000, helperHangupGraceMs: 300 };
      Object.assign(p, { vendor: 'dgphone', server: `${relay.url}?token=${token}`, agent: '1001', extension: '2001' });
    });
    await until(session, (x) => x.connection.status === 'connected', 'connected');
    await control(sim, 'emit', { text: `Bogus: packet\r\nDigits: ${PIN}#\r\n\r\n` });
    await provider.login({ agent: '1001', password: PIN });
    await until(session, (x) => x.agent.phase === 'ready', 'the agent signed in');
    const report = await provider.diagnostics();
    expect(report.configuration!['server']).to.equal(`${relay.url}?token=***`);
    expectClean(report, [PIN, token, ...sessionSecrets(name)]);
  });
});
