/**
 * The widget frames of one host's browser tabs talk to each other (one frame per tab, same widget origin, same
 * top-level site): which tab logs which call, so that when that tab goes away mid-call a surviving one finishes
 * the call's log, and, where each tab has its own hub, which tab pops a call. Used by the Salesforce softphone
 * (salesforce/tabs.ts: the Task id) and the Zendesk app (zendesk/tabs.ts: the ticket / user the ring found); each
 * host adds its own message kinds through `read`. What a tab does about a call another tab logs is handover.ts.
 *
 * - The channel is a `BroadcastChannel`: it works in the host's frames with third-party storage allowed and
 *   blocked alike (docs/ENVIRONMENT facts: Web Locks and SharedWorker are refused in a blocked cross-site frame,
 *   BroadcastChannel is not). Only call ids and the host's record ids cross it, never a credential. A message
 *   that is not one of ours, whole and well formed, is logged and ignored.
 * - Liveness: each tab holds a Web Lock named after it for its whole life; another tab asks for that lock and is
 *   granted it only when the tab is gone (closed, navigated, crashed: the browser releases it). `watch` reports
 *   false where Web Locks are refused (third-party storage blocked): the host then waits after the call's end
 *   for the owner's word instead. A tab leaving (`pagehide`) says `bye` at once.
 * - A claim decides which one of several tabs acts: each candidate says `claim` with its rank and waits `windowMs`;
 *   the highest rank heard for the key, before or during the wait, wins (the tab that was clicked, then a visible,
 *   then a focused one, then the tab id). A winner answers a later claim of the same key with a rank no one beats,
 *   so a key is won once.
 */

export interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

export interface LocksLike {
  request(name: string, options: { mode?: 'shared' | 'exclusive' }, callback: () => Promise<unknown> | void): Promise<unknown>;
}

/** What every host's tabs tell each other (each with its `tab`). */
export type CommonMessage =
  | { readonly k: 'hello' }
  /** This tab logs (or logged) `call`: the others need not. */
  | { readonly k: 'done'; readonly call: string }
  | { readonly k: 'bye' }
  | { readonly k: 'claim'; readonly key: string; readonly rank: string };

/** A host's own message kind, as its `read` accepts it. */
export interface HostMessage {
  readonly k: string;
}

export type Received<M extends HostMessage> = (CommonMessage | M) & { readonly tab: string };
/** What the host hears (claims are settled here). */
export type Heard<M extends HostMessage> = Exclude<Received<M>, { readonly k: 'claim' }>;

export interface TabsOptions<M extends HostMessage> {
  readonly channel?: ChannelLike | undefined;
  readonly locks?: LocksLike | undefined;
  /** A message from another frame that is not ours: logged, never thrown. */
  log(text: string): void;
  readonly windowMs?: number;
  /** The page's visibility and focus, for the rank of a claim. */
  readonly shown?: () => [visible: boolean, focused: boolean];
  /** This host's mark on its messages and prefix of its locks. */
  readonly mark: string;
  readonly lock: string;
  /** The host's own kinds: the message without its mark and tab, or undefined when it is not one, whole. */
  readonly read?: (m: Readonly<Record<string, unknown>>) => M | undefined;
}

export interface Tabs<M extends HostMessage> {
  readonly id: string;
  /** Whether `watch` can tell a tab's death (Web Locks work here). */
  readonly locks: boolean;
  send(message: CommonMessage | M): void;
  onMessage?: (message: Heard<M>) => void;
  /** Calls `gone` once when `tab` is gone; false when this browser refuses Web Locks here. */
  watch(tab: string, gone: () => void): boolean;
  /** Whether this tab wins `key` among the tabs claiming it now; `strong`: this tab has the first right to it. */
  claim(key: string, strong?: boolean): Promise<boolean>;
  close(): void;
}

const ID = /^[\w-]{1,64}$/;
/** Keep the newest 200 keys. */
const trim = (keys: Set<string> | Map<string, string>) => {
  while (keys.size > 200) keys.delete(keys.keys().next().value!);
};
const TOP = '~';

