import { expect, fixture, html } from '@open-wc/testing';
import '../cti-queue/cti-queue.js';
import type { CtiQueue } from '../cti-queue/cti-queue.js';
import { ErrorCode, AgentPhase, Vendor } from '../../domain/model.js';
import { en } from '../../i18n/en.js';
import { es } from '../../i18n/es.js';
import { detailLabel, errorMessage, formatDuration, loadLocale, matchLocale, t } from '../../i18n/index.js';
import { ptBR as ptBRFirst, type Catalog } from '../../i18n/pt-BR.js';
import { ptBRMore } from '../../i18n/pt-BR-more.js';
import { FakeSession, makeSnapshot } from '../test-support/fake-session.js';

/** The whole pt-BR catalog: its two parts (the second is a lazy chunk). */
const ptBR: Catalog = { ...ptBRFirst, ...ptBRMore };

describe('i18n', () => {
  // en, es and pt-BR's second part are lazy chunks; these tests call t()/errorMessage() synchronously (see
  // src/i18n/index.test.ts).
  before(() => Promise.all([loadLocale('en'), loadLocale('es'), loadLocale('pt-BR')]));

  it("pt-BR's two parts share no key", () => {
    const first = Object.keys(ptBRFirst);
    expect(Object.keys(ptBRMore).filter((k) => first.includes(k))).to.deep.equal([]);
  });

  it('every catalog has exactly the pt-BR keys, non-empty', () => {
    const keys = Object.keys(ptBR).sort();
    for (const catalog of [en, es]) {
      expect(Object.keys(catalog).sort()).to.deep.equal(keys);
      for (const v of Object.values(catalog)) expect(v).to.be.a('string').and.not.equal('');
    }
  });

  it('every ErrorCode and agent phase has a message in every locale', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(ptBR).to.have.property(`error.${code}`);
      const key = `error.${code}` as keyof typeof ptBR;
      expect(errorMessage(code, 'pt-BR')).to.equal(ptBR[key]);
      expect(errorMessage(code, 'en')).to.equal(en[key]);
      expect(errorMessage(code, 'es')).to.equal(es[key]);
    }
    for (const phase of Object.values(AgentPhase)) expect(ptBR).to.have.property(`phase.${phase}`);
    expect(errorMessage('auth-failed')).to.equal('Usuário ou senha inválidos.');
    expect(errorMessage('auth-failed', 'en')).to.equal('Invalid user or password.');
    expect(errorMessage('auth-failed', 'es')).to.equal('Usuario o contraseña no válidos.');
  });

  it('a vendorCode is looked up as error.<vendor>.<vendorCode> first, then error.<code>', () => {
    const notRegistered = { code: 'not-registered', vendorCode: '601' } as const;
    expect(errorMessage(notRegistered, 'en', 'neon')).to.equal(en['error.neon.601']);
    expect(errorMessage(notRegistered, 'es', 'neon')).to.equal(es['error.neon.601']);
    expect(errorMessage(notRegistered, 'pt-BR', 'neon')).to.equal(ptBR['error.neon.601']);
    // Without the vendor, or from another vendor, or an unknown vendorCode: the code's message.
    expect(errorMessage(notRegistered, 'en')).to.equal(en['error.not-registered']);
    expect(errorMessage(notRegistered, 'en', 'interact')).to.equal(en['error.not-registered']);
    expect(errorMessage({ code: 'command-failed', vendorCode: '999' }, 'en', 'neon')).to.equal(en['error.command-failed']);
    expect(errorMessage({ code: 'command-failed', vendorCode: '' }, 'en', 'neon')).to.equal(en['error.command-failed']);
    expect(errorMessage({ code: 'command-failed' }, 'en', 'neon')).to.equal(en['error.command-failed']);
    // Not a prototype property, not a code we do not know.
    expect(errorMessage({ code: 'command-failed', vendorCode: 'constructor' }, 'en', 'neon')).to.equal(en['error.command-failed']);
    expect(errorMessage('nope' as never, 'en')).to.equal(en['error.internal']);
  });

  it('NEON has a message for each of its error numbers and for "not running"', () => {
    for (const vendorCode of ['100', '102', '500', '600', '601', '602', 'not-running']) {
      expect(ptBR, vendorCode).to.have.property(`error.neon.${vendorCode}`);
    }
    expect(errorMessage({ code: 'auth-failed', vendorCode: '600' }, 'en', 'neon')).to.contain('credentials');
    expect(errorMessage({ code: 'softphone-unavailable', vendorCode: 'not-running' }, 'en', 'neon')).to.match(/Start NEON.*WebSocket.*automatically/);
    expect(errorMessage('softphone-unavailable', 'en')).to.match(/WebSocket.*automatically/);
    // What the NEON adapter also reports: missing application credentials, a dial the far end refused.
    expect(errorMessage({ code: 'auth-failed', vendorCode: 'no-credentials' }, 'en', 'neon')).to.contain('set the credentials property');
    expect(errorMessage({ code: 'command-failed', vendorCode: 'sip-486' }, 'pt-BR', 'neon')).to.equal('Ligação não completada: o número chamado está ocupado.');
    expect(errorMessage({ code: 'command-failed', vendorCode: 'sip-487' }, 'en', 'neon')).to.equal(en['error.command-failed']);
  });

  it('every vendor-specific message belongs to a known vendor', () => {
    const vendors = Object.values(Vendor) as string[];
    for (const key of Object.keys(ptBR).filter((k) => /^error\.[a-z]+\./.test(k))) {
      expect(vendors, key).to.include(key.split('.')[1]);
    }
  });

  it('every SIP registration detail has words', () => {
    for (const d of ['unregistered', 'registering', 'registered', 'unknown', 'refused', 'expired', 'cancelled', 'finalized', 'error']) {
      expect(detailLabel(`sip-${d}`, 'en'), d).to.be.a('string');
    }
    expect(detailLabel('sip-refused', 'pt-BR')).to.equal('O proxy SIP recusou o registro');
    expect(detailLabel('no-such-detail')).to.equal(undefined);
  });

  it('defaults to pt-BR and matches tags', () => {
    expect(t('phone.answer')).to.equal('Atender');
    expect(matchLocale('en-GB')).to.equal('en');
    expect(matchLocale('es-419')).to.equal('es');
    expect(matchLocale('pt-PT')).to.equal('pt-BR');
    expect(matchLocale('fr')).to.equal('pt-BR');
    expect(matchLocale(undefined)).to.equal('pt-BR');
  });

  it('fills params as plain text', () => {
    expect(t('phone.incoming-from', { caller: '<b>x</b>' }, 'en')).to.equal('Incoming call from <b>x</b>');
    expect(t('phone.incoming-from', {}, 'en')).to.equal('Incoming call from {caller}');
  });

  it('formats durations', () => {
    expect(formatDuration(0)).to.equal('0:00');
    expect(formatDuration(65_000)).to.equal('1:05');
    expect(formatDuration(125_000)).to.equal('2:05');
    expect(formatDuration(3_599_000)).to.equal('59:59');
    expect(formatDuration(3_725_000)).to.equal('1:02:05');
    expect(formatDuration(-5)).to.equal('0:00');
    expect(formatDuration(36_000_000)).to.equal('10:00:00');
  });
});

