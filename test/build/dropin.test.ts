/**
 * The BUILT drop-in bundle (`npm run build` → dist/), not the sources: one classic <script> tag
 * served from a second origin (a CDN, with CORS), in a page with a strict Content-Security-Policy (no
 * inline script, no eval, Trusted Types), reaching the Interact simulator through the hub frame and
 * the built hub worker. The tag is a small loader that imports the ES module next to it; the en/es
 * catalogs are chunks loaded from the same origin only when an element switches to them.
 */
import { expect } from '@open-wc/testing';
import { control, simState, startSimulator, waitFor, type SimulatorHandle } from '../e2e/helpers.js';
import { crossSiteWidget, type RemoteWidget } from './helpers.js';
import { foreignPage, secondPortOrigin } from '../hub/helpers.js';

interface ProviderLike extends HTMLElement {
  session?: { hubMode?: string; snapshot?: { connection: { status: string }; agent: { phase: string }; calls: { id: string; state: string }[] } };
  login(credentials: { agent: string; password: string; extension?: string }): Promise<void>;
  execute(command: { type: string }): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);
}

describe('built drop-in bundle from another origin, under a strict CSP', function () {
  this.timeout(30000);
  let sim: SimulatorHandle;
  let iframe: HTMLIFrameElement | undefined;
  afterEach(async () => {
    iframe?.remove();
    await sim?.stop();
  });

  it('registers the elements, connects through the hub frame, signs in and shows a call, with no CSP violation', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    // The page is on this origin (localhost); the bundle comes from 127.0.0.1 (another origin).
    const widgetOrigin = `http://127.0.0.1:${location.port}`;
    expect(widgetOrigin).not.to.equal(location.origin);
    iframe = document.createElement('iframe');
    iframe.style.width = '360px';
    iframe.style.height = '640px';
    const id = `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    iframe.src = `/__built/page.html?${new URLSearchParams({ server: sim.url, origin: widgetOrigin, id })}`;
    const violations: string[] = [];
    document.body.append(iframe);
    await new Promise((resolve) => iframe!.addEventListener('load', resolve, { once: true }));
    const doc = iframe.contentDocument!;
    doc.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const win = iframe.contentWindow as Window & typeof globalThis;

    // The elements are defined asynchronously (the loader imports the module): what host code awaits.
    await withTimeout(win.customElements.whenDefined('cti-provider'), 10000, 'customElements.whenDefined("cti-provider")');
    expect(win.customElements.get('cti-phone') && win.customElements.get('cti-agent-status') && win.customElements.get('cti-queue')).to.be.a('function');
    const loaded = () => win.performance.getEntriesByType('resource').map((e) => e.name);
    expect(loaded()).to.include(`${widgetOrigin}/dist/cti-elements.module.js`);
    const provider = doc.querySelector('cti-provider') as ProviderLike;
    await waitFor(() => provider.session?.snapshot?.connection.status === 'connected', 'the built hub to connect', 15000);
    // The bundle was served from another origin, so the hub runs behind the hub frame from that origin.
    const hubFrame = doc.querySelector<HTMLIFrameElement>('iframe[src*="hub-frame.html"]');
    expect(hubFrame?.src.startsWith(widgetOrigin)).to.equal(true);
    // The frame served this page (its origin is in the frame's allow-list): the hub is the shared worker.
    expect(provider.session?.hubMode).to.equal('shared-worker');

    await provider.login({ agent: '1001', password: '1234', extension: '2001' });
    await provider.execute({ type: 'ready' });
    await waitFor(() => provider.session?.snapshot?.agent.phase === 'ready', 'ready');

    // Switching an element to en, then es: each catalog is fetched once, from the widget origin, and rendered.
    const status = doc.querySelector('cti-agent-status')!;
    const stateLabel = () => status.shadowRoot!.querySelector('[part~="state-label"]')?.textContent?.trim();
    await waitFor(() => stateLabel() === 'Disponível', 'the pt-BR state label');
    expect(loaded().filter((u) => /\/chunks\/(en|es)-/.test(u)), 'no en/es catalog fetched in a pt-BR page').to.deep.equal([]);
    status.setAttribute('lang', 'en');
    await waitFor(() => stateLabel() === 'Ready', 'the state label in English (lazy en catalog)');
    status.setAttribute('lang', 'es');
    await waitFor(() => stateLabel() === 'Disponible', 'the state label in Spanish (lazy es catalog)');
    const catalogs = loaded().filter((u) => /\/chunks\/(en|es)-/.test(u));
    expect(catalogs).to.have.length(2);
    for (const url of catalogs) expect(url.startsWith(`${widgetOrigin}/dist/chunks/`), url).to.equal(true);
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    await waitFor(() => provider.session?.snapshot?.calls.some((c) => c.id === call_id), 'the call in the built page');
    const phone = doc.querySelector('cti-phone')!.shadowRoot!;
    await waitFor(() => phone.querySelector(`[data-call-id="${CSS.escape(call_id)}"]`)?.textContent?.includes('(11) 95555-4444'), 'the call rendered by the built element (number formatted)');

    const state = await simState(sim);
    expect(state.channels.filter((c: any) => c.monitor === 'agent')).to.have.length(1);
    expect(violations, 'CSP violations seen in the page').to.deep.equal([]);
    // Violations during load happen before any listener: the policy also reports them to the server.
    await new Promise((r) => setTimeout(r, 200));
    const reported = (await (await fetch(`/__built/csp-report/${id}`)).json()) as string[];
    expect(reported, 'CSP violation reports').to.deep.equal([]);
  });

  it('the built hub frame refuses a page whose origin is not in its allow-list, at once', async () => {
    const widgetOrigin = `http://127.0.0.1:${location.port}`;
    // Same host as this page, another port: another origin of the same site, not listed in the served frame.
    const report = await foreignPage(await secondPortOrigin(), { name: 'cti-hub', frame: `${widgetOrigin}/dist/hub-frame.html`, agent: '1001' });
    expect(report.refused, JSON.stringify(report)).to.deep.include({ code: 'hub-unavailable' });
    expect((report.refused as { detail: string }).detail).to.contain('does not serve');
    expect(report.ms as number).to.be.below(4000);
  });

  it('inside cross-site iframes (default settings): the partitioned hub SharedWorker runs, two widgets share ONE vendor connection, a call rings in both', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    const widgets: RemoteWidget[] = [];
    try {
      widgets.push(await crossSiteWidget(sim.url, 'shared-worker'));
      widgets.push(await crossSiteWidget(sim.url, 'shared-worker'));
      const [a, b] = widgets as [RemoteWidget, RemoteWidget];
      await a.run('login');
      await a.run('ready');
      await b.until((s) => s.phase === 'ready', 'the other widget to see ready');
      const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
      for (const w of widgets) await waitFor(() => w.of('cti-incoming-call').some((d) => d.callId === call_id), 'cti-incoming-call in both widgets');
      const state = await simState(sim);
      expect(state.channels.filter((c: any) => c.monitor === 'agent')).to.have.length(1);
      for (const w of widgets) expect(w.of('cti-error')).to.deep.equal([]);
    } finally {
      for (const w of widgets) w.close();
    }
  });

  it('served from the page origin itself under enforced Trusted Types: the hub worker URL goes through the cti-elements policy', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    iframe = document.createElement('iframe');
    const id = `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    iframe.src = `/__built/page.html?${new URLSearchParams({ server: sim.url, origin: location.origin, id })}`;
    const violations: string[] = [];
    document.body.append(iframe);
    await new Promise((resolve) => iframe!.addEventListener('load', resolve, { once: true }));
    const doc = iframe.contentDocument!;
    doc.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    const win = iframe.contentWindow as Window & typeof globalThis;
    await withTimeout(win.customElements.whenDefined('cti-provider'), 10000, 'customElements.whenDefined("cti-provider")');
    const provider = doc.querySelector('cti-provider') as ProviderLike;
    await waitFor(() => provider.session?.snapshot?.connection.status === 'connected', 'the built hub to connect (same origin)', 15000);
    // Same origin: no hub frame, the page starts the SharedWorker itself — a Trusted Types sink.
    expect(provider.session?.hubMode).to.equal('shared-worker');
    expect(doc.querySelector('iframe[src*="hub-frame.html"]')).to.equal(null);
    expect(violations, 'CSP violations seen in the page').to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 200));
    const reported = (await (await fetch(`/__built/csp-report/${id}`)).json()) as string[];
    expect(reported, 'CSP violation reports').to.deep.equal([]);
  });
});
