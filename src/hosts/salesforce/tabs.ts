/**
 * The softphones of one Salesforce window talk to each other (one softphone frame per browser tab, same widget
 * origin, same top-level site): which tab logs which call as which Task, so that when that tab goes away mid-call
 * a surviving one finishes the Task (bridge.ts).
 *
 * - The channel is a `BroadcastChannel`: it works in the softphone frames with third-party storage allowed and
 *   blocked alike (docs/ENVIRONMENT facts: Web Locks and SharedWorker are refused in a blocked cross-site frame,
 *   BroadcastChannel is not). Only call ids and Task ids cross it (Salesforce record ids, not secrets); never a
 *   credential. A message that is not one of ours, whole and well formed, is logged and ignored.
 * - Liveness: each tab holds a Web Lock named after it for its whole life; another tab asks for that lock and is
 *   granted it only when the tab is gone (closed, navigated, crashed: the browser releases it). `watch` reports
 *   false where Web Locks are refused (third-party storage blocked): the bridge then waits `graceMs` after the
 *   call ends for the owner's word instead. A tab leaving (`pagehide`) says `bye` at once.
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

/** What a tab tells the others (each with its `tab`). */
export type TabMessage =
  | { readonly k: 'hello' }
  /** This tab logs `call` as Task `task` (on creation, to a `hello`, and when it adopted it). */
  | { readonly k: 'task'; readonly call: string; readonly task: string }
  /** This tab completes (or completed) the Task of `call`. */
  | { readonly k: 'done'; readonly call: string }
  | { readonly k: 'bye' }
  | { readonly k: 'claim'; readonly key: string; readonly rank: string };

export type Received = TabMessage & { readonly tab: string };
/** What the bridge hears (claims are settled here). */
export type Heard = Exclude<Received, { readonly k: 'claim' }>;

export interface TabsOptions {
  readonly channel?: ChannelLike | undefined;
  readonly locks?: LocksLike | undefined;
  /** A message from another frame that is not ours: logged, never thrown. */
  log(text: string): void;
  readonly windowMs?: number;
  /** The page's visibility and focus, for the rank of a claim. */
  readonly shown?: () => [visible: boolean, focused: boolean];
}

export interface Tabs {
  readonly id: string;
  /** Whether `watch` can tell a tab's death (Web Locks work here). */
  readonly locks: boolean;
  send(message: TabMessage): void;
  onMessage?: (message: Heard) => void;
  /** Calls `gone` once when `tab` is gone; false when this browser refuses Web Locks here. */
  watch(tab: string, gone: () => void): boolean;
  /** Whether this tab wins `key` among the tabs claiming it now; `strong`: this tab has the first right to it. */
  claim(key: string, strong?: boolean): Promise<boolean>;
  close(): void;
}

const CTI = 'cti-sf1';
const LOCK = 'cti-sf-tab:';
const ID = /^[\w-]{1,64}$/;
/** A Salesforce record id: 15 or 18 letters and digits. */
const RECORD = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const TOP = '~';

const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** The message as sent by another softphone, or undefined when it is not one, whole and well formed. */
export function readMessage(data: unknown): Received | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as Record<string, unknown>;
  if (m['cti'] !== CTI || typeof m['tab'] !== 'string' || !ID.test(m['tab'])) return undefined;
  const tab = m['tab'];
  switch (m['k']) {
    case 'hello':
    case 'bye':
      return { k: m['k'], tab };
    case 'done':
      return text(m['call'], 255) ? { k: 'done', tab, call: m['call'] } : undefined;
    case 'task':
      return text(m['call'], 255) && typeof m['task'] === 'string' && RECORD.test(m['task']) ? { k: 'task', tab, call: m['call'], task: m['task'] } : undefined;
    case 'claim':
      return text(m['key'], 300) && text(m['rank'], 80) ? { k: 'claim', tab, key: m['key'], rank: m['rank'] } : undefined;
    default:
      return undefined;
  }
}

export function connectTabs(options: TabsOptions): Tabs {
  const { channel, locks, log } = options;
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
  const send = (message: TabMessage) => {
    if (closed) return;
    try {
      channel?.postMessage({ cti: CTI, tab: id, ...message });
    } catch (e) {
      log(`could not tell the other softphones: ${String(e)}`);
    }
  };
  const tabs: Tabs = {
    id,
    get locks() {
      return locked;
    },
    send,
    watch(tab, gone) {
      if (!locked || closed) return false;
      // Granted only when that tab's own (exclusive) hold ends: the tab is gone.
      locks!.request(LOCK + tab, { mode: 'shared' }, () => void (closed || gone())).catch(() => undefined);
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
      won.add(key);
      while (won.size > 200) won.delete(won.values().next().value!);
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
      const m = readMessage(event.data);
      if (!m) return log(`ignored a malformed message from another frame (${typeof event.data})`);
      if (m.tab === id) return;
      if (m.k === 'claim') {
        const mine = claiming.get(m.key);
        if (mine && m.rank > mine.rank) mine.lost = true;
        if (m.rank > (heard.get(m.key) ?? '')) heard.set(m.key, m.rank);
        while (heard.size > 200) heard.delete(heard.keys().next().value!);
        if (won.has(m.key)) send({ k: 'claim', key: m.key, rank: TOP });
        return;
      }
      try {
        tabs.onMessage?.(m);
      } catch (e) {
        log(`a message from another softphone failed: ${String(e)}`);
      }
    };
    addEventListener('pagehide', bye);
    if (locks) {
      // Held for this tab's life; refused where the browser blocks this frame's storage.
      locks
        .request(LOCK + id, {}, () => {
          locked = !closed;
          return new Promise<void>((r) => (release = r));
        })
        .catch(() => undefined);
    }
    send({ k: 'hello' });
  }
  return tabs;
}
