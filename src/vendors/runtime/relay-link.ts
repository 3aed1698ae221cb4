/**
 * A `Link` for the raw-TCP vendors (Catix, DGPhone, Tactium): a websockify relay socket, a stream decoder in
 * the vendor's encoding and a framer, all new for every link, turning bytes into the vendor's messages; and
 * `relayCloseError`, how such a link that closed by itself reads, the same for the three.
 */
import type { CtiError } from '../../domain/model.js';
import type { AdapterHost } from '../adapter.js';
import { StreamDecoder, type RelayEncoding } from '../relay/decoder.js';
import { openRelay } from '../relay/transport.js';
import { errorAt, type Link, type LinkEvents } from './connection.js';

export interface RelayLinkOptions<Item, M> {
  readonly WebSocket: typeof WebSocket;
  readonly url: string;
  readonly encoding: RelayEncoding;
  /** A new framer for this link: text in, whole items out. */
  framer(): { push(text: string): Item[] };
  /** One framed item → one message. */
  decode(item: Item): M;
}

export function openRelayLink<Item, M>(options: RelayLinkOptions<Item, M>, events: LinkEvents<M>): Link {
  const decoder = new StreamDecoder(options.encoding);
  const framer = options.framer();
  let live = true;
  const relay = openRelay(options.WebSocket, { url: options.url, encoding: options.encoding }, {
    onOpen: () => events.opened(),
    onBytes(bytes) {
      for (const item of framer.push(decoder.decode(bytes))) {
        // A message may close this link (a refusal, a watchdog): the rest of the frame is not read.
        if (!live) return;
        events.message(options.decode(item));
      }
    },
    onClose: (code, reason, opened) => events.closed(code, reason, opened),
  });
  return {
    send: (payload) => relay.send(payload),
    close() {
      live = false;
      relay.close();
    },
    get open() {
      return relay.open;
    },
  };
}

/**
 * How a relay link that closed by itself reads: ONE mapping for Catix, DGPhone and Tactium (their `closeError`),
 * whatever the state of the sign-in. The close code is the detail (`close-1011`, a code); the sentence, with the
 * relay's own reason, goes to the log.
 *
 * | the browser saw            | error                | what websockify did                                            |
 * |----------------------------|----------------------|----------------------------------------------------------------|
 * | no open, then a close      | `relay-unavailable`  | nothing listens, or it dropped the handshake (unknown token)   |
 * | open, then 1011 (any time) | `vendor-unreachable` | its TCP connect to the vendor's port failed                    |
 * | open, then any other code  | `connection-lost`    | the vendor closed its TCP connection (1000 Target closed), the |
 * |                            |                      | relay or the network went (1006)                               |
 *
 * ASSUMPTION (written down for issue #13 §1; Catix used to read any close before its sign-in as
 * vendor-unreachable, DGPhone 1011 only before its sign-in, Tactium 1011 at any time):
 * - The seeds say nothing about a relay: each vendor only accepts a TCP connection or closes it. Catix (seed 000)
 *   "Tecnologia usada: Socket", its port "configurável", "A quantidade de conexões que o sistema suporta varia de
 *   acordo com o hardware do servidor"; DGPhone (seed 001) "conexões socket na porta 5038", "Efetuar logoff (a
 *   conexão será encerrada)"; Tactium (seed 003, 2.1) "socket-server devendo a conexão ser solicitada pelo
 *   aplicativo". So what the browser learns is what websockify turns those into.
 * - websockify 0.10.0 (Debian's, the supported relay; ENVIRONMENT.md "websockify"; its websocketproxy.py read here):
 *   `validate_connection` looks the token up BEFORE the WebSocket handshake, and an unknown or missing token
 *   drops the connection ("an unknown token drops the connection", ENVIRONMENT.md): the browser never sees
 *   `open` (1006), as with a relay that is down — one error, `relay-unavailable`, whose message names both.
 * - `new_websocket_client` connects to the target only AFTER the handshake; a failed connect (port closed, host
 *   down) is `CClose(1011, "Failed to connect to downstream server")`: open, then 1011. It is the only 1011
 *   websockify sends, so 1011 reads `vendor-unreachable` whenever it comes (no need to know the sign-in state).
 * - `do_proxy`: the vendor closing its side is `CClose(1000, "Target closed")`. The vendor WAS reached (it
 *   accepted the connection, then closed it: a restart, a connection limit, a logoff), so it reads
 *   `connection-lost`, before the sign-in too — not `vendor-unreachable`, which would send the administrator to a
 *   port that is in fact open. A vendor that closes before answering a sign-in is still retried with backoff.
 * A DGPhone logoff's close is not a loss at all: the adapter reopens before this is asked.
 */
export function relayCloseError(host: AdapterHost, vendor: string, code: number, reason: string, opened: boolean): CtiError {
  const error = !opened ? 'relay-unavailable' : code === 1011 ? 'vendor-unreachable' : 'connection-lost';
  const why = !opened
    ? 'the relay did not accept the connection (relay down, or the token is not in its allow-list)'
    : code === 1011
      ? `the relay could not reach the ${vendor} server`
      : 'connection closed';
  host.log('info', `${vendor}: ${why} (close ${code}${reason ? ` ${reason}` : ''})`);
  return errorAt(host, error, 'connect', `close-${code}`);
}
