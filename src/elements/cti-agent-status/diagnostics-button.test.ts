import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import './cti-agent-status.js';
import type { CtiAgentStatus } from './cti-agent-status.js';
import type { DiagnosticsReport } from '../../client/diagnostics.js';
import { FakeSession, makeSnapshot } from '../test-support/fake-session.js';

const PASSWORD = 'Ap9-crm-pass';

async function mount(lang = 'pt-BR', width = 480) {
  const session = new FakeSession(makeSnapshot({ agent: { phase: 'ready', since: Date.now(), detail: 'ready_free' } }), {
    credentials: { user: 'crm', password: PASSWORD },
  });
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${`width:${width}px`}><cti-agent-status lang=${lang} .session=${session}></cti-agent-status></div>`);
  const el = wrapper.querySelector('cti-agent-status') as CtiAgentStatus;
  await el.updateComplete;
  // Its own chunk, loaded on the first render with a session: it upgrades in place.
  await customElements.whenDefined('cti-diagnostics-button');
  const inner = el.shadowRoot!.querySelector('cti-diagnostics-button')!;
  await inner.updateComplete;
  return { el, inner, button: inner.shadowRoot!.querySelector<HTMLButtonElement>('[part~="diagnostics-button"]')! };
}

describe('<cti-agent-status> Download diagnostics', () => {
  it('saves the redacted file and says under which name', async () => {
    const { inner, button } = await mount();
    expect(button.textContent!.trim()).to.equal('Baixar diagnóstico');
    let link: HTMLAnchorElement | undefined;
    const capture = (e: Event) => {
      if (e.target instanceof HTMLAnchorElement && e.target.download) {
        link = e.target;
        e.preventDefault();
      }
    };
    document.addEventListener('click', capture, true);
    try {
      button.click();
      await waitUntil(() => link, 'the file link was clicked', { timeout: 4000 });
    } finally {
      document.removeEventListener('click', capture, true);
    }
    const text = await (await fetch(link!.href)).text();
    expect(text).not.to.contain(PASSWORD);
    expect((JSON.parse(text) as DiagnosticsReport).configuration!['vendor']).to.equal('interact');
    await waitUntil(() => inner.shadowRoot!.querySelector('[part~="diagnostics-status"]')!.textContent!.includes(link!.download), 'the status');
    expect(inner.shadowRoot!.querySelector('[part~="diagnostics-status"]')!.textContent).to.match(/^Diagnóstico salvo: cti-diagnostics-.*\.json$/);
  });

  it('speaks English and is accessible at 280 px', async () => {
    const { el, inner, button } = await mount('en', 280);
    await waitUntil(() => button.textContent!.trim() === 'Download diagnostics', 'English', { timeout: 3000 });
    await inner.updateComplete;
    await expect(el).to.be.accessible();
  });
});
