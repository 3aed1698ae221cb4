/**
 * The BUILT drop-in in a browser that refuses storage to third-party frames (this file runs in the
 * `blocked-third-party-storage` group of web-test-runner.config.mjs: Chromium with
 * ThirdPartyStoragePartitioning off, where a cross-site frame's Web Locks and SharedWorker are refused).
 *
 *  - Bundle from a second origin (a CDN): its hub frame is a third-party frame, refused; the page runs the
 *    hub itself — leader tab in the page's origin, shared with its other tabs over BroadcastChannel.
 *  - The widget inside a cross-site iframe (Salesforce, Zendesk): nothing there may take a Web Lock or start
 *    a SharedWorker, so the tab runs its own hub in a dedicated Worker (`single-tab`) and says so.
 */
import { expect } from '@open-wc/testing';
import { control, simState, startSimulator, waitFor, type SimulatorHandle } from '../e2e/helpers.js';
import { cspReports, crossSiteWidget, openBuiltPage, otherOrigin, withTimeout, type ProviderLike, type RemoteWidget } from './helpers.js';

describe('built drop-in where third-party storage is refused', function () {
  this.timeout(30000);
  let sim: SimulatorHandle;
  const frames: HTMLIFrameElement[] = [];
  const widgets: RemoteWidget[] = [];
  afterEach(async () => {
    for (const f of frames.splice(0)) f.remove();
    for (const w of widgets.splice(0)) w.close();
    await sim?.stop();
  });

  async function page(): Promise<{ doc: Document; provider: ProviderLike; id: string; changes: any[] }> {
    // The page is on this origin (localhost); the bundle, hub frame and hub worker on 127.0.0.1.
    const started = performance.now();
    const { iframe, id } = await openBuiltPage({ server: sim.url, widgetOrigin: otherOrigin(), connect: true });
    frames.push(iframe);
    const doc = iframe.contentDocument!;
    const changes: any[] = [];
    doc.addEventListener('cti-connection-changed', (e) => changes.push((e as CustomEvent).detail));
    const win = iframe.contentWindow as Window & typeof globalThis;
    await withTimeout(win.customElements.whenDefined('cti-provider'), 10000, 'the elements to be defined');
    const provider = doc.querySelector('cti-provider') as ProviderLike;
    await waitFor(() => provider.session?.snapshot?.connection.status === 'connected', 'the built page to connect', 15000);
    console.log(`built page connected (${provider.session?.hubMode}) ${(performance.now() - started).toFixed(0)} ms after it was opened`);
    return { doc, provider, id, changes };
  }

  it('a bundle from a second origin whose hub frame is refused runs the hub in the page, and a call rings', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    const { doc, provider, id, changes } = await page();
    expect(provider.session?.hubMode).to.equal('leader-tab');
    const connected = await waitFor(() => changes.find((c) => c.next === 'connected'), 'cti-connection-changed to connected');
    expect(connected.connection.hubMode).to.equal('leader-tab');
    await provider.login({ agent: '1001', password: '1234', extension: '2001' });
    await provider.execute({ type: 'ready' });
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    const phone = doc.querySelector('cti-phone')!.shadowRoot!;
    await waitFor(() => phone.querySelector(`[data-call-id="${CSS.escape(call_id)}"]`)?.textContent?.includes('(11) 95555-4444'), 'the call rendered (number formatted)');
    expect(await cspReports(id), 'CSP violation reports').to.deep.equal([]);
  });

  it('two tabs of that page still share one vendor connection (leader and follower)', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    const a = await page();
    const b = await page();
    expect([a.provider.session?.hubMode, b.provider.session?.hubMode]).to.deep.equal(['leader-tab', 'follower-tab']);
    await b.provider.login({ agent: '1001', password: '1234', extension: '2001' });
    await b.provider.execute({ type: 'ready' });
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    for (const tab of [a, b]) await waitFor(() => tab.provider.session?.snapshot?.calls.some((c) => c.id === call_id), 'the call in both tabs');
    const state = await simState(sim);
    expect(state.channels.filter((c: any) => c.monitor === 'agent')).to.have.length(1);
  });

  it('the widget inside a cross-site iframe runs its own hub (single-tab), says so, and a call rings', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    const widget = await crossSiteWidget(sim.url, 'single-tab');
    widgets.push(widget);
    await widget.run('login');
    await widget.run('ready');
    await widget.until((s) => s.phase === 'ready', 'ready in the cross-site widget');
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    await waitFor(() => widget.of('cti-incoming-call').some((d) => d.callId === call_id), 'cti-incoming-call in the cross-site widget');
    expect(widget.of('cti-error')).to.deep.equal([]);
  });
});