/** A non-empty string of at most `max` characters. */
export const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The message as sent by another tab of this host (`mark`), or undefined when it is not one, whole and well formed. */
export function readMessage<M extends HostMessage>(data: unknown, mark: string, read?: (m: Readonly<Record<string, unknown>>) => M | undefined): Received<M> | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as Record<string, unknown>;
  if (m['cti'] !== mark || typeof m['tab'] !== 'string' || !ID.test(m['tab'])) return undefined;
  const tab = m['tab'];
  switch (m['k']) {
    case 'hello':
    case 'bye':
      return { k: m['k'], tab };
    case 'done':
      return text(m['call'], 255) ? { k: 'done', tab, call: m['call'] } : undefined;
    case 'claim':
      return text(m['key'], 300) && text(m['rank'], 80) ? { k: 'claim', tab, key: m['key'], rank: m['rank'] } : undefined;
    default: {
      const own = read?.(m);
      return own ? { ...own, tab } : undefined;
    }
  }
}

export function connectTabs<M extends HostMessage>(options: TabsOptions<M>): Tabs<M> {
  const { channel, locks, log, mark } = options;
  const windowMs = options.windowMs ?? 300;
  // getRandomValues, not randomUUID: it works on a plain-http page too (a development server).
  const id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  const won = new Set<string>();
  /** The best rank another tab claimed each key with (a claim heard before this tab claims the key counts too). */
  const heard = new Map<string, string>();
  /** Keys this tab is claiming now, and whether another tab outranked it. */
  const claiming = new Map<string, { rank: string; lost?: boolean }>();
  let release: (() => void) | undefined;
  let closed = false;
  let locked = false;
  const send = (message: CommonMessage | M) => {
    if (closed) return;
    try {
      channel?.postMessage({ cti: mark, tab: id, ...message });
    } catch (e) {
      log(`could not tell the other tabs: ${String(e)}`);
    }
  };
  const tabs: Tabs<M> = {
    id,
    get locks() {
      return locked;
    },
    send,
    watch(tab, gone) {
      if (!locked || closed) return false;
      // Granted only when that tab's own (exclusive) hold ends: the tab is gone.
      locks!.request(options.lock + tab, { mode: 'shared' }, () => void (closed || gone())).catch(() => undefined);
      return true;
    },
    async claim(key, strong = false) {
      if (!channel) return true;
      const [visible, focused] = options.shown?.() ?? [true, true];
      const rank = `${+strong}${+visible}${+focused}${id}`;
      const mine: { rank: string; lost?: boolean } = { rank, lost: (heard.get(key) ?? '') > rank };
      claiming.set(key, mine);
      send({ k: 'claim', key, rank });
      await new Promise((r) => setTimeout(r, windowMs));
      claiming.delete(key);
      if (mine.lost || closed) return false;
      trim(won.add(key));
      return true;
    },
    close() {
      if (closed) return;
      send({ k: 'bye' });
      closed = true;
      release?.();
      channel?.close();
      removeEventListener('pagehide', bye);
    },
  };
  const bye = () => send({ k: 'bye' });
  if (channel) {
    channel.onmessage = (event) => {
      const m = readMessage(event.data, mark, options.read);
      if (!m) return log(`ignored a malformed message from another frame (${typeof event.data})`);
      if (m.tab === id) return;
      if (m.k === 'claim') {
        const { key, rank } = m as { key: string; rank: string };
        const mine = claiming.get(key);
        if (mine && rank > mine.rank) mine.lost = true;
        if (rank > (heard.get(key) ?? '')) heard.set(key, rank);
        trim(heard);
        if (won.has(key)) send({ k: 'claim', key, rank: TOP });
        return;
      }
      try {
        tabs.onMessage?.(m as Heard<M>);
      } catch (e) {
        log(`a message from another tab failed: ${String(e)}`);
      }
    };
    addEventListener('pagehide', bye);
    if (locks) {
      // Held for this tab's life; refused where the browser blocks this frame's storage.
      locks
        .request(options.lock + id, {}, () => {
          locked = !closed;
          return new Promise<void>((r) => (release = r));
        })
        .catch(() => undefined);
    }
    send({ k: 'hello' });
  }
  return tabs;
}
