/**
 * The one fake websockify relay socket the relay adapters' tests and the runtime's tests drive (imported by
 * `*.test.ts` only). It behaves like websockify: binary frames only (a text frame from the client is a test
 * failure: websockify would close with 1003), the `'binary'` subprotocol, close codes of the relay
 * (1006 refused / dropped; after `open`, 1011 its connect to the vendor's port failed, 1000 the vendor closed;
 * `relayCloseError` in `../relay-link.ts`). The test plays the server: `open`, `serve`, `drop`.
 */
import type { RelayEncoding } from '../../relay/decoder.js';
import { encodeText } from '../../relay/encoder.js';

export class FakeRelaySocket {
  /** Every socket opened since the last `reset`, oldest first. */
  static instances: FakeRelaySocket[] = [];
  /** The encoding `serve` writes and `texts` reads (the vendor's). */
  static encoding: RelayEncoding = 'utf-8';

  /** Forget the sockets of an earlier test; `encoding`: the vendor's. */
  static reset(encoding: RelayEncoding = 'utf-8'): void {
    FakeRelaySocket.instances = [];
    FakeRelaySocket.encoding = encoding;
  }

  /** The socket opened last. */
  static last(): FakeRelaySocket {
    const last = FakeRelaySocket.instances.at(-1);
    if (!last) throw new Error('no socket was opened');
    return last;
  }

  readyState = 0;
  binaryType: BinaryType = 'blob';
  protocol = '';
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  readonly sent: Uint8Array[] = [];
  /** How the client closed it, if it did. */
  closedBy: { code?: number; reason?: string } | undefined;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    FakeRelaySocket.instances.push(this);
  }

  send(data: unknown): void {
    if (this.readyState !== 1) throw new DOMException('not open', 'InvalidStateError');
    if (typeof data === 'string') throw new Error('a text frame: websockify would close with 1003');
    this.sent.push(new Uint8Array(data as Uint8Array));
  }

  close(code?: number, reason?: string): void {
    this.closedBy = { code, reason };
    this.readyState = 3;
  }

  /* ------------------------------------------------------------ the test's side */

  /** The relay accepted the connection (and chose `protocol`). */
  open(protocol = 'binary'): void {
    this.protocol = protocol;
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** The relay never accepted (down, unknown token). */
  refuse(code = 1006): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason: '' }));
  }

  /** An open connection closed by the other side (1011: the relay could not connect to the vendor; 1000 Target closed). */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }

  /** Raw bytes (or UTF-8 text) from the server, as one binary frame. */
  bytes(data: string | Uint8Array): void {
    const b = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    this.onmessage?.(new MessageEvent('message', { data: b.slice().buffer }));
  }

  /** The server sends `text` in the vendor's encoding, in one binary frame or split at byte offsets `cuts`. */
  serve(text: string, cuts: readonly number[] = []): void {
    const bytes = encodeText(text, FakeRelaySocket.encoding);
    let from = 0;
    for (const at of [...cuts, bytes.length]) {
      const piece = bytes.slice(from, at);
      from = at;
      if (piece.length > 0) this.onmessage?.(new MessageEvent('message', { data: piece.buffer }));
    }
  }

  /** What the client sent, decoded in the vendor's encoding. */
  texts(): string[] {
    const d = new TextDecoder(FakeRelaySocket.encoding);
    return this.sent.map((b) => d.decode(b));
  }

  last(): string {
    return this.texts().at(-1) ?? '';
  }
}
