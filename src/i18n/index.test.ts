/**
 * Lazy catalogs: pt-BR's first part is bundled; its second part, `en` and `es` are chunks loaded on first use.
 * This page starts with none of them loaded, and the tests run in order (each checks its own precondition), because a catalog,
 * once loaded, stays loaded for the page's life.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../elements/cti-queue/cti-queue.js';
import type { CtiQueue } from '../elements/cti-queue/cti-queue.js';
import { failOnLitWarnings } from '../elements/test-support/lit-warnings.js';
import { FakeSession, makeSnapshot } from '../elements/test-support/fake-session.js';
import { errorMessage, isLocaleLoaded, loadLocale, onLocaleLoaded, t, type SupportedLocale } from './index.js';

/** Whether the page fetched a module whose path ends with `suffix` (the dev server serves sources). */
const fetched = (suffix: string) => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith(suffix));

const NO_QUEUE_DATA = {
  'pt-BR': 'Este sistema de telefonia não fornece dados de fila.',
  es: 'Este sistema de telefonía no proporciona datos de colas.',
} as const;

describe('i18n: lazy catalogs', () => {
  failOnLitWarnings();

  it("pt-BR's first part is there from the start; its second part, en and es are not fetched until asked for", () => {
    expect(fetched('/i18n/pt-BR-more.ts') || fetched('/i18n/en.ts') || fetched('/i18n/es.ts')).to.equal(false);
    expect(isLocaleLoaded('pt-BR')).to.equal(false);
    expect(isLocaleLoaded(undefined)).to.equal(false);
    expect(isLocaleLoaded('en')).to.equal(false);
    expect(isLocaleLoaded('es')).to.equal(false);
  });

  it("a message of pt-BR's second part is empty (never its key) until that part arrives, which t() starts loading", async () => {
    const arrived: SupportedLocale[] = [];
    const off = onLocaleLoaded((locale) => arrived.push(locale));
    try {
      expect(t('phone.answer')).to.equal('Atender'); // the first part answers at once
      expect(t('phone.confirm')).to.equal('');
      expect(errorMessage('auth-failed')).to.equal('');
      expect(errorMessage({ code: 'not-registered', vendorCode: '601' }, 'pt-BR', 'neon')).to.equal('');
      expect(await loadLocale('pt-BR')).to.equal('pt-BR');
      expect(arrived).to.deep.equal(['pt-BR']);
      expect(fetched('/i18n/pt-BR-more.ts')).to.equal(true);
      expect(fetched('/i18n/en.ts') || fetched('/i18n/es.ts'), 'pt-BR needs neither en nor es').to.equal(false);
      expect(isLocaleLoaded('pt-BR')).to.equal(true);
      expect(isLocaleLoaded('pt')).to.equal(true);
      expect(t('phone.confirm')).to.equal('Confirmar');
      expect(errorMessage('auth-failed')).to.equal('Usuário ou senha inválidos.');
      expect(errorMessage({ code: 'not-registered', vendorCode: '601' }, 'pt-BR', 'neon')).to.equal('O NEON não está registrado no proxy SIP. Registre a conta SIP primeiro.');
    } finally {
      off();
    }
  });

  it('t() stays synchronous: pt-BR until the catalog arrives, which it starts loading and announces', async () => {
    const arrived: SupportedLocale[] = [];
    const off = onLocaleLoaded((locale) => arrived.push(locale));
    try {
      expect(t('phone.answer', undefined, 'en-US')).to.equal('Atender');
      expect(errorMessage('auth-failed', 'en')).to.equal('Usuário ou senha inválidos.');
      await loadLocale('en');
      expect(arrived).to.deep.equal(['en']);
      expect(isLocaleLoaded('en-GB')).to.equal(true);
      expect(fetched('/i18n/en.ts')).to.equal(true);
      expect(t('phone.answer', undefined, 'en')).to.equal('Answer');
      expect(errorMessage('auth-failed', 'en')).to.equal('Invalid user or password.');
      // Loading again is a no-op: no second announcement.
      expect(await loadLocale('en')).to.equal('en');
      await new Promise((r) => setTimeout(r, 0));
      expect(arrived).to.deep.equal(['en']);
    } finally {
      off();
    }
  });

  it('loadLocale matches tags (pt-BR for any other)', async () => {
    expect(await loadLocale('pt-PT')).to.equal('pt-BR');
    expect(await loadLocale('fr')).to.equal('pt-BR');
    expect(await loadLocale('EN_us')).to.equal('en');
  });

  it('an element in a locale not loaded yet renders pt-BR, loads the catalog, then re-renders (updateComplete waits)', async () => {
    expect(isLocaleLoaded('es'), 'precondition: es not loaded yet').to.equal(false);
    const neon = makeSnapshot({ agent: { phase: 'ready', since: Date.now(), detail: 'sip-registered' } }, 'neon');
    const el = document.createElement('cti-queue') as CtiQueue;
    el.lang = 'es';
    el.session = new FakeSession(neon);
    const empty = () => el.shadowRoot?.querySelector('[part~="empty"]')?.textContent;
    let onScreenWhenArrived: string | null | undefined = null;
    let unsubscribedCalls = 0;
    onLocaleLoaded(() => unsubscribedCalls++)();
    const off = onLocaleLoaded((locale) => {
      if (locale === 'es') onScreenWhenArrived = empty();
    });
    try {
      const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
      wrapper.append(el);
      await el.updateComplete;
      expect(onScreenWhenArrived, 'the first render, before the catalog arrived').to.equal(NO_QUEUE_DATA['pt-BR']);
      expect(empty()).to.equal(NO_QUEUE_DATA.es);
      expect(fetched('/i18n/es.ts')).to.equal(true);
      expect(unsubscribedCalls, 'a listener that unsubscribed').to.equal(0);
    } finally {
      off();
    }
  });

  it('an element switched to a loaded locale renders in it in the same update', async () => {
    const el = await fixture<CtiQueue>(html`<cti-queue .session=${new FakeSession(makeSnapshot({}, 'neon'))}></cti-queue>`);
    const empty = () => el.shadowRoot!.querySelector('[part~="empty"]')!.textContent;
    expect(empty()).to.equal(NO_QUEUE_DATA['pt-BR']);
    el.lang = 'es-MX';
    await el.updateComplete;
    expect(empty()).to.equal(NO_QUEUE_DATA.es);
  });
});