/** WCAG relative luminance contrast of two computed `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const PAIRS: readonly (readonly [string, string])[] = [
  ['--cti-color-fg', '--cti-color-bg'],
  ['--cti-color-fg', '--cti-color-surface'],
  ['--cti-color-fg', '--cti-color-highlight-bg'],
  ['--cti-color-muted', '--cti-color-bg'],
  ['--cti-color-muted', '--cti-color-surface'],
  ['--cti-color-on-accent', '--cti-color-accent'],
  ['--cti-color-on-danger', '--cti-color-danger'],
  ['--cti-color-on-success', '--cti-color-success'],
  ['--cti-color-warning-fg', '--cti-color-warning-bg'],
  ['--cti-color-error-fg', '--cti-color-error-bg'],
];

describe('theme tokens', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: every default text/background pair is ≥ 4.5:1`, async () => {
      const el = await fixture<CtiQueue>(html`<cti-queue theme=${theme} .session=${new FakeSession(makeSnapshot())}></cti-queue>`);
      const probe = document.createElement('span');
      el.shadowRoot!.append(probe);
      const color = (token: string) => {
        probe.style.color = `var(${token})`;
        return getComputedStyle(probe).color;
      };
      for (const [fg, bg] of PAIRS) {
        const ratio = contrast(color(fg), color(bg));
        expect(ratio, `${theme} ${fg} on ${bg}`).to.be.at.least(4.5);
      }
      expect(contrast(color('--cti-color-border'), color('--cti-color-bg'))).to.be.at.least(3);
    });
  }

  it('tokens can be overridden by the page', async () => {
    const el = await fixture<CtiQueue>(html`<cti-queue style="--cti-color-bg: rgb(1, 2, 3)" .session=${new FakeSession(makeSnapshot())}></cti-queue>`);
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(1, 2, 3)');
  });
});
