/**
 * The gallery, checked (issue #11 §6): every card of demo/gallery — every vendor's states at 280 and
 * 1280 px, light and dark, pt-BR and en — must have no text overflowing its card, no word broken across
 * lines, no two live regions saying the same thing (every card), and no axe violation (each state at 280 px light
 * and dark in pt-BR, and at 1280 px dark in en).
 *
 * Defects known today are listed in `knownDefects` (card pattern + check + what is wrong): the test
 * reports them and still fails on anything else, and fails when an entry no longer reproduces — remove
 * the entry when you fix the defect. Never skip a card silently.
 */
import { expect } from '@open-wc/testing';
import type { VendorId } from '../../src/domain/model.js';
import { makeCall, makeSnapshot } from '../../src/elements/test-support/fake-session.js';
import { capabilitiesFor } from '../../src/vendors/capabilities.js';
import { cardKey, cards, renderCard, settle, type CardSpec } from '../../demo/gallery/render.js';
import { GALLERY } from '../../demo/gallery/states/index.js';
import { duplicateAlertFindings, layoutFindings, type Check, type Finding } from './checks.js';

interface KnownDefect {
  /** Card key pattern, `*` for any part: `neon/error-not-running@*`, `*\/ringing@280/*\/en`. */
  readonly cards: string;
  readonly check: Check;
  /** Only findings whose place contains this (`cti-phone › span[part="caller"]`); default: any place in the card. */
  readonly where?: string;
  /** What is wrong (and which part of issue #11 fixes it). */
  readonly note: string;
}

export const knownDefects: readonly KnownDefect[] = [
];

