/** The relay's streaming decoder and the encoder: split inside characters, in all three encodings. */
import { expect } from '@open-wc/testing';
import { RelayEncoding, StreamDecoder, isRelayEncoding } from './decoder.js';
import { encodeText } from './encoder.js';
import { oneByOne, prng, randomBytes, randomSplits, utf8 } from './test-support.js';

const ALL: RelayEncoding[] = [RelayEncoding.Utf8, RelayEncoding.Latin1, RelayEncoding.Windows1252];

function decodeAll(encoding: RelayEncoding, pieces: Uint8Array[]): string {
  const d = new StreamDecoder(encoding);
  return pieces.map((p) => d.decode(p)).join('') + d.flush();
}

const SAMPLE = 'Conceição ligou às 10h — €5 😀 ok\n{"a":"ção"}\n';

describe('relay StreamDecoder', () => {
  it('knows its encodings', () => {
    expect(ALL.every(isRelayEncoding)).to.be.true;
    expect(isRelayEncoding('UTF-8')).to.be.false;
    expect(isRelayEncoding(undefined)).to.be.false;
  });

  it('UTF-8 split inside every multi-byte character (ç, ã, €, emoji) decodes whole', () => {
    const bytes = utf8(SAMPLE);
    expect(decodeAll('utf-8', [bytes])).to.equal(SAMPLE);
    expect(decodeAll('utf-8', oneByOne(bytes))).to.equal(SAMPLE);
    for (const ch of ['ç', 'ã', '€', '😀']) {
      const b = utf8(`a${ch}b`);
      for (let cut = 1; cut < b.length; cut++) {
        expect(decodeAll('utf-8', [b.subarray(0, cut), b.subarray(cut)]), `${ch} cut at ${cut}`).to.equal(`a${ch}b`);
      }
    }
  });

  it('random splits give the same text as one chunk, in every encoding (seeded)', () => {
    const rand = prng(20240601);
    for (let round = 0; round < 300; round++) {
      const bytes = randomBytes(rand, 64, [0xc3, 0xa7, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xef, 0xbb, 0xbf]);
      for (const enc of ALL) {
        const whole = decodeAll(enc, [bytes]);
        expect(decodeAll(enc, randomSplits(bytes, rand, 5)), `round ${round} ${enc}`).to.equal(whole);
        if (round % 10 === 0) expect(decodeAll(enc, oneByOne(bytes))).to.equal(whole);
      }
    }
  });

  it('invalid UTF-8 becomes U+FFFD and never throws; an incomplete tail comes out at flush', () => {
    const d = new StreamDecoder('utf-8');
    expect(d.decode(new Uint8Array([0x61, 0xff, 0x62]))).to.equal('a\uFFFDb');
    expect(d.decode(new Uint8Array([0xe2, 0x82]))).to.equal('');
    expect(d.flush()).to.equal('\uFFFD');
    expect(d.decode(new Uint8Array([0x63]))).to.equal('c');
  });

  it('reset() forgets a held-back partial character', () => {
    const d = new StreamDecoder('utf-8');
    expect(d.decode(new Uint8Array([0xc3]))).to.equal('');
    d.reset();
    expect(d.decode(utf8('ok'))).to.equal('ok');
  });

  it('drops a BOM only at the start of the stream, even when split; keeps one mid-stream', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const bytes = new Uint8Array([...bom, ...utf8('a'), ...bom, ...utf8('b')]);
    expect(decodeAll('utf-8', [bytes])).to.equal('a\uFEFFb');
    expect(decodeAll('utf-8', oneByOne(bytes))).to.equal('a\uFEFFb');
    const d = new StreamDecoder('utf-8');
    expect(d.decode(utf8('x'))).to.equal('x');
    expect(d.decode(new Uint8Array(bom))).to.equal('\uFEFF');
  });

  it('Latin-1 and Windows-1252 bytes: 0xE7 → ç, 0xE3 → ã, 0x80 → €', () => {
    const bytes = new Uint8Array([0x63, 0xe7, 0xe3, 0x80, 0x93, 0x94]);
    expect(decodeAll('windows-1252', [bytes])).to.equal('cçã€“”');
    // WHATWG: the label iso-8859-1 decodes as windows-1252.
    expect(decodeAll('iso-8859-1', oneByOne(bytes))).to.equal('cçã€“”');
    expect(new StreamDecoder('iso-8859-1').encoding).to.equal('iso-8859-1');
  });
});

describe('relay encodeText', () => {
  it('UTF-8 through TextEncoder', () => {
    expect([...encodeText('ç€😀', 'utf-8')]).to.deep.equal([0xc3, 0xa7, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('ISO-8859-1: one byte per character up to U+00FF, otherwise "?" (a surrogate pair is one "?")', () => {
    expect([...encodeText('aç\u00ff€😀\u0080', 'iso-8859-1')]).to.deep.equal([0x61, 0xe7, 0xff, 0x3f, 0x3f, 0x80]);
  });

  it('Windows-1252: € → 0x80, “” → 0x93 0x94, ç → 0xE7, unrepresentable → "?"', () => {
    expect([...encodeText('€“”çã—Ω😀', 'windows-1252')]).to.deep.equal([0x80, 0x93, 0x94, 0xe7, 0xe3, 0x97, 0x3f, 0x3f]);
  });

  it('Windows-1252: every byte decodes and encodes back to itself', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = decodeAll('windows-1252', [all]);
    expect([...encodeText(text, 'windows-1252')]).to.deep.equal([...all]);
  });

  it('UTF-8 round trip through the stream decoder, byte by byte', () => {
    expect(decodeAll('utf-8', oneByOne(encodeText(SAMPLE, 'utf-8')))).to.equal(SAMPLE);
  });
});
