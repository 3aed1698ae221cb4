/**
 * NEON transport: one native `WebSocket` to the softphone (`ws://localhost:15070/` by default). It moves
 * text frames and reports open / close; it does not know what a frame means (`codec.ts`) nor when to
 * reconnect (`adapter.ts`). The constructor is injected (`AdapterDeps.WebSocket`), so tests use fakes.
 */
import { openWebSocket, type SocketHandle } from '../socket.js';

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

export type { SocketHandle } from '../socket.js';

/** Open a socket to `url`. Never throws: a bad URL is reported as an immediate close. */
export function openSocket(WebSocketImpl: typeof WebSocket, url: string, listener: SocketListener): SocketHandle {
  const decoder = new TextDecoder('utf-8');
  return openWebSocket(WebSocketImpl, url, [], {
    onOpen: () => listener.onOpen(),
    onMessage(data) {
      if (typeof data === 'string') listener.onFrame(data);
      else if (data instanceof ArrayBuffer) listener.onFrame(decoder.decode(data));
      else listener.onFrame(String(data));
    },
    onClose: (code, reason, opened) => listener.onClose(code, reason, opened),
  });
}
