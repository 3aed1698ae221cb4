/**
 * A `Link` for the raw-TCP vendors (Catix, DGPhone, Tactium): a websockify relay socket, a stream decoder in
 * the vendor's encoding and a framer, all new for every link, turning bytes into the vendor's messages.
 */
import { StreamDecoder, type RelayEncoding } from '../relay/decoder.js';
import { openRelay } from '../relay/transport.js';
import type { Link, LinkEvents } from './connection.js';

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
