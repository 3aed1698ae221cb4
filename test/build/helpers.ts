/**
 * Helpers for the built-bundle tests: a CRM page that loads the BUILT drop-in (test/support/
 * built-page-middleware.mjs), opened in an iframe either on this origin (its DOM is reachable) or on
 * another site (the widget inside a cross-site iframe, followed over postMessage by /__built/reporter.js).
 */
import { waitFor } from '../e2e/helpers.js';

export interface ProviderLike extends HTMLElement {
  session?: {
    hubMode?: string;
    snapshot?: { connection: { status: string; hubMode?: string }; agent: { phase: string }; calls: { id: string; state: string }[] };
  };
  login(credentials: { agent: string; password: string; extension?: string }): Promise<void>;
  execute(command: { type: string }): Promise<void>;
}

/** This test server on the other host name: another origin and another site (localhost vs 127.0.0.1). */
export function otherOrigin(): string {
  const host = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return `${location.protocol}//${host}:${location.port}`;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);
}

export interface BuiltPageOptions {
  /** The vendor server (the simulator URL). */
  readonly server: string;
  /** Where the bundle is served from. */
  readonly widgetOrigin: string;
  /** Where the page itself is served from. Default: this origin. */
  readonly pageOrigin?: string;
  /** Allow the page to reach the vendor server (`connect-src`): needed when the hub may run in the page. */
  readonly connect?: boolean;
  readonly report?: boolean;
}

let counter = 0;

/** The built page's iframe (not yet in the document) and its page id. */
function builtFrame(options: BuiltPageOptions): { iframe: HTMLIFrameElement; id: string } {
  const id = `b${Date.now().toString(36)}${++counter}${Math.random().toString(36).slice(2, 6)}`;
  const query = new URLSearchParams({ server: options.server, origin: options.widgetOrigin, id });
  if (options.connect) query.set('connect', '1');
  if (options.report) query.set('report', '1');
  const iframe = document.createElement('iframe');
  iframe.style.width = '360px';
  iframe.style.height = '400px';
  iframe.src = `${options.pageOrigin ?? ''}/__built/page.html?${query}`;
  return { iframe, id };
}

async function append(iframe: HTMLIFrameElement): Promise<void> {
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  document.body.append(iframe);
  await loaded;
}

/** Open the built page in an iframe and wait for its load. */
export async function openBuiltPage(options: BuiltPageOptions): Promise<{ iframe: HTMLIFrameElement; id: string }> {
  const page = builtFrame(options);
  await append(page.iframe);
  return page;
}

/** The CSP violation reports the built page `id` sent to the test server. */
export async function cspReports(id: string): Promise<string[]> {
  // Violations during load happen before any listener: the policy reports them to the server.
  await new Promise((r) => setTimeout(r, 200));
  return (await (await fetch(`/__built/csp-report/${id}`)).json()) as string[];
}

export interface ReportedState {
  hubMode?: string;
  status?: string;
  phase?: string;
  calls: { id: string; state: string }[];
}

/** A built page on another site, seen through its reporter. */
export class RemoteWidget {
  /** Every `{ type, detail }` the reporter posted, in order. */
  readonly events: { type: string; detail: any }[] = [];
  readonly iframe: HTMLIFrameElement;
  readonly #onMessage = (event: MessageEvent) => {
    if (event.source !== this.iframe.contentWindow || event.data?.reporter !== 'cti') return;
    this.events.push({ type: event.data.type, detail: event.data.detail });
  };

  private constructor(iframe: HTMLIFrameElement) {
    this.iframe = iframe;
  }

  /** Open the built page (with its reporter) in an iframe; listens before it loads. */
  static async open(options: Omit<BuiltPageOptions, 'report'>): Promise<RemoteWidget> {
    const widget = new RemoteWidget(builtFrame({ ...options, report: true }).iframe);
    window.addEventListener('message', widget.#onMessage);
    await append(widget.iframe);
    await waitFor(() => widget.of('loaded').length > 0, 'the reporter to load');
    return widget;
  }

  of(type: string): any[] {
    return this.events.filter((e) => e.type === type).map((e) => e.detail);
  }

  #send(cmd: string): void {
    this.iframe.contentWindow!.postMessage({ reporter: 'cti', cmd }, new URL(this.iframe.src).origin);
  }

  async state(): Promise<ReportedState> {
    const before = this.of('state').length;
    this.#send('state');
    await waitFor(() => this.of('state').length > before, 'the reporter state');
    return this.of('state').at(-1) as ReportedState;
  }

  async until(predicate: (s: ReportedState) => boolean, what: string, timeoutMs = 10000): Promise<ReportedState> {
    let last: ReportedState | undefined;
    try {
      return await waitFor(
        async () => {
          last = await this.state();
          return predicate(last) ? last : undefined;
        },
        what,
        timeoutMs,
        50,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; last state ${JSON.stringify(last)}; events ${JSON.stringify(this.events.filter((x) => x.type !== 'state'))}`);
    }
  }

  async run(cmd: 'login' | 'ready'): Promise<void> {
    const before = this.events.length;
    this.#send(cmd);
    const reply = await waitFor(
      () => this.events.slice(before).find((e) => (e.type === 'done' && e.detail === cmd) || (e.type === 'failed' && e.detail?.cmd === cmd)),
      `${cmd} in the remote widget`,
    );
    if (reply.type === 'failed') throw new Error(`${cmd} failed: ${JSON.stringify(reply.detail.error)}`);
  }

  close(): void {
    window.removeEventListener('message', this.#onMessage);
    this.iframe.remove();
  }
}

/**
 * The built widget inside a cross-site iframe (its page and bundle on the other site): it connects with
 * `expectedMode`, which `session.hubMode` and `cti-connection-changed` both say, signs in, and a call
 * from the Interact simulator rings (`cti-incoming-call` fired in that page).
 */
export async function crossSiteWidget(server: string, expectedMode: string): Promise<RemoteWidget> {
  const origin = otherOrigin();
  const widget = await RemoteWidget.open({ server, widgetOrigin: origin, pageOrigin: origin });
  try {
    const state = await widget.until((s) => s.status === 'connected', 'the widget in a cross-site iframe to connect', 15000);
    if (state.hubMode !== expectedMode) throw new Error(`session.hubMode ${state.hubMode}, expected ${expectedMode}`);
    const connected = await waitFor(() => widget.of('cti-connection-changed').find((d) => d.next === 'connected'), 'cti-connection-changed to connected');
    if (connected.connection?.hubMode !== expectedMode) throw new Error(`cti-connection-changed said ${JSON.stringify(connected)}`);
    return widget;
  } catch (e) {
    widget.close();
    throw e;
  }
}