const matches = (pattern: string, key: string): boolean =>
  new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`).test(key);

interface Report {
  readonly key: string;
  readonly finding: Finding;
}

const host = document.createElement('div');
host.style.cssText = 'display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start';
document.body.append(host);

async function mount(specs: readonly CardSpec[]): Promise<HTMLElement[]> {
  host.replaceChildren(...specs.map(renderCard));
  const all = [...host.children] as HTMLElement[];
  await Promise.all(all.map(settle));
  // Fonts and the en catalog's re-render: one more frame before measuring.
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  return all;
}

/** The knownDefects entries some finding matched in this run (the last test fails on the others). */
const reproduced = new Set<KnownDefect>();

/** Unknown findings fail; known ones are reported (and remembered for the stale-entry check). */
function judge(reports: readonly Report[]): void {
  const unknown: string[] = [];
  const used = new Set<KnownDefect>();
  for (const { key, finding } of reports) {
    const known = knownDefects.find((d) => d.check === finding.check && matches(d.cards, key) && (!d.where || finding.where.includes(d.where)));
    if (known) used.add(known);
    else unknown.push(`${key}  ${finding.check}  ${finding.where}: ${finding.text}`);
  }
  for (const d of used) reproduced.add(d);
  const knownHere = reports.length - unknown.length;
  if (knownHere) console.log(`gallery: ${knownHere} finding(s) match knownDefects:\n${[...used].map((d) => `  ${d.cards} ${d.check}: ${d.note}`).join('\n')}`);
  expect(unknown, `defects found (fix them, or list them in knownDefects):\n${unknown.join('\n')}\n`).to.deep.equal([]);
}

describe('gallery (issue #11 §6)', () => {
  after(() => host.remove());

  describe('the detectors catch real defects', () => {
    it('a long unbroken name at 280 px in <cti-phone> is reported (overflow or a broken word)', async () => {
      const caps = capabilitiesFor('interact');
      const name = 'Pneumoultramicroscopicossilicovulcanoconiótico';
      const snapshot = makeSnapshot(
        { agent: { phase: 'busy', since: Date.now(), detail: 'busy' }, calls: [makeCall(caps, { id: 'c1', state: 'active', remote: [{ number: '11987654321', name }], data: { nome: name } })] },
        'interact',
      );
      const [card] = await mount([{ vendor: 'interact', state: { id: 'long-name', title: 'Long name', snapshot, elements: ['cti-phone'] }, width: 280, theme: 'light', lang: 'pt-BR' }]);
      const found = layoutFindings(card!).filter((f) => (f.check === 'overflow' || f.check === 'mid-word') && f.text.includes('Pneumo'));
      expect(found, 'a 46-letter word cannot fit 280 px whole: reported as overflow or as a broken word').to.not.be.empty;
    });

    it('synthetic defects: overflow, a word split mid-word, duplicate alerts, a missing glyph, an axe violation', async () => {
      const card = document.createElement('section');
      card.innerHTML = `<div class="g-frame" style="width:120px;font:14px sans-serif">
          <p style="white-space:nowrap">no wrapping here at all, past the edge</p>
          <p style="overflow-wrap:anywhere">Pneumoultramicroscopicossilicovulcanoconiótico</p>
          <div role="alert">NEON não está rodando</div><div aria-live="polite"><span role="status">NEON não está rodando</span></div>
          <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" /><span>\u{E000}</span>
        </div>`;
      host.replaceChildren(card);
      const checks = new Set(layoutFindings(card).map((f) => f.check));
      expect([...checks].sort()).to.deep.equal(['duplicate-alert', 'mid-word', 'missing-glyph', 'overflow']);
      let axeFailed = false;
      try {
        await expect(card).to.be.accessible();
      } catch {
        axeFailed = true;
      }
      expect(axeFailed, 'axe reports an image without alt').to.be.true;
      expect(duplicateAlertFindings(card)).to.have.length(1);
    });

    it('one condition worded twice (a reconnecting status and a keep-alive alert) is a duplicate; the alert with plain progress text is not', () => {
      const card = document.createElement('section');
      const alert = '<div part="error" role="alert" data-code="keep-alive-lost">O servidor parou de enviar sinais de vida.</div>';
      // How the banner read before: the status counting down and the alert naming the condition.
      card.innerHTML = `<div part="connection" role="status" data-status="reconnecting"><span aria-hidden="true">Reconectando em 12 s (tentativa 1)</span
        ><span class="visually-hidden">Reconectando (tentativa 1)…</span></div>${alert}`;
      host.replaceChildren(card);
      const found = duplicateAlertFindings(card);
      expect(found).to.have.length(1);
      expect(found[0]!.where).to.contain('connection').and.contain('error');
      // Two condition alerts are one too many as well.
      card.innerHTML = `${alert}<div role="alert" data-code="network">Sem rede.</div>`;
      expect(duplicateAlertFindings(card)).to.have.length(1);
      // Now: the status region empty, the alert, the countdown as plain text after it.
      card.innerHTML = `<div part="connection" role="status" data-status="reconnecting"></div>${alert}<p part="connection-progress">Reconectando em 12 s (tentativa 1)</p>`;
      expect(duplicateAlertFindings(card)).to.deep.equal([]);
      // A refused command while reconnecting is another matter, not the same condition.
      card.innerHTML = `<div role="status" data-status="reconnecting">Reconectando (tentativa 1)…</div><div role="alert" data-code="command-failed">Falhou.</div>`;
      expect(duplicateAlertFindings(card)).to.deep.equal([]);
    });
  });

  for (const vendor of Object.keys(GALLERY) as VendorId[]) {
    describe(vendor, () => {
      it(`${GALLERY[vendor].length} states × 280/1280 × light/dark × pt-BR/en: no overflow, no word broken across lines, no duplicate alert`, async () => {
        const reports: Report[] = [];
        for (const lang of ['pt-BR', 'en'] as const) {
          const specs = cards({ vendors: [vendor], langs: [lang] });
          const mounted = await mount(specs);
          mounted.forEach((card, i) => {
            for (const finding of layoutFindings(card)) reports.push({ key: cardKey(specs[i]!), finding });
          });
        }
        judge(reports);
      });

      // One test per state (two axe runs each): a slow machine stays far from the per-test timeout.
      for (const state of GALLERY[vendor]) {
        it(`axe: ${state.id} at 280 px light and dark (pt-BR), 1280 px dark (en): no violation`, async () => {
          const specs = [
            ...cards({ vendors: [vendor], widths: [280], langs: ['pt-BR'] }),
            ...cards({ vendors: [vendor], widths: [1280], themes: ['dark'], langs: ['en'] }),
          ].filter((c) => c.state === state);
          const mounted = await mount(specs);
          const reports: Report[] = [];
          for (const [i, card] of mounted.entries()) {
            try {
              await expect(card).to.be.accessible();
            } catch (e) {
              reports.push({ key: cardKey(specs[i]!), finding: { check: 'axe', where: 'card', text: String((e as Error).message).split('\n').slice(0, 6).join(' ') } });
            }
          }
          judge(reports);
        });
      }
    });
  }

  // A describe of its own, defined last: mocha runs a suite's own tests before its nested suites.
  describe('knownDefects', () => {
    it('every entry still reproduces (remove the ones you fixed)', () => {
      expect(knownDefects.filter((d) => !reproduced.has(d)).map((d) => `${d.cards} ${d.check}${d.where ? ` at ${d.where}` : ''}`)).to.deep.equal([]);
    });
  });
});
