/**
 * NEON transport: one native `WebSocket` to the softphone (`ws://localhost:15070/` by default). It moves
 * text frames and reports open / close; it does not know what a frame means (`codec.ts`) nor when to
 * reconnect (`adapter.ts`). The constructor is injected (`AdapterDeps.WebSocket`), so tests use fakes.
 */

export interface SocketListener {
  onOpen(): void;
  /** One text frame (binary frames are decoded as UTF-8). */
  onFrame(text: string): void;
  /**
   * The socket closed. `opened`: it had been open (a drop) or not (refused: nothing listens —
   * NEON not running, or its WebSocket option disabled).
   */
  onClose(code: number, reason: string, opened: boolean): void;
}

export interface SocketHandle {
  /** Send one text frame; `false` when the socket is not open (nothing was sent). */
  send(text: string): boolean;
  /** Close without reporting `onClose` (the owner asked for it). */
  close(): void;
  readonly open: boolean;
}

const OPEN = 1;

/** Open a socket to `url`. Never throws: a bad URL is reported as an immediate close. */
export function openSocket(WebSocketImpl: typeof WebSocket, url: string, listener: SocketListener): SocketHandle {
  let socket: WebSocket | undefined;
  let opened = false;
  let closed = false;
  const decoder = new TextDecoder('utf-8');
  const finish = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    listener.onClose(code, reason, opened);
  };
  try {
    socket = new WebSocketImpl(url);
    socket.binaryType = 'arraybuffer';
  } catch (err) {
    // SyntaxError for a malformed URL, SecurityError for a blocked one: reported like a refusal.
    queueMicrotask(() => finish(1006, err instanceof Error ? `${err.name}: ${err.message}` : String(err)));
    return { send: () => false, close: () => (closed = true), get open() {
      return false;
    } };
  }
  const ws = socket;
  ws.onopen = () => {
    if (closed) return;
    opened = true;
    listener.onOpen();
  };
  ws.onmessage = (event: MessageEvent) => {
    if (closed) return;
    const data: unknown = event.data;
    if (typeof data === 'string') listener.onFrame(data);
    else if (data instanceof ArrayBuffer) listener.onFrame(decoder.decode(data));
    else listener.onFrame(String(data));
  };
  // `error` is always followed by `close`; the close carries what we need.
  ws.onerror = () => undefined;
  ws.onclose = (event: CloseEvent) => finish(event.code, event.reason);
  return {
    send(text: string): boolean {
      if (closed || ws.readyState !== OPEN) return false;
      ws.send(text);
      return true;
    },
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
      return !closed && ws.readyState === OPEN;
    },
  };
}
