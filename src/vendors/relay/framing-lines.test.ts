/** Line framing (Catix): split anywhere, including inside multi-byte characters and between \r and \n. */
import { expect } from '@open-wc/testing';
import { DEFAULT_MAX_CHARS } from './framing.js';
import { LineFramer } from './framing-lines.js';
import { feed, prng, randomBytes, randomSplits, splitInvariant } from './test-support.js';

const STREAM =
  '{"evento":"LOGADO","ramal":"2001"}\n' +
  '{"evento":"CHAMADA","numero":"11987654321","nome":"João Conceição"}\r\n' +
  '\n\r\n   \n' +
  '{"evento":"PAUSA","motivo":"Café ☕ — 5 min €"}\n' +
  '{"emoji":"😀"}\n' +
  '{"partial":';

describe('relay LineFramer', () => {
  it('splits lines, tolerates \\r\\n, skips blank lines, keeps the unfinished one', () => {
    const items = splitInvariant(() => new LineFramer(), STREAM, 1);
    expect(items).to.deep.equal([
      { kind: 'line', line: '{"evento":"LOGADO","ramal":"2001"}' },
      { kind: 'line', line: '{"evento":"CHAMADA","numero":"11987654321","nome":"João Conceição"}' },
      { kind: 'line', line: '{"evento":"PAUSA","motivo":"Café ☕ — 5 min €"}' },
      { kind: 'line', line: '{"emoji":"😀"}' },
    ]);
    const f = new LineFramer();
    f.push(STREAM);
    expect(f.buffered).to.equal('{"partial":'.length);
    expect(f.push('1}\n')).to.deep.equal([{ kind: 'line', line: '{"partial":1}' }]);
  });

  it('keeps a \\r that is not the last character of the line', () => {
    expect(new LineFramer().push('a\rb\r\r\n')).to.deep.equal([{ kind: 'line', line: 'a\rb\r' }]);
  });

  it('drops an overlong line, reports it once where it stood, and resumes after its \\n', () => {
    const text = 'abc\n' + 'x'.repeat(12) + '\nok\r\n' + 'y'.repeat(10) + '\r\n' + 'z'.repeat(11) + '\r\n';
    const items = splitInvariant(() => new LineFramer({ maxChars: 10 }), text, 2);
    expect(items).to.deep.equal([
      { kind: 'line', line: 'abc' },
      { kind: 'overflow', limit: 10 },
      { kind: 'line', line: 'ok' },
      { kind: 'line', line: 'y'.repeat(10) },
      { kind: 'overflow', limit: 10 },
    ]);
  });

  it('never holds more than its limit (default 1 MiB) while a line never ends', () => {
    const f = new LineFramer();
    expect(f.maxChars).to.equal(DEFAULT_MAX_CHARS);
    const chunk = 'a'.repeat(64 * 1024);
    const items = [];
    for (let i = 0; i < 20; i++) {
      items.push(...f.push(chunk));
      expect(f.buffered).to.be.at.most(DEFAULT_MAX_CHARS);
    }
    expect(items).to.deep.equal([{ kind: 'overflow', limit: DEFAULT_MAX_CHARS }]);
    expect(f.push('\n{"next":1}\n')).to.deep.equal([{ kind: 'line', line: '{"next":1}' }]);
  });

  it('reset() drops the unfinished line', () => {
    const f = new LineFramer();
    f.push('{"half":');
    f.reset();
    expect(f.buffered).to.equal(0);
    expect(f.push('{"a":1}\n')).to.deep.equal([{ kind: 'line', line: '{"a":1}' }]);
  });

  it('fuzz: thousands of random byte strings never throw, stay bounded and split-invariant', () => {
    const rand = prng(7);
    const decoder = new TextDecoder('utf-8');
    for (let i = 0; i < 3000; i++) {
      const text = decoder.decode(randomBytes(rand, 80, [0x0a, 0x0d, 0x20, 0x7b, 0x7d, 0xc3, 0xa7]));
      const make = () => new LineFramer({ maxChars: 1 + Math.floor((i % 17) * 1.5) });
      const whole = feed(make(), [text]);
      expect(feed(make(), randomSplits(text, rand, 6))).to.deep.equal(whole);
    }
  });
});
