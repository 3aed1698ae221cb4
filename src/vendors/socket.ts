/**
 * The lifecycle every WebSocket transport shares (NEON directly, the raw-TCP vendors through websockify):
 * open with the injected constructor (a bad URL is reported as an immediate close, never thrown),
 * `binaryType = 'arraybuffer'`, one `onClose` report with whether the socket had opened, a close asked for
 * by the owner is not reported, and a transport may refuse an open (wrong subprotocol) or a frame (wrong
 * kind) — the socket is then closed and reported with the given code.
 */

/** A refusal: the socket is closed and reported with this close code and reason. */
export type Refusal = readonly [code: number, reason: string];

export interface SocketEvents {
  /** Whether to accept the subprotocol the server chose (`''` for none). Return a `Refusal` to reject it. */
  accept?(protocol: string): Refusal | void;
  /** The socket is open (and accepted): `send` works from here. */
  onOpen(): void;
  /** One frame (`string` or `ArrayBuffer`). Return a `Refusal` to close the socket over it. */
  onMessage(data: unknown): Refusal | void;
  /** The socket closed; `opened`: it had been open (a drop) or not (refused, nothing listening). */
  onClose(code: number, reason: string, opened: boolean): void;
}

export interface SocketHandle {
  /** Send one frame; `false` when the socket is not open (nothing was sent). */
  send(data: string | Uint8Array<ArrayBuffer>): boolean;
  /** Close without reporting `onClose` (the owner asked for it). */
  close(): void;
  readonly open: boolean;
}

const OPEN = 1;

export function openWebSocket(
  WebSocketImpl: typeof WebSocket,
  url: string,
  protocols: readonly string[],
  events: SocketEvents,
): SocketHandle {
  let opened = false;
  let closed = false;
  const finish = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    events.onClose(code, reason, opened);
  };
  let ws: WebSocket;
  try {
    ws = protocols.length > 0 ? new WebSocketImpl(url, [...protocols]) : new WebSocketImpl(url);
    ws.binaryType = 'arraybuffer';
  } catch (err) {
    // SyntaxError for a malformed URL, SecurityError for a blocked one: reported like a refusal.
    queueMicrotask(() => finish(1006, err instanceof Error ? `${err.name}: ${err.message}` : String(err)));
    return {
      send: () => false,
      close: () => (closed = true),
      get open() {
        return false;
      },
    };
  }
  const detach = (code?: number, reason?: string) => {
    ws.onopen = ws.onmessage = ws.onclose = null;
    try {
      ws.close(code, reason);
    } catch {
      // Already closing.
    }
  };
  const refuse = ([code, reason]: Refusal) => {
    detach();
    finish(code, reason);
  };
  ws.onopen = () => {
    if (closed) return;
    const refusal = events.accept?.(ws.protocol);
    if (refusal) return refuse(refusal);
    opened = true;
    events.onOpen();
  };
  ws.onmessage = (event: MessageEvent) => {
    if (closed) return;
    const refusal = events.onMessage(event.data);
    if (refusal) refuse(refusal);
  };
  // `error` is always followed by `close`; the close carries what we need.
  ws.onerror = () => undefined;
  ws.onclose = (event: CloseEvent) => finish(event.code, event.reason);
  return {
    send(data) {
      if (closed || !opened || ws.readyState !== OPEN) return false;
      ws.send(data);
      return true;
    },
    close(): void {
      if (closed) return;
      closed = true;
      detach(1000, 'closed by cti-elements');
    },
    get open(): boolean {
      return !closed && opened && ws.readyState === OPEN;
    },
  };
}
