/**
 * A fake Zendesk agent interface — the parent frame of a ZAF app — written from the Zendesk Apps framework
 * documentation (framework 2.0: the iframe URL carries `origin` and `app_guid`; the app's SDK posts JSON messages
 * to `origin`; the host answers the handshake with `zaf.app.registered` {metadata: {settings}, context:
 * {location, instanceGuid}}, `get`/`invoke` with `{id, result}` (per-path failures in `result.errors`), requests
 * `request:N` with `zaf.request:N.done|fail` {responseArgs}, and events as `zaf.<name>`), and a small in-memory
 * Support account answering the REST endpoints the app uses (users search, a user's requested tickets, ticket
 * update/create, the Talk Partner Edition display endpoints when `tpe` is on).
 *
 * It records every call so tests can assert on them, and can be told to fail an action or a request.
 */
export interface FakeUser {
  readonly id: number;
  readonly name: string;
  readonly phone: string;
}
export interface FakeTicket {
  readonly id: number;
  readonly requester_id: number;
  status: string;
  readonly updated_at: string;
  subject?: string;
  comments?: { body: string; public: boolean }[];
  tags?: string[];
}
export interface Invocation {
  readonly name: string;
  readonly args: unknown[];
  readonly instanceGuid: string;
}
export interface RecordedRequest {
  readonly url: string;
  readonly type: string;
  readonly data?: unknown;
  /** The app instance (iframe) that made it. */
  readonly guid?: string;
}
export interface Failure {
  readonly status?: number;
  readonly message: string;
}

export interface ZafFakeOptions {
  readonly appUrl: string;
  readonly settings: Record<string, unknown>;
  readonly users?: FakeUser[];
  readonly tickets?: FakeTicket[];
  /** The account has Talk Partner Edition (the display endpoints answer 200; otherwise 403). */
  readonly tpe?: boolean;
  readonly currentUser?: { id: number; name: string; locale: string };
  /** The `origin` the iframe URL claims (default: this page's origin, the real parent). */
  readonly claimedOrigin?: string;
  /** Query parameters added to the app URL (e.g. `zreport=1`). */
  readonly extraParams?: Record<string, string>;
  /** Told of every action and request the app makes (the demo shows them). */
  readonly onRecord?: (entry: { kind: 'invoke'; invocation: Invocation } | { kind: 'request'; request: RecordedRequest }) => void;
}

let instanceCounter = 0;

