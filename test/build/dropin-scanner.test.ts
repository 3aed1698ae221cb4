/**
 * The BUILT drop-in with `<cti-provider scan-tel-links>`: the scanner is a lazy chunk fetched from the widget's
 * origin (a CDN, with CORS) only when the attribute is set, under the built page's strict CSP (Trusted Types,
 * no inline script), and a `tel:` link the page adds afterwards dials the Interact simulator through the hub.
 */
import { expect } from '@open-wc/testing';
import { startSimulator, waitFor, type SimulatorHandle } from '../e2e/helpers.js';
import { cspReports, openBuiltPage, withTimeout, type ProviderLike } from './helpers.js';

describe('built drop-in: click-to-dial in the host page', function () {
  this.timeout(30000);
  let sim: SimulatorHandle | undefined;
  let iframe: HTMLIFrameElement | undefined;
  afterEach(async () => {
    iframe?.remove();
    await sim?.stop();
  });

  it('loads the scanner chunk from the widget origin only with scan-tel-links, and a tel: link added later dials', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    const widgetOrigin = `http://127.0.0.1:${location.port}`;
    const page = await openBuiltPage({ server: sim.url, widgetOrigin });
    iframe = page.iframe;
    const doc = iframe.contentDocument!;
    const win = iframe.contentWindow as Window & typeof globalThis;
    const violations: string[] = [];
    doc.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    await withTimeout(win.customElements.whenDefined('cti-provider'), 10000, 'the elements');
    const provider = doc.querySelector('cti-provider') as ProviderLike;
    await waitFor(() => provider.session?.snapshot?.connection.status === 'connected', 'the built hub to connect', 15000);
    const scanner = () => win.performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.includes('/tel-scanner-'));
    expect(scanner(), 'not fetched without the attribute').to.deep.equal([]);

    await provider.login({ agent: '1001', password: '1234', extension: '2001' });
    await provider.execute({ type: 'ready' });
    await waitFor(() => provider.session?.snapshot?.agent.phase === 'ready', 'ready');
    provider.setAttribute('scan-tel-links', '');
    await waitFor(() => scanner().length === 1, 'the scanner chunk');
    expect(scanner()[0]!.startsWith(`${widgetOrigin}/dist/chunks/`)).to.equal(true);

    const requests: { number: string; source: string }[] = [];
    const elements: unknown[] = [];
    provider.addEventListener('cti-dial-request', (e) => {
      requests.push(e.detail);
      elements.push(e.element);
    });
    const link = doc.createElement('a');
    link.href = 'tel:+55-48-3333-4444';
    link.textContent = '(48) 3333-4444';
    doc.body.append(link);
    // The chunk has arrived, but the provider registers with it a moment later: click until it dials. A click the
    // scanner did not take would open the OS handler: this page-level listener (after the scanner's) stops it.
    let leftToOs = 0;
    doc.addEventListener('click', (e) => {
      if (!e.defaultPrevented) leftToOs++;
      e.preventDefault();
    });
    await waitFor(() => {
      if (!requests.length) link.click();
      return requests.length > 0;
    }, 'the scanner to take the click');
    expect(requests).to.deep.equal([{ number: '+554833334444', source: 'link' }]);
    expect(elements).to.deep.equal([link]);
    const before = leftToOs;
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true }));
    expect(leftToOs, 'a Ctrl+click goes to the OS').to.equal(before + 1);
    expect(requests).to.have.length(1);
    await waitFor(() => provider.session?.snapshot?.calls.some((c) => c.state === 'dialing' || c.state === 'active'), 'the dialled call in the hub');
    expect(win.location.pathname).to.equal('/__built/page.html');
    expect(violations).to.deep.equal([]);
    expect(await cspReports(page.id)).to.deep.equal([]);
  });
});
