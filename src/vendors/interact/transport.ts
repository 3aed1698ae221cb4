/**
 * Interact CTI transport: moves frames, nothing else. `fetch` for the REST commands, the native
 * `EventSource` for the monitor channels. It knows URLs, methods, headers and timeouts; it does not
 * know what a frame means (that is `codec.ts`) nor when to reconnect (that is `adapter.ts`).
 *
 * Both constructors are injected (`AdapterDeps`), so tests drive it with fakes.
 */
import type { Clock } from '../../domain/clock.js';
import type { CtiError } from '../../domain/model.js';
import { frameTooLarge, MAX_FRAME_CHARS, tooLargeWhy, type InteractFormat } from './codec.js';

/** A raw HTTP answer. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  /** Path under the base URL, e.g. `agent/login`, `agent/monitor/subscribe`. */
  readonly path: string;
  /** URL parameters besides `format` (always added). Never credentials. */
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Encoded body (POST only). */
  readonly body?: string;
  readonly timeoutMs: number;
}

/** What a channel reports. */
export interface ChannelListener {
  /** The stream answered 200 and is open. */
  onOpen(): void;
  /** One SSE event: its name (`message` for unnamed events, e.g. the `{}` heartbeat) and data. */
  onFrame(name: string, data: string): void;
  /** EventSource `error`; `readyState` 2 (CLOSED) means it gave up for good. */
  onError(readyState: number): void;
}

export interface ChannelHandle {
  readonly url: string;
  readonly readyState: number;
  close(): void;
}

export interface TransportDeps {
  readonly fetch: typeof fetch;
  readonly EventSource: typeof EventSource;
  readonly clock: Clock;
  /** Where the sentences go (an error's detail is a code: no words of ours on the agent's screen). */
  readonly log?: (level: 'warn', message: string) => void;
}

export class InteractTransport {
  readonly #base: string;
  readonly #format: InteractFormat;
  readonly #contentType: string;
  readonly #deps: TransportDeps;

  constructor(base: string, format: InteractFormat, contentType: string, deps: TransportDeps) {
    this.#base = base.replace(/\/+$/, '');
    this.#format = format;
    this.#contentType = contentType;
    this.#deps = deps;
  }

  /** `base/path?params&format=…` (format always explicit, §2). */
  url(path: string, query: Readonly<Record<string, string | number | undefined>> = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    params.set('format', this.#format);
    return `${this.#base}/${path}?${params.toString()}`;
  }

  /**
   * One REST exchange. Resolves with any HTTP status; rejects with a `CtiError` `network` (fetch
   * rejected), `timeout` (no answer within `timeoutMs`, the request is aborted) or `malformed-frame` (a body
   * longer than `MAX_FRAME_CHARS`: reading stops there and the request is aborted).
   */
  async request(spec: RequestSpec): Promise<HttpAnswer> {
    const url = this.url(spec.path, spec.query);
    const controller = new AbortController();
    let timedOut = false;
    const timer = this.#deps.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, spec.timeoutMs);
    const headers: Record<string, string> = {
      Accept: this.#format === 'json' ? 'application/json' : 'application/xml',
    };
    if (spec.method === 'POST') headers['Content-Type'] = this.#contentType;
    const init: RequestInit = {
      method: spec.method,
      headers,
      signal: controller.signal,
      cache: 'no-store',
      ...(spec.method === 'POST' ? { body: spec.body ?? '' } : {}),
    };
    const doFetch = this.#deps.fetch;
    let status: number;
    let text: string | undefined;
    try {
      const res = await doFetch(url, init);
      status = res.status;
      text = await readCapped(res, MAX_FRAME_CHARS);
    } catch (e) {
      throw this.#failure(spec.path, timedOut, e);
    } finally {
      this.#deps.clock.clearTimeout(timer);
    }
    if (text === undefined) {
      controller.abort();
      this.#deps.log?.('warn', `${spec.path}: ${tooLargeWhy('response body')}`);
      throw frameTooLarge(spec.path, this.#deps.clock.now(), status);
    }
    return { status, text };
  }

  /**
   * Find out why an `EventSource` gave up: `EventSource` hides the HTTP status, so ask for the same
   * URL with `fetch`, read the status and abort the body at once. `undefined` when unreachable.
   */
  async probeChannel(resource: string, channelId: number, timeoutMs: number): Promise<number | undefined> {
    const controller = new AbortController();
    const timer = this.#deps.clock.setTimeout(() => controller.abort(), timeoutMs);
    const doFetch = this.#deps.fetch;
    try {
      const res = await doFetch(this.channelUrl(resource, channelId), {
        method: 'GET',
        headers: { Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      });
      return res.status;
    } catch {
      return undefined;
    } finally {
      controller.abort();
      this.#deps.clock.clearTimeout(timer);
    }
  }

  channelUrl(resource: string, channelId: number): string {
    return this.url(`${resource}/monitor/open_channel`, { channel_id: channelId });
  }

  /** Open a monitor channel with the native EventSource, listening to every name in `eventNames` plus `message`. */
  openChannel(resource: string, channelId: number, eventNames: readonly string[], listener: ChannelListener): ChannelHandle {
    const url = this.channelUrl(resource, channelId);
    const es = new this.#deps.EventSource(url);
    const onMessage = (e: Event) => {
      const data = (e as MessageEvent).data;
      listener.onFrame(e.type, typeof data === 'string' ? data : '');
    };
    for (const name of new Set([...eventNames, 'message'])) es.addEventListener(name, onMessage);
    es.addEventListener('open', () => listener.onOpen());
    es.addEventListener('error', () => listener.onError(es.readyState));
    return {
      url,
      get readyState() {
        return es.readyState;
      },
      close: () => es.close(),
    };
  }

  #failure(operation: string, timedOut: boolean, e: unknown): CtiError {
    const at = this.#deps.clock.now();
    if (timedOut) return { code: 'timeout', at, operation };
    // The browser's words (`Failed to fetch`) to the log; the translated error.network says it.
    this.#deps.log?.('warn', `${operation}: ${e instanceof Error ? e.message : String(e)}`);
    return { code: 'network', at, operation };
  }
}

/**
 * The body as text, or `undefined` once it passes `maxChars` (the rest is never read nor decoded). Streams
 * the body: `res.text()` would buffer and decode any size first.
 */
async function readCapped(res: Response, maxChars: number): Promise<string | undefined> {
  const reader = res.body?.getReader();
  if (!reader) {
    const text = await res.text();
    return text.length > maxChars ? undefined : text;
  }
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    const part = done ? decoder.decode() : decoder.decode(value, { stream: true });
    parts.push(part);
    length += part.length;
    if (length > maxChars) {
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    if (done) return parts.join('');
  }
}
