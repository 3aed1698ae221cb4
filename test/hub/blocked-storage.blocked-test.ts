/**
 * The hub where the browser refuses storage to third-party frames (this file runs in the
 * `blocked-third-party-storage` group: Chromium with ThirdPartyStoragePartitioning off, where a
 * cross-site frame's `navigator.locks.request` rejects and its SharedWorker fires `error`).
 * The test page is on one site (localhost); "other origin" frames are on the other (127.0.0.1).
 */
import { expect, fixture, html } from '@open-wc/testing';
import { connectHub } from '../../src/client/hub-connection.js';
import { createCtiSession } from '../../src/client/session.js';
import type { CtiError } from '../../src/domain/model.js';
import '../../src/elements/cti-agent-status/cti-agent-status.js';
import '../../src/elements/cti-provider/cti-provider.js';
import type { CtiProvider } from '../../src/elements/cti-provider/cti-provider.js';
import { registerAdapterFactory } from '../../src/vendors/registry.js';
import { createFakeVendor, fakeConfig, FAKE_VENDOR } from '../fixtures/hub/fake-vendor.js';
import { uniqueName, waitFor, WORKER } from './helpers.js';

/** The same test server, another site. */
function otherOrigin(path: string): string {
  const host = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return `${location.protocol}//${host}:${location.port}${path}`;
}
const FRAME = () => otherOrigin('/test/fixtures/hub/test-hub-frame.html');

interface TabReport {
  mode?: string;
  hubId?: string;
  phase?: string;
  stats?: { sessions: number; tabs: number; connections: number };
  error?: CtiError;
}

/** A test tab (test/fixtures/hub/tab.html) inside a cross-site iframe, followed through its reports. */
async function crossSiteTab(params: Record<string, string>) {
  const reports: TabReport[] = [];
  const iframe = document.createElement('iframe');
  const onMessage = (event: MessageEvent) => {
    if (event.source === iframe.contentWindow && event.data?.tabReport) reports.push(event.data as TabReport);
  };
  addEventListener('message', onMessage);
  iframe.src = otherOrigin(`/test/fixtures/hub/tab.html?${new URLSearchParams({ ...params, report: '1' })}`);
  document.body.append(iframe);
  const next = async (command?: string): Promise<TabReport> => {
    const before = reports.length;
    if (command) iframe.contentWindow!.postMessage({ tabCommand: command }, new URL(iframe.src).origin);
    await waitFor(() => reports.length > before, 'the cross-site tab to report', 8000);
    return reports.at(-1)!;
  };
  return {
    first: next(),
    next,
    close() {
      removeEventListener('message', onMessage);
      iframe.remove();
    },
  };
}

