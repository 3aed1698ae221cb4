import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../index.js';
import type { CtiProvider } from '../elements/cti-provider/cti-provider.js';
import type { CtiDialRequestEvent } from '../events/cti-dial-request.js';
import type { CtiErrorEvent } from '../events/cti-error.js';
import { FakeSession, makeSnapshot } from '../elements/test-support/fake-session.js';
import type { SessionConfig } from '../vendors/adapter.js';
import { parseDialText, parseTelUri, scanningProviders } from './tel-scanner.js';

describe('tel-scanner: numbers', () => {
  it('reads tel: URIs: separators, percent-encoding, extension and pauses, other parameters ignored', () => {
    const cases: [string, ReturnType<typeof parseTelUri>][] = [
      ['tel:+55-48-3333-4444', { number: '+554833334444' }],
      ['TEL:(48) 3333.4444', { number: '4833334444' }],
      ['tel:%2B55%2048%203333%204444', { number: '+554833334444' }],
      ['tel:+55-48-3333-4444;ext=12', { number: '+554833334444', extension: '12' }],
      ['tel:08001234567,,123#', { number: '08001234567', extension: '123#' }],
      ['tel:4004-1234;5', { number: '40041234', extension: '5' }],
      ['tel:4833334444;phone-context=example.com', { number: '4833334444' }],
      ['tel://4833334444', { number: '4833334444' }],
      ['tel:*21#', { number: '*21#' }],
      ['tel:+1-800-FLOWERS', undefined],
      ['tel:', undefined],
      ['tel:%E0%A4%A', undefined],
      ['tel:' + '1'.repeat(33), undefined],
      ['tel:12+34', undefined],
    ];
    for (const [uri, expected] of cases) expect(parseTelUri(uri), uri).to.deep.equal(expected);
  });

  it('finds the first number in a text', () => {
    expect(parseDialText('Tel.: (48) 3333-4444')).to.deep.equal({ number: '4833334444' });
    expect(parseDialText(' +55 11 98765-4321 (celular)')).to.deep.equal({ number: '+5511987654321' });
    expect(parseDialText('Ramal 2001')).to.deep.equal({ number: '2001' });
    expect(parseDialText('sem telefone')).to.equal(undefined);
    expect(parseDialText('')).to.equal(undefined);
  });
});

