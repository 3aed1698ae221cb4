import { expect, fixture, html } from '@open-wc/testing';
import './call-data.js';
import type { CtiCallData } from './call-data.js';

const DIALER = {
  'contato-cpfcnpj': '12345678901',
  'numero-contato': '11987654321',
  'campanha-id': '7',
  'chave-nova': '<b>x</b>',
  gravacao: '\\\\gravador\\' + 'gravacoes\\'.repeat(12) + 'x.wav',
};

async function mount(data: Record<string, string>, locale = 'pt-BR', width = 280) {
  const wrap = await fixture<HTMLDivElement>(html`<div style=${`width:${width}px`}><cti-call-data label="Dados da chamada" locale=${locale} .data=${data}></cti-call-data></div>`);
  const el = wrap.querySelector('cti-call-data') as CtiCallData;
  await el.updateComplete;
  return el;
}

describe('<cti-call-data>', () => {
  it('labels documented keys, keeps unknown keys as they came, formats numbers, masks the CPF until shown', async () => {
    const el = await mount(DIALER);
    const root = el.shadowRoot!;
    expect([...root.querySelectorAll('dt')].map((d) => d.textContent)).to.deep.equal(['CPF/CNPJ', 'Número do contato', 'Campanha', 'chave-nova', 'Gravação']);
    const value = (k: string) => root.querySelector(`dd[data-key="${k}"]`)!.textContent;
    expect(value('contato-cpfcnpj')).to.equal('•••.•••.•89-01');
    expect(value('numero-contato')).to.equal('(11) 98765-4321');
    expect(value('chave-nova')).to.equal('<b>x</b>');
    expect(root.querySelector('b')).to.be.null;
    const reveal = root.querySelector<HTMLButtonElement>('[part="data-reveal"]')!;
    expect(reveal.getAttribute('aria-pressed')).to.equal('false');
    reveal.click();
    await el.updateComplete;
    expect(value('contato-cpfcnpj')).to.equal('12345678901');
    expect(root.querySelector('details')!.open).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('fits 280 px: long values wrap after separators, nothing overflows', async () => {
    const el = await mount(DIALER);
    const list = el.shadowRoot!.querySelector('dl')!;
    expect(list.scrollWidth).to.be.at.most(list.clientWidth);
    expect(el.shadowRoot!.querySelectorAll('dd[data-key="gravacao"] wbr').length).to.be.greaterThan(5);
  });

  it('labels in en and es; no reveal button when nothing is masked; nothing for no data', async () => {
    const en = await mount({ 'dialer.CampaignName': 'Discador', associated_data: 'x' }, 'en');
    expect([...en.shadowRoot!.querySelectorAll('dt')].map((d) => d.textContent)).to.deep.equal(['Campaign', 'Associated data']);
    expect(en.shadowRoot!.querySelector('[part="data-reveal"]')).to.be.null;
    const es = await mount({ 'dialer.ItemID': 'x' }, 'es');
    expect(es.shadowRoot!.querySelector('dt')!.textContent).to.equal('Ítem del marcador');
    const none = await mount({});
    expect(none.shadowRoot!.querySelector('details')).to.be.null;
  });
});
