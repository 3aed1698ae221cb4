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
import { RelayEncoding } from './decoder.js';
import { encodeText } from './encoder.js';

export const RELAY_SUBPROTOCOL = 'binary';

export interface RelayListener {
  onOpen(): void;
  /** The bytes of one binary frame (a piece of the TCP stream, not a message). */
  onBytes(bytes: Uint8Array): void;
  /**
   * The socket closed. `opened`: it had been open (a drop) or not (refused: relay down, unknown
   * token, vendor port closed, or the relay chose a subprotocol other than `'binary'`).
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

const OPEN = 1;

/** Open a socket to the relay. Never throws: a bad URL is reported as an immediate close. */
export function openRelay(WebSocketImpl: typeof WebSocket, options: RelayOptions, listener: RelayListener): RelayHandle {
  const encoding = options.encoding ?? RelayEncoding.Utf8;
  let opened = false;
  let closed = false;
  const finish = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    listener.onClose(code, reason, opened);
  };
  let ws: WebSocket;
  try {
    const protocols = offeredProtocols(options.protocols);
    ws = protocols.length > 0 ? new WebSocketImpl(options.url, protocols) : new WebSocketImpl(options.url);
    ws.binaryType = 'arraybuffer';
  } catch (err) {
    // SyntaxError for a malformed URL, SecurityError for a blocked one: reported like a refusal.
    queueMicrotask(() => finish(1006, err instanceof Error ? `${err.name}: ${err.message}` : String(err)));
    return {
      send: () => false,
      sendBytes: () => false,
      close: () => (closed = true),
      get open() {
        return false;
      },
      encoding,
    };
  }
  const abort = (code: number, reason: string) => {
    detach();
    finish(code, reason);
  };
  const detach = () => {
    ws.onopen = ws.onmessage = ws.onclose = null;
    try {
      ws.close();
    } catch {
      // Already closing.
    }
  };
  ws.onopen = () => {
    if (closed) return;
    if (ws.protocol !== '' && ws.protocol !== RELAY_SUBPROTOCOL) {
      abort(1002, `the relay chose subprotocol '${ws.protocol}', only '${RELAY_SUBPROTOCOL}' or none is supported`);
      return;
    }
    opened = true;
    listener.onOpen();
  };
  ws.onmessage = (event: MessageEvent) => {
    if (closed) return;
    const data: unknown = event.data;
    if (data instanceof ArrayBuffer) listener.onBytes(new Uint8Array(data));
    else if (ArrayBuffer.isView(data)) listener.onBytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    else abort(1003, 'the relay sent a text frame; only binary frames are expected');
  };
  // `error` is always followed by `close`; the close carries what we need.
  ws.onerror = () => undefined;
  ws.onclose = (event: CloseEvent) => finish(event.code, event.reason);
  const sendBytes = (bytes: Uint8Array): boolean => {
    if (closed || !opened || ws.readyState !== OPEN) return false;
    // A view on a SharedArrayBuffer cannot be sent as is: copy it.
    ws.send(bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes));
    return true;
  };
  return {
    send: (text: string) => sendBytes(encodeText(text, encoding)),
    sendBytes,
    close(): void {
      if (closed) return;
      closed = true;
      ws.onopen = ws.onmessage = ws.onclose = null;
      try {
        ws.close(1000, 'closed by cti-elements');
      } catch {
        // Already closing.
      }
    },
    get open(): boolean {
      return !closed && opened && ws.readyState === OPEN;
    },
    encoding,
  };
}