describe('<cti-provider scan-tel-links>', () => {
  /** What reached the page after the scanner (bubble phase on the document); the test stops navigation itself. */
  let clicks: { prevented: boolean }[];
  const afterScanner = (e: Event): void => {
    clicks.push({ prevented: e.defaultPrevented });
    e.preventDefault();
  };
  let made: FakeSession[];
  const create = (config: SessionConfig) => {
    const s = new FakeSession(makeSnapshot({}, config.vendor), config);
    made.push(s);
    return s;
  };

  beforeEach(() => {
    clicks = [];
    made = [];
    document.addEventListener('click', afterScanner);
  });
  afterEach(() => {
    document.removeEventListener('click', afterScanner);
    fixtureCleanup();
    expect(scanningProviders(), 'no scanner left behind').to.equal(0);
  });

  async function page(content: unknown, attrs = true) {
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <cti-provider vendor="interact" server="http://a" agent="1" ?scan-tel-links=${attrs} .sessionFactory=${create}></cti-provider>
      <div class="crm">${content}</div>
    </div>`);
    const provider = wrap.querySelector('cti-provider') as CtiProvider;
    const requests: CtiDialRequestEvent[] = [];
    provider.addEventListener('cti-dial-request', (e) => requests.push(e));
    if (attrs) await waitUntil(() => scanningProviders() === 1, 'scanner started');
    return { wrap, provider, requests, commands: () => made[0]!.commands, crm: wrap.querySelector('.crm')! };
  }

  it('a tel: link dials through the provider, with a cancelable cti-dial-request, and never reaches the OS handler', async () => {
    const p = await page(html`<a href="tel:+55-48-3333-4444;ext=12">(48) 3333-4444</a>`);
    p.crm.querySelector('a')!.click();
    expect(clicks).to.deep.equal([{ prevented: true }]);
    expect(p.requests).to.have.length(1);
    const request = p.requests[0]!;
    expect(request.cancelable).to.equal(true);
    expect(request.detail).to.deep.include({ number: '+554833334444', source: 'link', extension: '12' });
    expect(request.element).to.equal(p.crm.querySelector('a'));
    expect(structuredClone(request.detail), 'plain data').to.deep.equal(request.detail);
    expect(p.commands()).to.deep.equal([{ type: 'dial', to: '+554833334444' }]);
  });

  it('a veto: no dial and no navigation either', async () => {
    const p = await page(html`<a href="tel:4833334444">ligar</a>`);
    p.provider.addEventListener('cti-dial-request', (e) => e.preventDefault());
    p.crm.querySelector('a')!.click();
    expect(p.requests).to.have.length(1);
    expect(p.commands()).to.deep.equal([]);
    expect(clicks).to.deep.equal([{ prevented: true }]);
  });

  it('covers content added later and links inside open shadow roots', async () => {
    const p = await page(html``);
    const late = document.createElement('a');
    late.href = 'tel:1133334444';
    late.textContent = 'late';
    p.crm.append(late);
    late.click();
    const host = document.createElement('div');
    p.crm.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<span><a href="tel:2133334444"><b>inner</b></a></span>';
    root.querySelector('b')!.click();
    expect(p.commands()).to.deep.equal([
      { type: 'dial', to: '1133334444' },
      { type: 'dial', to: '2133334444' },
    ]);
  });

  it('data-cti-dial: its value, or its text; data-cti-service; a non-phone link inside is left alone', async () => {
    const p = await page(html`<span id="v" data-cti-dial="+55 48 3333-4444" data-cti-service="vendas">Maria</span>
      <p id="t" data-cti-dial>Tel.: (11) 98765-4321</p>
      <div id="c" data-cti-dial="4833334444"><a id="web" href="#crm-record">record</a></div>
      <span id="none" data-cti-dial>—</span>`);
    (p.crm.querySelector('#v') as HTMLElement).click();
    (p.crm.querySelector('#t') as HTMLElement).click();
    (p.crm.querySelector('#web') as HTMLElement).click();
    (p.crm.querySelector('#none') as HTMLElement).click();
    expect(p.requests.map((r) => [r.detail.number, r.detail.service])).to.deep.equal([['+554833334444', 'vendas'], ['11987654321', undefined]]);
    expect(p.commands()[0]).to.deep.equal({ type: 'dial', to: '+554833334444', service: 'vendas' });
    expect(clicks.at(-2)).to.deep.equal({ prevented: false }, 'the ordinary link navigates as usual');
    expect(clicks.at(-1)).to.deep.equal({ prevented: false }, 'nothing to dial: left alone');
  });

  it('keyboard: Enter on a focused tel: link, Enter on a focusable data-cti-dial element, Space on its role=button', async () => {
    const p = await page(html`<a href="tel:4833334444">link</a>
      <span tabindex="0" id="s" data-cti-dial="1133334444">span</span>
      <span tabindex="0" id="b" role="button" data-cti-dial="2133334444">button</span>
      <button id="n" data-cti-dial="3133334444">native</button>`);
    p.crm.querySelector('a')!.focus();
    await sendKeys({ press: 'Enter' });
    (p.crm.querySelector('#s') as HTMLElement).focus();
    await sendKeys({ press: 'Enter' });
    (p.crm.querySelector('#b') as HTMLElement).focus();
    await sendKeys({ press: 'Space' });
    (p.crm.querySelector('#n') as HTMLElement).focus();
    await sendKeys({ press: 'Enter' }); // a native button: its own click, dialled once
    expect(p.commands().map((c) => (c.type === 'dial' ? c.to : c.type))).to.deep.equal(['4833334444', '1133334444', '2133334444', '3133334444']);
  });

  it('a click with a modifier key or not with the main button, or in [data-cti-no-dial], is left to the page and the OS', async () => {
    const p = await page(html`<a href="tel:4833334444">ligar</a><p data-cti-no-dial><a id="mine" href="tel:11999990000">mobile</a></p>`);
    p.crm.querySelector<HTMLElement>('#mine')!.click();
    const a = p.crm.querySelector('a')!;
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) {
      a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...init }));
    }
    expect(p.requests).to.have.length(0);
    expect(clicks.every((c) => !c.prevented)).to.equal(true);
    expect(clicks).to.have.length(6);
  });

  it('a refused dial reaches the page as one cti-error and nothing is left unhandled', async () => {
    const p = await page(html`<a href="tel:4833334444">ligar</a>`);
    made[0]!.rejectWith = { code: 'not-connected', at: Date.now(), operation: 'dial' };
    const errors: CtiErrorEvent[] = [];
    p.provider.addEventListener('cti-error', (e) => errors.push(e));
    p.crm.querySelector('a')!.click();
    await waitUntil(() => errors.length === 1);
    expect(errors[0]!.command).to.equal('dial');
  });

  it('off without the attribute; removing the attribute or the provider stops it; two providers dial once', async () => {
    const p = await page(html`<a href="tel:4833334444">ligar</a>`, false);
    const a = p.crm.querySelector('a')!;
    a.click();
    expect(clicks).to.deep.equal([{ prevented: false }]);
    p.provider.scanTelLinks = true;
    await waitUntil(() => scanningProviders() === 1);
    a.click();
    expect(p.commands()).to.have.length(1);
    p.provider.removeAttribute('scan-tel-links');
    await p.provider.updateComplete;
    expect(scanningProviders()).to.equal(0);
    a.click();
    expect(clicks.at(-1)).to.deep.equal({ prevented: false });
    // Two scanning providers: one dial, through the first in document order.
    p.provider.scanTelLinks = true;
    const second = document.createElement('cti-provider');
    second.sessionFactory = create;
    second.setAttribute('scan-tel-links', '');
    Object.assign(second, { vendor: 'interact', server: 'http://b', agent: '2' });
    p.wrap.append(second);
    await waitUntil(() => scanningProviders() === 2);
    a.click();
    expect(made[0]!.commands).to.have.length(2);
    expect(made[1]!.commands).to.have.length(0);
    p.provider.remove();
    await waitUntil(() => scanningProviders() === 1);
    a.click();
    expect(made[1]!.commands).to.deep.equal([{ type: 'dial', to: '4833334444' }]);
  });

  it('turned off before the module arrived: never starts', async () => {
    const p = await page(html``, false);
    const update = () => (p.provider as unknown as { performUpdate(): void }).performUpdate();
    p.provider.scanTelLinks = true;
    update(); // the import starts
    p.provider.scanTelLinks = false;
    update(); // and is no longer wanted, in the same task
    await new Promise((r) => setTimeout(r, 50));
    expect(scanningProviders()).to.equal(0);
  });
});
