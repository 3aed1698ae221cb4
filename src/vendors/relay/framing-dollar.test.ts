/** Dollar framing (Tactium IP): `<field>...$`, garbage between messages, split anywhere. */
import { expect } from '@open-wc/testing';
import { DollarFramer } from './framing-dollar.js';
import { feed, prng, randomBytes, randomSplits, splitInvariant } from './test-support.js';

const msg = (raw: string, ...fields: string[]) => ({ kind: 'message', fields, raw });

describe('relay DollarFramer', () => {
  it('frames the seed examples, with whitespace and line breaks between messages', () => {
    const stream =
      '<jose><OK>$\r\n' +
      '<jose><S><1>$ ' +
      '<jose><A><123><11><33334444><21><99998888><Campanha Conceição><rec01><ext=1;ddd=21>$\n' +
      '<ADMSOCKET><R><42><11><5555><><><---><x>$' +
      '<jose><G><\\\\srv\\gravações\\2024/01/02 10:00.wav>$' +
      '<jose><EndCall>$\r\n' +
      '<jose><P><ON>';
    const items = splitInvariant(() => new DollarFramer(), stream, 21);
    expect(items).to.deep.equal([
      msg('<jose><OK>$', 'jose', 'OK'),
      msg('<jose><S><1>$', 'jose', 'S', '1'),
      msg(
        '<jose><A><123><11><33334444><21><99998888><Campanha Conceição><rec01><ext=1;ddd=21>$',
        'jose', 'A', '123', '11', '33334444', '21', '99998888', 'Campanha Conceição', 'rec01', 'ext=1;ddd=21',
      ),
      msg('<ADMSOCKET><R><42><11><5555><><><---><x>$', 'ADMSOCKET', 'R', '42', '11', '5555', '', '', '---', 'x'),
      msg('<jose><G><\\\\srv\\gravações\\2024/01/02 10:00.wav>$', 'jose', 'G', '\\\\srv\\gravações\\2024/01/02 10:00.wav'),
      msg('<jose><EndCall>$', 'jose', 'EndCall'),
    ]);
  });

  it('a $ inside brackets is text; text between fields stays in raw only', () => {
    const items = new DollarFramer().push('<a><R$ 1,00><x<y> junk <>$');
    expect(items).to.deep.equal([msg('<a><R$ 1,00><x<y> junk <>$', 'a', 'R$ 1,00', 'x<y', '')]);
  });

  it('reports garbage before a "<", at a line break, or up to a "$"', () => {
    const items = splitInvariant(() => new DollarFramer(), 'hello <a>$ERRO: falhou$\r\n  oops \r\n<b>$$', 22);
    expect(items).to.deep.equal([
      { kind: 'garbage', text: 'hello' },
      msg('<a>$', 'a'),
      { kind: 'garbage', text: 'ERRO: falhou$' },
      { kind: 'garbage', text: 'oops' },
      msg('<b>$', 'b'),
      { kind: 'empty' },
    ]);
  });

  it('a $ with nothing before it is an empty message, not garbage; a $ that ends text keeps it whole', () => {
    const items = splitInvariant(() => new DollarFramer(), '$<a>$$ \r\n$ERRO$  $<b>$', 9);
    expect(items).to.deep.equal([
      { kind: 'empty' },
      msg('<a>$', 'a'),
      { kind: 'empty' },
      { kind: 'empty' },
      { kind: 'garbage', text: 'ERRO$' },
      { kind: 'empty' },
      msg('<b>$', 'b'),
    ]);
  });

  it("a '<' right before the '$' (seed 5.1's format line ends '<id externo><\\$') ends the message; the next one is its own", () => {
    const items = splitInvariant(() => new DollarFramer(), '<jose><A><1><0><9988><0><7017><><><x><$<jose><S><3>$<jose><G><$share>$', 17);
    expect(items).to.deep.equal([
      msg('<jose><A><1><0><9988><0><7017><><><x><$', 'jose', 'A', '1', '0', '9988', '0', '7017', '', '', 'x'),
      msg('<jose><S><3>$', 'jose', 'S', '3'),
      msg('<jose><G><$', 'jose', 'G'),
      { kind: 'garbage', text: 'share>$' },
    ]);
    // The seed writes every terminator `\$`: a server that copies it whole ends messages `>\$` and `<\$`.
    expect(splitInvariant(() => new DollarFramer(), '<jose><A><1><><7001><><7017><\\$<jose><OK>\\$<jose><G><\\\\srv\\c$\\a.wav>$', 5)).to.deep.equal([
      msg('<jose><A><1><><7001><><7017><\\$', 'jose', 'A', '1', '', '7001', '', '7017'),
      msg('<jose><OK>\\$', 'jose', 'OK'),
      msg('<jose><G><\\\\srv\\c$\\a.wav>$', 'jose', 'G', '\\\\srv\\c$\\a.wav'),
    ]);
  });

  it('drops an overlong message or garbage run, reported once, and resumes after its end', () => {
    const text = '<a><b>$<0123456789><x>$<c><d>$' + 'z'.repeat(15) + '$<e>$';
    const items = splitInvariant(() => new DollarFramer({ maxChars: 10 }), text, 23);
    expect(items).to.deep.equal([
      msg('<a><b>$', 'a', 'b'),
      { kind: 'overflow', limit: 10 },
      msg('<c><d>$', 'c', 'd'),
      { kind: 'overflow', limit: 10 },
      msg('<e>$', 'e'),
    ]);
  });

  it('a message that never ends stays within the limit; reset() drops it', () => {
    const f = new DollarFramer({ maxChars: 4096 });
    const items = [];
    items.push(...f.push('<login>'));
    for (let i = 0; i < 400; i++) {
      items.push(...f.push('<field with text>'));
      expect(f.buffered).to.be.at.most(4096);
    }
    expect(items).to.deep.equal([{ kind: 'overflow', limit: 4096 }]);
    expect(f.push('$<ok>$')).to.deep.equal([msg('<ok>$', 'ok')]);
    f.push('<half');
    expect(f.buffered).to.equal(5);
    f.reset();
    expect(f.buffered).to.equal(0);
    expect(f.push('<x>$')).to.deep.equal([msg('<x>$', 'x')]);
  });

  it('fuzz: thousands of random byte strings never throw, stay bounded and split-invariant', () => {
    const rand = prng(4242);
    const decoder = new TextDecoder('windows-1252');
    for (let i = 0; i < 3000; i++) {
      const text = decoder.decode(randomBytes(rand, 80, [0x3c, 0x3e, 0x24, 0x0a, 0x0d, 0x20, 0x61]));
      const make = () => new DollarFramer({ maxChars: 1 + (i % 19) });
      const whole = feed(make(), [text]);
      expect(feed(make(), randomSplits(text, rand, 6))).to.deep.equal(whole);
    }
  });
});