export class ZafParentFake {
  readonly invocations: Invocation[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly subscriptions = new Set<string>();
  readonly gets: string[] = [];
  /** Messages of any kind the app posted (handshake included). */
  readonly received: unknown[] = [];
  readonly users: FakeUser[];
  readonly tickets: FakeTicket[];
  readonly failActions = new Map<string, Failure>();
  readonly failRequests: { match: RegExp; failure: Failure }[] = [];
  readonly frames = new Map<string, { iframe: HTMLIFrameElement; location: string; registered: boolean }>();
  #nextTicket = 20000;
  readonly #options: ZafFakeOptions;
  readonly #appOrigin: string;
  readonly #listener = (event: MessageEvent) => this.#onMessage(event);
  readonly #replies = new Map<number, (body: any) => void>();
  #seq = 0;

  constructor(options: ZafFakeOptions) {
    this.#options = options;
    this.#appOrigin = new URL(options.appUrl).origin;
    this.users = options.users ?? [];
    this.tickets = options.tickets ?? [];
    addEventListener('message', this.#listener);
  }

  /** Load the app in a location (`top_bar`, `background`); resolves with its instance guid once its iframe loaded. */
  async open(location = 'top_bar', size: { width: number; height: number } | null = { width: 380, height: 640 }, container: HTMLElement = document.body): Promise<string> {
    instanceCounter += 1;
    const guid = `00000000-0000-4000-8000-${String(instanceCounter).padStart(12, '0')}`;
    const params = new URLSearchParams({ origin: this.#options.claimedOrigin ?? location_origin(), app_guid: guid, ...(this.#options.extraParams ?? {}) });
    const iframe = document.createElement('iframe');
    iframe.title = `app ${location}`;
    if (size) {
      iframe.style.width = `${size.width}px`;
      iframe.style.height = `${size.height}px`;
    }
    iframe.src = `${this.#options.appUrl}?${params}`;
    this.frames.set(guid, { iframe, location, registered: false });
    const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
    container.append(iframe);
    await loaded;
    return guid;
  }

  registered(guid: string): boolean {
    return this.frames.get(guid)?.registered === true;
  }

  /** A framework event to every instance (`voice.dialout` …), as `zaf.<name>`; `only`: to that instance (its tab). */
  trigger(name: string, message: unknown, only?: string): void {
    for (const [guid, frame] of this.frames) if (!only || guid === only) this.#post(frame.iframe, { key: `zaf.${name}`, message, instanceGuid: guid });
  }

  /** Ask the test reporter inside the app page (zreport=1). */
  ask(guid: string, cmd: string, extra: Record<string, unknown> = {}, timeoutMs = 8000): Promise<any> {
    const frame = this.frames.get(guid);
    if (!frame) throw new Error(`no frame ${guid}`);
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#replies.delete(seq);
        reject(new Error(`the app did not answer ${cmd}`));
      }, timeoutMs);
      this.#replies.set(seq, (body) => {
        clearTimeout(timer);
        resolve(body);
      });
      frame.iframe.contentWindow!.postMessage({ zreporter: 'cmd', seq, cmd, ...extra }, this.#appOrigin);
    });
  }

  /** One instance's iframe goes away (its Zendesk tab closed): it answers nothing more. */
  remove(guid: string): void {
    this.frames.get(guid)?.iframe.remove();
    this.frames.delete(guid);
  }

  close(): void {
    removeEventListener('message', this.#listener);
    for (const { iframe } of this.frames.values()) iframe.remove();
    this.frames.clear();
  }

  #frameOf(source: MessageEventSource | null): [string, { iframe: HTMLIFrameElement; location: string; registered: boolean }] | undefined {
    for (const entry of this.frames) if (entry[1].iframe.contentWindow === source) return entry;
    return undefined;
  }

  #post(iframe: HTMLIFrameElement, message: unknown): void {
    iframe.contentWindow?.postMessage(message, this.#appOrigin);
  }

  #onMessage(event: MessageEvent): void {
    const entry = this.#frameOf(event.source);
    if (!entry || event.origin !== this.#appOrigin) return;
    const [frameGuid, frame] = entry;
    const raw = event.data as unknown;
    if (raw && typeof raw === 'object' && (raw as { zreporter?: unknown }).zreporter === 'reply') {
      const { seq, zreporter: _z, ...body } = raw as { seq: number; zreporter: string };
      this.#replies.get(seq)?.(body);
      this.#replies.delete(seq);
      return;
    }
    let msg: any;
    try {
      msg = typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    this.received.push(msg);
    const instanceGuid = typeof msg.instanceGuid === 'string' ? msg.instanceGuid : frameGuid;
    if (msg.key === 'iframe.handshake') {
      frame.registered = true;
      this.#post(frame.iframe, {
        key: 'zaf.app.registered',
        message: {
          metadata: { appId: 4242, installationId: 77, name: 'cti-elements', version: '0.1.0', settings: this.#options.settings },
          context: { product: 'support', location: frame.location, instanceGuid: frameGuid, account: { subdomain: 'acme' } },
        },
      });
      return;
    }
    if (typeof msg.key === 'string' && msg.key.startsWith('iframe.on:')) {
      this.subscriptions.add(msg.key.slice('iframe.on:'.length));
      return;
    }
    if (typeof msg.key === 'string' && /^request:\d+$/.test(msg.key)) {
      void this.#request(frame.iframe, msg.key, msg.message ?? {}, frameGuid);
      return;
    }
    if (typeof msg.id === 'number' && msg.request === 'get') {
      const result: Record<string, unknown> = { errors: {} };
      for (const path of msg.params as string[]) {
        this.gets.push(path);
        result[path] = this.#getPath(path);
      }
      this.#post(frame.iframe, { id: msg.id, result });
      return;
    }
    if (typeof msg.id === 'number' && msg.request === 'invoke') {
      const result: Record<string, unknown> = { errors: {} };
      for (const [name, args] of Object.entries(msg.params as Record<string, unknown[]>)) {
        const invocation = { name, args, instanceGuid };
        this.invocations.push(invocation);
        this.#options.onRecord?.({ kind: 'invoke', invocation });
        const failure = this.failActions.get(name) ?? this.#checkInvoke(name, args, instanceGuid);
        if (failure) (result.errors as Record<string, unknown>)[name] = { name: 'Error', message: failure.message };
        else result[name] = null;
      }
      this.#post(frame.iframe, { id: msg.id, result });
    }
  }

  #getPath(path: string): unknown {
    const user = this.#options.currentUser ?? { id: 7, name: 'Agente Ana', locale: 'pt-BR' };
    if (path === 'currentUser.id') return user.id;
    if (path === 'currentUser.locale') return user.locale;
    if (path === 'currentUser.name') return user.name;
    if (path === 'instances') {
      return Object.fromEntries([...this.frames].map(([guid, f]) => [guid, { location: f.location, instanceGuid: guid, host: 'support', product: 'support' }]));
    }
    return undefined;
  }

  /** The actions this fake knows, checked as documented. */
  #checkInvoke(name: string, args: unknown[], instanceGuid: string): Failure | undefined {
    const location = this.frames.get(instanceGuid)?.location;
    if (name === 'popover') {
      if (location !== 'top_bar' && location !== 'nav_bar') return { message: `"popover" is not available in ${location}` };
      const a = args[0];
      if (a === undefined || a === 'show' || a === 'hide' || a === 'toggle' || (typeof a === 'object' && a !== null)) return undefined;
      return { message: 'Invalid popover argument' };
    }
    if (name === 'preloadPane') return location === 'top_bar' || location === 'nav_bar' ? undefined : { message: `"preloadPane" is not available in ${location}` };
    if (name === 'routeTo') {
      const [kind, id] = args;
      if (!['ticket', 'user', 'organization', 'nav_bar'].includes(String(kind)) || typeof id !== 'string') return { message: 'Invalid routeTo arguments' };
      return undefined;
    }
    return { message: `Unknown action "${name}"` };
  }

  async #request(iframe: HTMLIFrameElement, key: string, options: { url?: string; type?: string; data?: string }, guid: string): Promise<void> {
    const url = String(options.url ?? '');
    const type = String(options.type ?? 'GET').toUpperCase();
    let data: unknown;
    try {
      data = options.data ? JSON.parse(options.data) : undefined;
    } catch {
      data = options.data;
    }
    const request = { url, type, guid, ...(data !== undefined ? { data } : {}) };
    this.requests.push(request);
    this.#options.onRecord?.({ kind: 'request', request });
    const answer = (ok: boolean, status: number, body: unknown) => {
      const xhr = { status, statusText: ok ? 'OK' : status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : 'Error', responseText: JSON.stringify(body) };
      this.#post(iframe, { key: `zaf.${key}.${ok ? 'done' : 'fail'}`, message: { responseArgs: ok ? [body, 'success', xhr] : [xhr, 'error', xhr.statusText] } });
    };
    await new Promise((r) => setTimeout(r, 5));
    const failure = this.failRequests.find((f) => f.match.test(url));
    if (failure) return answer(false, failure.failure.status ?? 500, { error: 'Failure', description: failure.failure.message });
    const path = new URL(url, 'https://acme.zendesk.com').pathname;
    const query = new URL(url, 'https://acme.zendesk.com').searchParams;
    let m: RegExpExecArray | null;
    if (type === 'GET' && path === '/api/v2/search.json') {
      const q = query.get('query') ?? '';
      const phone = /(?:^|\s)phone:(\S+)/.exec(q)?.[1]?.replace(/\D/g, '');
      const results = /(?:^|\s)type:user(?:\s|$)/.test(q) && phone ? this.users.filter((u) => u.phone.replace(/\D/g, '').endsWith(phone)).map((u) => ({ ...u, result_type: 'user' })) : [];
      return answer(true, 200, { results, count: results.length, next_page: null, previous_page: null });
    }
    if (type === 'GET' && (m = /^\/api\/v2\/users\/(\d+)\/tickets\/requested\.json$/.exec(path))) {
      const id = Number(m[1]);
      const list = this.tickets.filter((tk) => tk.requester_id === id);
      const desc = query.get('sort_order') === 'desc';
      if (query.get('sort_by') === 'updated_at') list.sort((a, b) => (desc ? -1 : 1) * a.updated_at.localeCompare(b.updated_at));
      return answer(true, 200, { tickets: list.map(({ comments: _c, ...tk }) => tk), count: list.length });
    }
    if (type === 'POST' && (m = /^\/api\/v2\/channels\/voice\/agents\/(\d+)\/(tickets|users)\/(\d+)\/display\.json$/.exec(path))) {
      if (!this.#options.tpe) return answer(false, 403, { error: 'Forbidden', description: 'Talk Partner Edition is not enabled' });
      const exists = m[2] === 'tickets' ? this.tickets.some((tk) => tk.id === Number(m![3])) : this.users.some((u) => u.id === Number(m![3]));
      return exists ? answer(true, 200, {}) : answer(false, 404, { error: 'RecordNotFound' });
    }
    if (type === 'PUT' && (m = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(path))) {
      const ticket = this.tickets.find((tk) => tk.id === Number(m![1]));
      if (!ticket) return answer(false, 404, { error: 'RecordNotFound' });
      const comment = (data as { ticket?: { comment?: { body: string; public?: boolean } } })?.ticket?.comment;
      if (comment) (ticket.comments ??= []).push({ body: comment.body, public: comment.public !== false });
      return answer(true, 200, { ticket });
    }
    if (type === 'POST' && path === '/api/v2/tickets.json') {
      const t = (data as { ticket?: any })?.ticket;
      if (!t?.comment?.body) return answer(false, 422, { error: 'RecordInvalid', description: 'Description: cannot be blank' });
      const ticket: FakeTicket = {
        id: ++this.#nextTicket,
        requester_id: t.requester_id ?? (this.#options.currentUser?.id ?? 7),
        status: 'new',
        updated_at: new Date().toISOString(),
        subject: t.subject,
        comments: [{ body: t.comment.body, public: t.comment.public !== false }],
        tags: t.tags ?? [],
      };
      this.tickets.push(ticket);
      return answer(true, 201, { ticket });
    }
    return answer(false, 404, { error: 'InvalidEndpoint', description: `${type} ${path}` });
  }
}

function location_origin(): string {
  return location.origin;
}