describe('hub where third-party storage is refused', function () {
  this.timeout(15000);

  it('the refusal is real in this browser: a forced hub frame fails with the browser reason, at once', async () => {
    const started = performance.now();
    let error: CtiError | undefined;
    try {
      await connectHub({ name: uniqueName('blocked-frame'), mode: 'frame', frameUrl: FRAME(), pingIntervalMs: 0 });
    } catch (e) {
      error = e as CtiError;
    }
    expect(error).to.deep.include({ code: 'hub-unavailable', detail: 'The request was denied.' });
    expect(performance.now() - started).to.be.below(3000);
  });

  it('a refused hub frame falls back to a leader tab in the page origin (hub script in a dedicated Worker)', async () => {
    const hub = await connectHub({ name: uniqueName('blocked-leader'), frameUrl: FRAME(), workerUrl: WORKER, pingIntervalMs: 0 });
    try {
      expect(hub.mode).to.equal('leader-tab');
      expect(hub.viaFrame).to.equal(false);
      expect(document.querySelectorAll('iframe[title="cti hub"]'), 'the refused hub frame is removed').to.have.length(0);
      const phases: string[] = [];
      const a = await hub.attach(fakeConfig('alice'), (s) => phases.push(s.agent.phase));
      expect(a.snapshot.connection.status).to.equal('connected');
      expect(await hub.command(a.key, { type: 'ready' })).to.deep.equal({ ok: true });
      await waitFor(() => phases.includes('ready'), 'ready from the leader hub');
      expect(await hub.api.stats()).to.deep.equal({ sessions: 1, tabs: 1, connections: 1 });
    } finally {
      hub.close();
    }
  });

  it('with the hub script on another origin (a CDN) the leader runs the hub core in the page itself', async () => {
    const vendor = createFakeVendor();
    registerAdapterFactory(FAKE_VENDOR, vendor.factory);
    const hub = await connectHub({ name: uniqueName('blocked-inpage'), frameUrl: FRAME(), workerUrl: otherOrigin(WORKER), pingIntervalMs: 0 });
    try {
      expect(hub.mode).to.equal('leader-tab');
      const a = await hub.attach(fakeConfig('bob'), () => {});
      expect(await hub.command(a.key, { type: 'ready' })).to.deep.equal({ ok: true });
      // The vendor adapter runs in this page: the core was imported here, not started in a worker.
      expect(vendor.adapters).to.have.length(1);
      expect(vendor.adapters[0]!.commands).to.deep.equal([{ type: 'ready' }]);
    } finally {
      hub.close();
    }
  });

  it('a tab inside a cross-site iframe (no Web Locks, no SharedWorker) runs its own hub: single-tab, honestly', async () => {
    const name = uniqueName('blocked-single');
    const worker = otherOrigin(WORKER);
    const a = await crossSiteTab({ name, worker, dedicated: '1' });
    const b = await crossSiteTab({ name, worker, dedicated: '1' });
    try {
      const [ra, rb] = [await a.first, await b.first];
      expect(ra.error).to.equal(undefined);
      expect(ra.mode).to.equal('single-tab');
      expect(rb.mode).to.equal('single-tab');
      // Each tab has its own hub and vendor connection: nothing there can elect a leader.
      expect(ra.hubId).not.to.equal(rb.hubId);
      expect(ra.stats).to.deep.equal({ sessions: 1, tabs: 1, connections: 1 });
      // The command's answer and the state it leads to are separate messages (a vendor says "ready" by an event,
      // and the hub sends updates at most once a frame): ask for the tab's state until it shows it.
      let after = await a.next('ready');
      for (let i = 0; i < 20 && after.phase !== 'ready'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        after = await a.next('state');
      }
      expect(after.phase).to.equal('ready');
    } finally {
      a.close();
      b.close();
    }
  });

  it('when no hub can run, the provider fires ONE cti-error hub-unavailable with the browser reason and the element shows it', async () => {
    const name = uniqueName('blocked-none');
    const errors: CtiError[] = [];
    const changes: { next: string }[] = [];
    const el = await fixture<CtiProvider>(html`
      <cti-provider
        .sessionFactory=${(config: never) => createCtiSession(config, { hub: { name, mode: 'frame', frameUrl: FRAME(), pingIntervalMs: 0 } })}
        @cti-error=${(e: CustomEvent<CtiError>) => errors.push(e.detail)}
        @cti-connection-changed=${(e: CustomEvent<{ next: string }>) => changes.push(e.detail)}
        vendor="interact"
        server="http://interact.invalid/interact_cti/v1.0"
        agent="1001"
        lang="en"
      >
        <cti-agent-status></cti-agent-status>
      </cti-provider>
    `);
    await waitFor(() => errors.length > 0, 'cti-error');
    await new Promise((r) => setTimeout(r, 100));
    expect(errors).to.have.length(1);
    expect(errors[0]).to.deep.include({ code: 'hub-unavailable', detail: 'The request was denied.' });
    expect(changes.map((c) => c.next)).to.deep.equal(['closed']);
    expect(el.session?.hubMode).to.equal(undefined);
    const status = el.querySelector('cti-agent-status')!;
    const alert = await waitFor(() => status.shadowRoot?.querySelector('[role="alert"]'), 'the error on screen');
    await waitFor(() => alert.textContent?.includes('could not start'), 'the hub-unavailable message (en)');
    expect(alert.textContent).to.include('The request was denied.');
    // One condition, one message (issue #11 §1): the alert says why; the status region only carries the state.
    expect(status.shadowRoot!.querySelector('[part="connection"]')?.getAttribute('data-status')).to.equal('closed');
    expect(status.shadowRoot!.querySelectorAll('[role="alert"]')).to.have.length(1);
    expect(status.shadowRoot!.textContent).not.to.include('Connecting…');
  });
});
