import { expect } from '@open-wc/testing';
import { collectDiagnostics, downloadDiagnostics, VERSION, type DiagnosticsReport } from './diagnostics.js';
import { DIAGNOSTICS_CHANNEL, tabLog, withTabLog, type TabReport } from './tab-log.js';
import { FakeSession, makeSnapshot } from '../elements/test-support/fake-session.js';

const PASSWORD = 'Ap9-crm-pass';
const TOKEN = 'tok-7Hq2-relay';
const SESSION_SECRET = 'S3ss10nS3cr3tV4lu3_abcdef';
const OTHER_TAB_PIN = '90817263';

function session() {
  const snapshot = makeSnapshot({
    tabs: 2,
    connectionHistory: [
      { at: 1, status: 'connecting' },
      { at: 2, status: 'connected' },
    ],
    recentCalls: [{ id: 'c1', direction: 'inbound', number: '11987654321', startedAt: 1, endedAt: 2, outcome: 'missed' }],
    log: [
      { at: 1, level: 'info', message: 'authenticate sent' },
      // A line the hub failed to mask (it cannot, by value, for a secret the page holds): masked here.
      { at: 2, level: 'warn', message: `server said: bad app secret ${PASSWORD} for ${TOKEN}` },
    ],
  });
  return new FakeSession(snapshot, {
    server: `ws://relay.example:6080/?token=${TOKEN}`,
    credentials: { user: 'crm', password: PASSWORD },
    options: { reloadGraceMs: 5000, apiKey: 'opt-key-1234' },
  });
}

describe('diagnostics file', () => {
  before(() => sessionStorage.setItem('cti-hub-secrets:diag-test', JSON.stringify({ 'neon|x|': SESSION_SECRET })));
  after(() => sessionStorage.removeItem('cti-hub-secrets:diag-test'));

  it('VERSION is package.json version', async () => {
    const pkg = (await (await fetch('/package.json')).json()) as { version: string };
    expect(VERSION).to.equal(pkg.version);
  });

  it('holds versions, hub mode, configuration, connection history, the hub log and every tab log', async () => {
    withTabLog()('warn', 'reconnecting to the hub: ping timeout');
    const report = await collectDiagnostics(session(), { waitMs: 50 });
    expect(report.format).to.equal('cti-diagnostics/1');
    expect(report.versions).to.include({ ctiElements: VERSION });
    expect(report.hub).to.include({ mode: 'in-page', tabsAttached: 2 });
    expect(report.configuration).to.include({ vendor: 'interact', agent: '1001' });
    expect(report.configuration!['credentials']).to.deep.equal({ user: 'crm', password: '***' });
    expect(report.configuration!['server']).to.equal('ws://relay.example:6080/?token=***');
    const s = report.session!;
    expect((s['connectionHistory'] as { status: string }[]).map((h) => h.status)).to.deep.equal(['connecting', 'connected']);
    expect(s['recentCalls']).to.deep.equal([{ direction: 'inbound', outcome: 'missed', startedAt: 1, endedAt: 2 }]);
    expect(report.hubLog.length).to.equal(2);
    const self = report.tabs.find((t) => t.self)!;
    expect(self.entries.some((e) => e.message === 'reconnecting to the hub: ping timeout')).to.equal(true);
    expect(self.page).to.equal(`${location.origin}${location.pathname}`);
  });

  it('gathers the other tabs of this origin over BroadcastChannel', async () => {
    const other = new BroadcastChannel(DIAGNOSTICS_CHANNEL);
    other.onmessage = (e: MessageEvent) => {
      if (e.data?.t !== 'ask') return;
      const tab = { tabId: 'other-tab', startedAt: 5, page: 'https://crm.example/x', visibility: 'hidden', entries: [{ at: 6, level: 'info', message: `dtmf digits=${OTHER_TAB_PIN} sent` }] };
      other.postMessage({ t: 'tab', id: e.data.id, tab });
      other.postMessage({ t: 'tab', id: 'another-request', tab: { ...tab, tabId: 'stale' } });
      other.postMessage({ t: 'tab', id: e.data.id, tab: { tabId: 'broken' } });
    };
    try {
      const report = await collectDiagnostics(session(), { waitMs: 150 });
      expect(report.tabs.map((t) => [t.tabId === 'other-tab' ? 'other-tab' : 'self', t.self])).to.deep.equal([
        ['self', true],
        ['other-tab', false],
      ]);
      expect(report.tabs[1]!.entries[0]!.message).to.equal('dtmf digits=***');
    } finally {
      other.close();
    }
  });

  it('a tab answers another tab with its log, redacted', async () => {
    withTabLog()('info', `sent {"password":"${PASSWORD}"}`);
    const asker = new BroadcastChannel(DIAGNOSTICS_CHANNEL);
    try {
      const answer = new Promise<TabReport>((resolve) => {
        asker.onmessage = (e: MessageEvent) => {
          if (e.data?.t === 'tab' && e.data.id === 'ask-1') resolve(e.data.tab as TabReport);
        };
      });
      asker.postMessage({ t: 'ask', id: 'ask-1' });
      const tab = await answer;
      expect(tab.entries.at(-1)!.message).to.equal('sent {"password":"***"}');
      expect(JSON.stringify(tab)).not.to.contain(PASSWORD);
    } finally {
      asker.close();
    }
  });

  it('no credential, token, PIN or session secret anywhere in the file', async () => {
    tabLog('info', `login {"agent":"1001","password":"${PASSWORD}"} PIN: ${OTHER_TAB_PIN}`);
    const report = await collectDiagnostics(session(), { waitMs: 20 });
    const text = JSON.stringify(report);
    for (const secret of [PASSWORD, TOKEN, SESSION_SECRET, OTHER_TAB_PIN, 'opt-key-1234']) expect(text, secret).not.to.contain(secret);
    expect(text).to.contain('bad app secret *** for ***');
  });

  it('works with no session (page only)', async () => {
    const report = await collectDiagnostics(undefined, { waitMs: 10 });
    expect(report.configuration).to.equal(null);
    expect(report.session).to.equal(null);
    expect(report.tabs.length).to.be.greaterThan(0);
  });

  it('downloads one pretty JSON file, cti-diagnostics-<date>.json, through a blob: link', async () => {
    const report = await collectDiagnostics(session(), { waitMs: 10 });
    let clicked: HTMLAnchorElement | undefined;
    const capture = (e: Event) => {
      if (e.target instanceof HTMLAnchorElement && e.target.download) {
        clicked = e.target;
        e.preventDefault();
      }
    };
    document.addEventListener('click', capture, true);
    try {
      const name = downloadDiagnostics(report);
      expect(name).to.match(/^cti-diagnostics-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/);
      expect(clicked!.download).to.equal(name);
      expect(clicked!.href).to.match(/^blob:/);
      expect(clicked!.isConnected).to.equal(false);
      const text = await (await fetch(clicked!.href)).text();
      expect(text).to.contain('\n  "format": "cti-diagnostics/1"');
      expect((JSON.parse(text) as DiagnosticsReport).createdAt).to.equal(report.createdAt);
    } finally {
      document.removeEventListener('click', capture, true);
    }
  });
});
