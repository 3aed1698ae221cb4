/**
 * The DGPhone codec: the seed's packets, every malformed shape, the packets we send, and fuzzing through the
 * real decoder + packet framer (random bytes, mutated packets, byte-at-a-time and seeded random splits).
 */
import { expect } from '@open-wc/testing';
import { StreamDecoder } from '../relay/decoder.js';
import { PacketFramer, type Packet, type PacketItem } from '../relay/framing-packets.js';
import { prng, randomBytes, splitInvariant, utf8, type Pushable } from '../relay/test-support.js';
import { decodeItem, decodePacket, dialString, encodeCommand, lineNumber, packetPreview, type DGMessage } from './codec.js';

/** A server → client session in the shapes of the seed (document 001), CRLF, with the banner. */
export const SEED_SESSION = [
  'Intelix DGPhone Manager/1.0',
  '',
  'Event: DGPhoneResponse',
  'Response: Success',
  'Command: Login',
  'User: 2001',
  'Message: Ramal 2001 logado',
  '',
  'Event: DGPhoneEvent',
  'Status: LineSelected',
  'User: 2001',
  'Line: 2',
  '',
  'Event: DGPhoneEvent',
  'Status: Dialing',
  'User: 2001',
  'Line: 2',
  'Number: 7133411525',
  '',
  'Event: DGPhoneEvent',
  'Status: ReceivingCall',
  'User: 2001',
  'Line: 3',
  'Number: 1133334444',
  '',
  'Event: DGPhoneEvent',
  'Status: Answer',
  'User: 2001',
  'Line: 2',
  'Number: 7133411525',
  '',
  'Event: DGPhoneEvent',
  'Status: Hold',
  'User: 2001',
  'Line: 2',
  'Hold: 1',
  '',
  'Event: DGPhoneEvent',
  'Status: DTMFReceived',
  'User: 2001',
  'Line: 2',
  'Digit: #',
  '',
  'Event: DGPhoneEvent',
  'Status: Hangup',
  'User: 2001',
  'Line: 2',
  '',
  'Event: DGPhoneEvent',
  'Status: Ready',
  'User: 2001',
  'Line: 2',
  '',
  'Event: DGPhoneEvent',
  'User: 2001',
  'Agent: 1001',
  'Status: AgentCalled',
  'Uniqueid: 1700000000.42',
  '',
  'Event: DGPhoneEvent',
  'Status: UserLogoff',
  'User: 2001',
  '',
  'Event: DGTimeStamp',
  'Time: 1700000000',
  '',
  'Event: DGPhoneResponse',
  'Response: Error',
  'Command: Dial',
  'Message: Linha 1 ocupada — não há tom',
  '',
  '',
].join('\r\n');

const SEED_DECODED: DGMessage[] = [
  { kind: 'banner', line: 'Intelix DGPhone Manager/1.0' },
  { kind: 'response', ok: true, command: 'Login', message: 'Ramal 2001 logado', user: '2001' },
  { kind: 'line', status: 'LineSelected', user: '2001', line: 2 },
  { kind: 'line', status: 'Dialing', user: '2001', line: 2, number: '7133411525' },
  { kind: 'line', status: 'ReceivingCall', user: '2001', line: 3, number: '1133334444' },
  { kind: 'line', status: 'Answer', user: '2001', line: 2, number: '7133411525' },
  { kind: 'line', status: 'Hold', user: '2001', line: 2, hold: true },
  { kind: 'line', status: 'DTMFReceived', user: '2001', line: 2, digit: '#' },
  { kind: 'line', status: 'Hangup', user: '2001', line: 2 },
  { kind: 'line', status: 'Ready', user: '2001', line: 2 },
  { kind: 'agent', status: 'AgentCalled', user: '2001', agent: '1001', uniqueid: '1700000000.42' },
  { kind: 'user-logoff', user: '2001' },
  { kind: 'timestamp', time: '1700000000' },
  { kind: 'response', ok: false, command: 'Dial', message: 'Linha 1 ocupada — não há tom' },
];

