/** The relay transport against a fake WebSocket: binary only, subprotocol offer, open/close reporting. */
import { expect } from '@open-wc/testing';
import { StreamDecoder } from './decoder.js';
import { RELAY_SUBPROTOCOL, offeredProtocols, openRelay, relayUrl, type RelayListener } from './transport.js';

class FakeSocket {
  static last: FakeSocket | undefined;
  static throwOnConstruct: Error | undefined;
  readonly url: string;
  readonly protocols: string[] | undefined;
  readonly argCount: number;
  binaryType = 'blob';
  readyState = 0;
  protocol = '';
  sent: unknown[] = [];
  closedWith: [number | undefined, string | undefined] | undefined;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  onclose: ((e: CloseEvent) => void) | null = null;

  constructor(...args: [string, (string | string[])?]) {
    if (FakeSocket.throwOnConstruct) throw FakeSocket.throwOnConstruct;
    this.argCount = args.length;
    this.url = args[0];
    this.protocols = args[1] === undefined ? undefined : ([] as string[]).concat(args[1]);
    FakeSocket.last = this;
  }
  send(data: unknown): void {
    if (typeof data === 'string') throw new Error('a text frame: websockify would close with 1003');
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
    this.readyState = 3;
  }
  // Test controls.
  accept(protocol = RELAY_SUBPROTOCOL): void {
    this.protocol = protocol;
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(data: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
  drop(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }
}
const Fake = FakeSocket as unknown as typeof WebSocket;

function recorder() {
  const log: unknown[] = [];
  const listener: RelayListener = {
    onOpen: () => log.push('open'),
    onBytes: (b) => log.push([...b]),
    onClose: (code, reason, opened) => log.push({ code, reason, opened }),
  };
  return { log, listener };
}

const sock = (): FakeSocket => {
  if (!FakeSocket.last) throw new Error('no socket');
  return FakeSocket.last;
};
const sentBytes = (): number[][] => sock().sent.map((d) => {
  expect(d).to.be.instanceOf(Uint8Array);
  return [...(d as Uint8Array)];
});

describe('relay transport', () => {
  afterEach(() => {
    FakeSocket.last = undefined;
    FakeSocket.throwOnConstruct = undefined;
  });

  it('builds the relay URL with the routing token', () => {
    expect(relayUrl('ws://relay.local:6080/', 'dgphone-1')).to.equal('ws://relay.local:6080/?token=dgphone-1');
    expect(relayUrl('wss://relay.local/', 'a b&c')).to.equal('wss://relay.local/?token=a+b%26c');
  });

  it("offers 'binary' (first when several), or none", () => {
    expect(offeredProtocols()).to.deep.equal(['binary']);
    expect(offeredProtocols(['x', 'binary', 'x'])).to.deep.equal(['binary', 'x']);
    expect(offeredProtocols([])).to.deep.equal([]);
    const { listener } = recorder();
    openRelay(Fake, { url: 'ws://r/?token=t' }, listener);
    expect(sock().protocols).to.deep.equal(['binary']);
    expect(sock().binaryType).to.equal('arraybuffer');
    openRelay(Fake, { url: 'ws://r/?token=t', protocols: [] }, listener);
    expect(sock().argCount).to.equal(1);
  });

  it('reports open, then each binary frame as bytes, then a drop with opened = true', () => {
    const { log, listener } = recorder();
    const relay = openRelay(Fake, { url: 'ws://r/?token=t' }, listener);
    expect(relay.open).to.be.false;
    expect(relay.send('x')).to.be.false;
    sock().accept();
    expect(relay.open).to.be.true;
    sock().receive(new Uint8Array([0x61, 0xc3]).buffer);
    sock().receive(new Uint8Array([0x00, 0xa7, 0x62]).subarray(1));
    sock().drop(1006, 'gone');
    expect(log).to.deep.equal(['open', [0x61, 0xc3], [0xa7, 0x62], { code: 1006, reason: 'gone', opened: true }]);
    expect(relay.open).to.be.false;
  });

  it('a refused connection reports opened = false; a bad URL is an immediate close, never a throw', async () => {
    const { log, listener } = recorder();
    openRelay(Fake, { url: 'ws://r/?token=unknown' }, listener);
    sock().drop(1006);
    expect(log).to.deep.equal([{ code: 1006, reason: '', opened: false }]);

    const bad = recorder();
    FakeSocket.throwOnConstruct = new DOMException('bad url', 'SyntaxError');
    const relay = openRelay(Fake, { url: 'nope' }, bad.listener);
    expect(relay.send('x')).to.be.false;
    await Promise.resolve();
    expect(bad.log).to.deep.equal([{ code: 1006, reason: 'SyntaxError: bad url', opened: false }]);
  });

  it('closes on a subprotocol other than binary, and on a text frame (1003)', () => {
    const a = recorder();
    openRelay(Fake, { url: 'ws://r/', protocols: ['binary', 'base64'] }, a.listener);
    sock().accept('base64');
    expect(sock().readyState).to.equal(3);
    expect(a.log).to.have.length(1);
    expect(a.log[0]).to.include({ code: 1002, opened: false });

    const b = recorder();
    openRelay(Fake, { url: 'ws://r/' }, b.listener);
    sock().accept('');
    sock().receive('text');
    sock().receive(new ArrayBuffer(1));
    expect(sock().readyState).to.equal(3);
    expect(b.log[0]).to.equal('open');
    expect(b.log[1]).to.include({ code: 1003, opened: true });
    expect(b.log).to.have.length(2);
  });

  it('close() by the owner is not reported and sends nothing more', () => {
    const { log, listener } = recorder();
    const relay = openRelay(Fake, { url: 'ws://r/' }, listener);
    sock().accept();
    relay.close();
    expect(sock().closedWith).to.deep.equal([1000, 'closed by cti-elements']);
    sock().drop(1000);
    expect(relay.send('x')).to.be.false;
    expect(log).to.deep.equal(['open']);
  });

  it('sends only binary frames, text encoded in the configured encoding', () => {
    const cases = [
      ['utf-8', [0x41, 0xc3, 0xa7, 0xe2, 0x82, 0xac, 0x0d, 0x0a]],
      ['iso-8859-1', [0x41, 0xe7, 0x3f, 0x0d, 0x0a]],
      ['windows-1252', [0x41, 0xe7, 0x80, 0x0d, 0x0a]],
    ] as const;
    for (const [encoding, bytes] of cases) {
      const relay = openRelay(Fake, { url: 'ws://r/', encoding }, recorder().listener);
      expect(relay.encoding).to.equal(encoding);
      sock().accept();
      expect(relay.send('Aç€\r\n')).to.be.true;
      expect(relay.sendBytes(new Uint8Array([1, 2]))).to.be.true;
      expect(sentBytes(), encoding).to.deep.equal([[...bytes], [1, 2]]);
    }
  });

  it('round trip: what was sent decodes back with the same encoding', () => {
    const text = '<jose><A><11><Conceição — ação>$';
    for (const encoding of ['utf-8', 'windows-1252'] as const) {
      const relay = openRelay(Fake, { url: 'ws://r/', encoding }, recorder().listener);
      sock().accept();
      relay.send(text);
      const d = new StreamDecoder(encoding);
      expect(sentBytes().flat().map((b) => d.decode(new Uint8Array([b]))).join('') + d.flush()).to.equal(text);
    }
  });
});
