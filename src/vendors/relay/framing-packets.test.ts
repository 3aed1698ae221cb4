/** Packet framing (DGPhone, Asterisk-manager style): banner, CRLF and bare LF, split anywhere. */
import { expect } from '@open-wc/testing';
import { PacketFramer, fieldValue, fieldValues, type Packet } from './framing-packets.js';
import { feed, prng, randomBytes, randomSplits, splitInvariant } from './test-support.js';

const STREAM =
  'Asterisk Call Manager/1.1\r\n' +
  'Event: DGPhoneResponse\r\nResponse: Success\r\nCommand: Login\r\nMessage: Logado: ramal 2001 — João\r\n\r\n' +
  '\r\n' +
  'Event: DGPhoneEvent\nUser: 2001\nVariable: a=1\nVariable: b=2\nCallerIDName: Conceição 😀 €\n\n' +
  'Event: Status\r\nUser:2001\r\nEmpty:\r\n   \r\n' +
  'no colon here\r\n' +
  'Line: 3\r\n\r\n' +
  'Event: Partial\r\n';

describe('relay PacketFramer', () => {
  it('reports the banner, then packets with duplicate keys in order, values containing ":"', () => {
    const items = splitInvariant(() => new PacketFramer(), STREAM, 11);
    expect(items).to.deep.equal([
      { kind: 'banner', line: 'Asterisk Call Manager/1.1' },
      {
        kind: 'packet',
        fields: [
          ['Event', 'DGPhoneResponse'],
          ['Response', 'Success'],
          ['Command', 'Login'],
          ['Message', 'Logado: ramal 2001 — João'],
        ],
      },
      {
        kind: 'packet',
        fields: [
          ['Event', 'DGPhoneEvent'],
          ['User', '2001'],
          ['Variable', 'a=1'],
          ['Variable', 'b=2'],
          ['CallerIDName', 'Conceição 😀 €'],
        ],
      },
      { kind: 'stray', line: 'no colon here' },
      { kind: 'packet', fields: [['Event', 'Status'], ['User', '2001'], ['Empty', ''], ['Line', '3']] },
    ]);
    const packet = items[2] as Packet;
    expect(fieldValue(packet, 'event')).to.equal('DGPhoneEvent');
    expect(fieldValue(packet, 'Missing')).to.equal(undefined);
    expect(fieldValues(packet, 'VARIABLE')).to.deep.equal(['a=1', 'b=2']);
  });

  it('holds the unfinished packet and completes it on the next push', () => {
    const f = new PacketFramer();
    f.push(STREAM);
    expect(f.buffered).to.equal('Event: Partial'.length);
    expect(f.push('\r\n')).to.deep.equal([{ kind: 'packet', fields: [['Event', 'Partial']] }]);
    expect(f.buffered).to.equal(0);
  });

  it('a colon-less line is a banner only before the first field; reset() makes it a banner again', () => {
    const f = new PacketFramer();
    expect(f.push('Welcome\nA: 1\n\nBye\n')).to.deep.equal([
      { kind: 'banner', line: 'Welcome' },
      { kind: 'packet', fields: [['A', '1']] },
      { kind: 'stray', line: 'Bye' },
    ]);
    f.push('B: half');
    f.reset();
    expect(f.buffered).to.equal(0);
    expect(f.push('Asterisk Call Manager/1.1\r\nResponse: Success\r\n\r\n')).to.deep.equal([
      { kind: 'banner', line: 'Asterisk Call Manager/1.1' },
      { kind: 'packet', fields: [['Response', 'Success']] },
    ]);
  });

  it('drops an overlong packet up to its empty line, reported once, and resumes', () => {
    const text =
      'A: 1\r\n\r\n' + 'B: 123456\r\nC: 1234567\r\nD: 1\r\n\r\n' + 'E: 12345678901\r\n\r\n' + 'F: 2\r\n\r\n';
    const items = splitInvariant(() => new PacketFramer({ maxChars: 20 }), text, 12);
    expect(items).to.deep.equal([
      { kind: 'packet', fields: [['A', '1']] },
      { kind: 'overflow', limit: 20 },
      { kind: 'packet', fields: [['E', '12345678901']] },
      { kind: 'packet', fields: [['F', '2']] },
    ]);
  });

  it('a packet that never ends stays within the limit', () => {
    const f = new PacketFramer({ maxChars: 1000 });
    const items = [];
    for (let i = 0; i < 500; i++) {
      items.push(...f.push(`Key${i}: value\r\n`));
      expect(f.buffered).to.be.at.most(1000);
    }
    expect(items).to.deep.equal([{ kind: 'overflow', limit: 1000 }]);
    expect(f.push('\r\nOk: 1\r\n\r\n')).to.deep.equal([{ kind: 'packet', fields: [['Ok', '1']] }]);
  });

  it('fuzz: thousands of random byte strings never throw, stay bounded and split-invariant', () => {
    const rand = prng(99);
    const decoder = new TextDecoder('utf-8');
    for (let i = 0; i < 3000; i++) {
      const text = decoder.decode(randomBytes(rand, 80, [0x0a, 0x0d, 0x0d, 0x3a, 0x20, 0x41, 0xc3, 0xa7]));
      const make = () => new PacketFramer({ maxChars: 1 + (i % 23) });
      const whole = feed(make(), [text]);
      expect(feed(make(), randomSplits(text, rand, 6))).to.deep.equal(whole);
    }
  });
});