const packet = (...fields: [string, string][]): Packet => ({ kind: 'packet', fields });

/** Framer + codec as one pushable, for the split-invariance helper. */
function pipeline(): Pushable<DGMessage> {
  const framer = new PacketFramer({ maxChars: 4096 });
  return {
    push: (text) => framer.push(text).map(decodeItem),
    get buffered() {
      return framer.buffered;
    },
    maxChars: framer.maxChars,
  };
}

describe('dgphone codec: decoding', () => {
  it("decodes the seed's packets (banner, responses, every line status, agent, UserLogoff, DGTimeStamp)", () => {
    expect(pipeline().push(SEED_SESSION)).to.deep.equal(SEED_DECODED);
  });

  it('gives the same messages whatever the byte split (one unit, one byte, seeded random splits)', () => {
    expect(splitInvariant(pipeline, SEED_SESSION, 4242, 30)).to.deep.equal(SEED_DECODED);
    expect(splitInvariant(pipeline, SEED_SESSION.replace(/\r\n/g, '\n'), 99, 10)).to.deep.equal(SEED_DECODED);
  });

  it('reads keys, events and statuses case-insensitively; Hold: 0; lower-case DTMF keys', () => {
    expect(decodePacket(packet(['event', 'dgphoneevent'], ['STATUS', 'hold'], ['user', '2001'], ['line', '4'], ['hold', '0']))).to.deep.equal({
      kind: 'line',
      status: 'Hold',
      user: '2001',
      line: 4,
      hold: false,
    });
    expect(decodePacket(packet(['Event', 'DGPhoneEvent'], ['Status', 'DTMFReceived'], ['Line', '1'], ['Digit', 'b']))).to.deep.equal({
      kind: 'line',
      status: 'DTMFReceived',
      line: 1,
      digit: 'B',
    });
    expect(decodePacket(packet(['Event', 'dgphoneresponse'], ['Response', 'SUCCESS'], ['Command', 'LOGOFF']))).to.deep.equal({
      kind: 'response',
      ok: true,
      command: 'logoff',
    });
  });

  it('accepts an AMI-style response without Event; keeps an unknown command name as sent', () => {
    expect(decodePacket(packet(['Response', 'Error'], ['Command', 'QueueStatus'], ['Message', 'x']))).to.deep.equal({
      kind: 'response',
      ok: false,
      command: 'QueueStatus',
      message: 'x',
    });
    // A Line the seed does not show is read when valid (it narrows the match), dropped otherwise.
    expect(decodePacket(packet(['Event', 'DGPhoneResponse'], ['Response', 'Success'], ['Command', 'Hangup'], ['Line', '3']))).to.deep.include({ command: 'Hangup', line: 3 });
    expect(decodePacket(packet(['Event', 'DGPhoneResponse'], ['Response', 'Success'], ['Line', '9']))).to.deep.equal({ kind: 'response', ok: true });
  });

  it('reads every agent status, with and without Uniqueid', () => {
    for (const status of ['AgentLogin', 'AgentCalled', 'AgentConnect', 'AgentComplete', 'AgentLogoff']) {
      expect(decodePacket(packet(['Event', 'DGPhoneEvent'], ['User', '2001'], ['Agent', '1001'], ['Status', status]))).to.deep.equal({
        kind: 'agent',
        status,
        user: '2001',
        agent: '1001',
      });
    }
  });

  it("reads an `Event: Status` packet (seed L39 \"o evento Status para cada linha\", named as L27 names DGPhoneResponse) as a DGPhoneEvent", () => {
    expect(decodePacket(packet(['Event', 'Status'], ['User', '2001'], ['Line', '3'], ['Status', 'Answer'], ['Number', '71']))).to.deep.equal({
      kind: 'line',
      status: 'Answer',
      user: '2001',
      line: 3,
      number: '71',
    });
    expect(decodePacket(packet(['Event', 'status'], ['Line', '2'], ['Status', 'Hold'], ['Hold', '1']))).to.include({ kind: 'line', line: 2, hold: true });
    // Without a Status key it is still a visible malformed packet, not an unknown one.
    expect(decodePacket(packet(['Event', 'Status'], ['Line', '2'], ['State', 'Idle']))).to.include({ kind: 'malformed' });
  });

  it('names unknown events and statuses without failing', () => {
    expect(decodePacket(packet(['Event', 'PeerStatus'], ['Status', 'x']))).to.deep.equal({ kind: 'unknown', event: 'PeerStatus', status: 'x' });
    expect(decodePacket(packet(['Event', 'DGPhoneEvent'], ['Status', 'Transfer'], ['User', '2001']))).to.deep.equal({
      kind: 'unknown',
      event: 'DGPhoneEvent',
      status: 'Transfer',
      user: '2001',
    });
  });

  it('reports malformed packets with a reason and a preview', () => {
    const cases: [Packet, RegExp][] = [
      [packet(['Foo', 'bar']), /without Event/],
      [packet(['Event', 'DGPhoneEvent'], ['User', '2001']), /without Status/],
      [packet(['Event', 'DGPhoneEvent'], ['Status', 'Answer'], ['Line', '7']), /valid Line/],
      [packet(['Event', 'DGPhoneEvent'], ['Status', 'Answer'], ['Line', 'x']), /valid Line/],
      [packet(['Event', 'DGPhoneEvent'], ['Status', 'Ready']), /valid Line/],
      [packet(['Event', 'DGPhoneEvent'], ['Status', 'Hold'], ['Line', '1'], ['Hold', 'yes']), /Hold: 1\|0/],
      [packet(['Event', 'DGPhoneEvent'], ['Status', 'DTMFReceived'], ['Line', '1'], ['Digit', '12']), /invalid Digit/],
      [packet(['Event', 'DGPhoneResponse'], ['Response', 'Maybe']), /neither Success nor Error/],
    ];
    for (const [p, reason] of cases) {
      const m = decodePacket(p);
      expect(m.kind, JSON.stringify(p)).to.equal('malformed');
      if (m.kind === 'malformed') {
        expect(m.reason).to.match(reason);
        expect(m.preview).to.match(/^(Event|Foo): /);
      }
    }
  });

  it('keeps a reason short when it quotes a long server value (found by npm run fuzz)', () => {
    const m = decodePacket(packet(['Event', 'DGPhoneResponse'], ['Response', 'n'.repeat(100_000)]));
    expect(m.kind).to.equal('malformed');
    if (m.kind === 'malformed') {
      expect(m.reason).to.match(/^Response is neither Success nor Error: 'n+…$/);
      expect(m.reason.length).to.equal(301);
    }
  });

  it('turns stray lines and overflows into malformed messages', () => {
    expect(decodeItem({ kind: 'stray', line: 'garbage here' })).to.deep.equal({ kind: 'malformed', reason: 'a line that is not `Key: Value`', preview: 'garbage here' });
    // An overflow says so (the adapter's detail is then too-long, not malformed).
    expect(decodeItem({ kind: 'overflow', limit: 10 })).to.deep.include({ kind: 'malformed', tooLong: true });
  });

  it('masks secret-looking values in previews and keeps them short', () => {
    const preview = packetPreview(packet(['Action', 'DGPhoneCommand'], ['Digits', '1234#'], ['Password', 'x']));
    expect(preview).to.equal('Action: DGPhoneCommand; Digits: ***; Password: ***');
    expect(packetPreview(packet(['Event', 'x'.repeat(500)])).length).to.be.at.most(161);
  });

  it('reads line numbers 1..6 only', () => {
    expect(['1', '6', ' 3 ', '0', '7', '-1', '1.5', '', 'a'].map((v) => lineNumber(v))).to.deep.equal([1, 6, 3, undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('dgphone codec: encoding', () => {
  it('builds command packets with CRLF and the final empty line', () => {
    expect(encodeCommand('Login', [['User', '2001'], ['RemoteMode', '1']])).to.equal(
      'Action: DGPhoneCommand\r\nCommand: Login\r\nUser: 2001\r\nRemoteMode: 1\r\n\r\n',
    );
    expect(encodeCommand('Status')).to.equal('Action: DGPhoneCommand\r\nCommand: Status\r\n\r\n');
    expect(encodeCommand('logoff', [['User', '2001']])).to.contain('Command: logoff\r\n');
  });

  it('cannot be made to end a packet early or add a key (CR/LF in values)', () => {
    const text = encodeCommand('Dial', [['Number', '123\r\n\r\nAction: DGPhoneCommand\r\nCommand: logoff']]);
    const items = new PacketFramer().push(text);
    expect(items).to.have.length(1);
    expect((items[0] as Packet).fields.map(([k]) => k)).to.deep.equal(['Action', 'Command', 'Number']);
  });

  it('normalises dial strings', () => {
    expect(dialString('(71) 3341-1525')).to.equal('7133411525');
    expect(dialString('+55 71 3341.1525')).to.equal('+557133411525');
    expect(dialString('*9800')).to.equal('*9800');
    expect(dialString('abc')).to.equal(undefined);
    expect(dialString('')).to.equal(undefined);
    expect(dialString('12+3')).to.equal(undefined);
  });
});

describe('dgphone codec: fuzz', () => {
  const decodeAll = (framer: PacketFramer, decoder: StreamDecoder, bytes: Uint8Array): DGMessage[] => framer.push(decoder.decode(bytes)).map(decodeItem);

  it('random bytes through decoder + framer + codec never throw and stay bounded', () => {
    const rand = prng(7);
    const bias = [...utf8('Event: DGPhoneEvent\r\nStatus: Hold\r\nLine: 1\r\nHold: 1\r\n:\n\r')];
    for (let round = 0; round < 300; round++) {
      const framer = new PacketFramer({ maxChars: 512 });
      const decoder = new StreamDecoder('utf-8');
      for (let i = 0; i < 5; i++) {
        const out = decodeAll(framer, decoder, randomBytes(rand, 300, bias));
        for (const m of out) expect(m.kind).to.be.oneOf(['response', 'line', 'agent', 'user-logoff', 'timestamp', 'banner', 'unknown', 'malformed']);
        expect(framer.buffered).to.be.at.most(512);
      }
    }
  });

  it('mutated seed packets never throw, and the stream goes on with the next valid packet', () => {
    const rand = prng(11);
    const seed = utf8(SEED_SESSION);
    const valid = 'Event: DGPhoneEvent\r\nStatus: Ready\r\nUser: 2001\r\nLine: 6\r\n\r\n';
    for (let round = 0; round < 200; round++) {
      const bytes = seed.slice();
      const flips = 1 + Math.floor(rand() * 12);
      for (let i = 0; i < flips; i++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      const framer = new PacketFramer({ maxChars: 2048 });
      const decoder = new StreamDecoder('windows-1252');
      decodeAll(framer, decoder, bytes);
      // Whatever the damage, a blank line then a good packet is read as such.
      const after = decodeAll(framer, decoder, utf8(`\r\n\r\n${valid}`));
      expect(after.at(-1), `round ${round}`).to.deep.equal({ kind: 'line', status: 'Ready', user: '2001', line: 6 });
    }
  });

  it('truncated packets decode to nothing until their empty line arrives', () => {
    const items: PacketItem[] = new PacketFramer().push('Event: DGPhoneEvent\r\nStatus: Answer\r\nUser: 2001\r\nLine: 1');
    expect(items).to.deep.equal([]);
  });
});
