/**
 * The build minifies the text of our css`` templates (scripts/minify-lit-css.mjs). Proof that it changes no
 * stylesheet: every element's styles, minified, parse to exactly the same CSS rules as written.
 */
import { expect } from '@open-wc/testing';
import type { CSSResultOrNative } from 'lit';
// @ts-expect-error a plain .mjs build helper, no declarations
import { minifyCssText, minifyLitCss } from '../../scripts/minify-lit-css.mjs';
import '../../src/elements/cti-provider/cti-provider.js';
import '../../src/elements/cti-phone/cti-phone.js';
import '../../src/elements/cti-agent-status/cti-agent-status.js';
import '../../src/elements/cti-queue/cti-queue.js';
import '../../src/elements/cti-queue/team.js';
import '../../src/elements/cti-phone/call-data.js';
import '../../src/elements/cti-phone/recent-calls.js';
import '../../src/elements/cti-agent-status/diagnostics-button.js';

const minify = minifyCssText as (text: string) => string;
const minifyModule = minifyLitCss as (code: string) => string;

const TAGS = ['cti-provider', 'cti-phone', 'cti-agent-status', 'cti-queue', 'cti-team', 'cti-call-data', 'cti-recent-calls', 'cti-diagnostics-button'];

function cssTexts(styles: readonly CSSResultOrNative[]): string[] {
  return styles.map((s) => ('cssText' in s && typeof s.cssText === 'string' ? s.cssText : [...(s as CSSStyleSheet).cssRules].map((r) => r.cssText).join('\n')));
}

function rules(text: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return [...sheet.cssRules].map((r) => r.cssText);
}

describe('build: minified css`` templates (issue #13 §3)', () => {
  it('every element stylesheet parses to the same rules once minified, and gets smaller', () => {
    let before = 0;
    let after = 0;
    const texts = [...TAGS.flatMap((tag) => cssTexts((customElements.get(tag) as unknown as { elementStyles: CSSResultOrNative[] }).elementStyles))];
    expect(texts.length).to.be.greaterThan(TAGS.length);
    for (const text of texts) {
      const small = minify(text);
      expect(rules(small), text.slice(0, 80)).to.deep.equal(rules(text));
      before += text.length;
      after += small.length;
    }
    console.log(`css text: ${before} → ${after} characters`);
    expect(after).to.be.below(before * 0.9);
  });

  it('keeps what carries meaning: strings, a descendant pseudo-class, interpolations', () => {
    expect(minify(`a  :hover { content: '  two  spaces  ' ; }`)).to.equal(`a :hover{content:'  two  spaces  '}`);
    expect(minify(`/* note */ .x ,\n .y {\n  margin : 0  auto;\n}`)).to.equal(`.x , .y{margin :0 auto}`);
    const code = 'const s = css`\n  :host {\n    ${unsafeCSS(x)}\n    color: red;\n  }\n`;';
    expect(minifyModule(code)).to.equal("const s = css`:host{${unsafeCSS(x)} color:red}`;");
    // Only the template's own ends are trimmed: a part after an interpolation keeps its leading space.
    expect(minifyModule('css`a { border: ${w} solid; }`')).to.equal('css`a{border:${w} solid}`');
    // An unbalanced quote (a string cut by an interpolation) is left as written.
    expect(minify(`a { content: 'x`)).to.equal(`a { content: 'x`);
  });
});
