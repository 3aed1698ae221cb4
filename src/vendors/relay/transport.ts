/**
 * Relay transport: one `WebSocket` to a websockify relay (`ws(s)://relay:port/?token=NAME`) that bridges
 * to a vendor's raw TCP port. It moves bytes and reports open / close; it does not know where a message
 * ends (the `framing-*.ts` modules), how bytes become text (`decoder.ts`) nor when to reconnect (the
 * vendor adapter). The constructor is injected, so tests use fakes.
 *
 * websockify's rules (see ENVIRONMENT.md): binary frames only — a text frame from the client makes it
 * close with 1003, so everything sent here is bytes; `binaryType = 'arraybuffer'`; the subprotocol is
 * none or `'binary'`, and `'binary'` must come first when several are offered. A frame boundary is not
 * a message boundary.
 *
 * The token is a routing id (the relay logs it), not a secret.
 */
import { openWebSocket } from '../socket.js';
import { RelayEncoding } from './decoder.js';
import { encodeText } from './encoder.js';

export const RELAY_SUBPROTOCOL = 'binary';

export interface RelayListener {
  onOpen(): void;
  /** The bytes of one binary frame (a piece of the TCP stream, not a message). */
  onBytes(bytes: Uint8Array): void;
  /**
   * The socket closed. `opened`: it had been open (a drop; websockify's 1011 when its connect to the vendor's
   * port failed, 1000 when the vendor closed) or not (refused: relay down, unknown token, or the relay chose a
   * subprotocol other than `'binary'`).
   * A text frame from the relay is a protocol error: the socket is closed and reported with 1003.
   */
  onClose(code: number, reason: string, opened: boolean): void;
}

export interface RelayHandle {
  /** Encode `text` in the configured encoding and send it as one binary frame; `false` when not open. */
  send(text: string): boolean;
  /** Send bytes as one binary frame; `false` when not open. */
  sendBytes(bytes: Uint8Array): boolean;
  /** Close without reporting `onClose` (the owner asked for it). */
  close(): void;
  readonly open: boolean;
  /** The encoding `send` uses. */
  readonly encoding: RelayEncoding;
}

export interface RelayOptions {
  /** `ws(s)://relay:port/?token=NAME` (see `relayUrl`). */
  readonly url: string;
  /** Outgoing text encoding (default UTF-8). Decoding incoming bytes is the caller's (`StreamDecoder`). */
  readonly encoding?: RelayEncoding;
  /** Subprotocols to offer (default `['binary']`; `[]` offers none). `'binary'` is moved first. */
  readonly protocols?: readonly string[];
}

/** `base` (`ws://relay:6080/`) with the `token` query parameter set. Throws on a malformed URL. */
export function relayUrl(base: string, token: string): string {
  const url = new URL(base);
  url.searchParams.set('token', token);
  return url.href;
}

/** The offer order websockify needs: `'binary'` first, no duplicates. */
export function offeredProtocols(protocols: readonly string[] = [RELAY_SUBPROTOCOL]): string[] {
  const unique = [...new Set(protocols)];
  return unique.includes(RELAY_SUBPROTOCOL)
    ? [RELAY_SUBPROTOCOL, ...unique.filter((p) => p !== RELAY_SUBPROTOCOL)]
    : unique;
}

/** Open a socket to the relay. Never throws: a bad URL is reported as an immediate close. */
export function openRelay(WebSocketImpl: typeof WebSocket, options: RelayOptions, listener: RelayListener): RelayHandle {
  const encoding = options.encoding ?? RelayEncoding.Utf8;
  const socket = openWebSocket(WebSocketImpl, options.url, offeredProtocols(options.protocols), {
    accept: (protocol) =>
      protocol !== '' && protocol !== RELAY_SUBPROTOCOL
        ? [1002, `the relay chose subprotocol '${protocol}', only '${RELAY_SUBPROTOCOL}' or none is supported`]
        : undefined,
    onOpen: () => listener.onOpen(),
    onMessage(data) {
      if (data instanceof ArrayBuffer) listener.onBytes(new Uint8Array(data));
      else if (ArrayBuffer.isView(data)) listener.onBytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      else return [1003, 'the relay sent a text frame; only binary frames are expected'];
      return undefined;
    },
    onClose: (code, reason, opened) => listener.onClose(code, reason, opened),
  });
  // A view on a SharedArrayBuffer cannot be sent as is: copy it.
  const sendBytes = (bytes: Uint8Array): boolean =>
    socket.send(bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes));
  return {
    send: (text: string) => sendBytes(encodeText(text, encoding)),
    sendBytes,
    close: () => socket.close(),
    get open(): boolean {
      return socket.open;
    },
    encoding,
  };
}
