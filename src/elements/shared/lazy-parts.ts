import type { ReactiveElement } from 'lit';

/**
 * A chunk of an element's parts that are not needed at rest nor on a first ring (issue 13 §3: the page's initial
 * load): loaded once per page — prefetched when the browser is idle after the element's first render, or at once when
 * a render needs it first — with the stylesheet the chunk brings adopted by each shadow root that renders from it.
 *
 * `use(host)` answers the module, or `undefined` while it loads: the host renders without the part and renders again
 * when it arrives; until then `pending(host)` is that wait (the host's `updateComplete` includes it).
 */
export class LazyParts<M> {
  readonly #import: () => Promise<M>;
  readonly #styles: (module: M) => readonly CSSStyleSheet[];
  #module: M | undefined;
  #loading: Promise<M | undefined> | undefined;
  readonly #waiting = new WeakMap<ReactiveElement, Promise<unknown>>();

  constructor(load: () => Promise<M>, styles: (module: M) => readonly CSSStyleSheet[]) {
    this.#import = load;
    this.#styles = styles;
  }

  /** Load the chunk (once; a failed load may be retried by the next call). */
  load(): Promise<M | undefined> {
    return (this.#loading ??= this.#import().then(
      (m) => (this.#module = m),
      () => (this.#loading = undefined),
    ));
  }

  /** Load it when the browser is idle (a page without `requestIdleCallback`: shortly). */
  prefetch(): void {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void this.load(), { timeout: 2000 });
    else setTimeout(() => void this.load(), 200);
  }

  /** The module for `host`'s render (its style sheets adopted by `host`'s shadow root, after its own), or `undefined` while it loads. */
  use(host: ReactiveElement): M | undefined {
    const m = this.#module;
    if (!m) {
      this.#waiting.set(host, this.load().then((loaded) => loaded && host.requestUpdate()));
      return undefined;
    }
    this.#waiting.delete(host);
    const root = host.shadowRoot;
    const sheets = this.#styles(m);
    if (root && !root.adoptedStyleSheets.includes(sheets[sheets.length - 1]!)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
    return m;
  }

  /** What `host`'s last render waits for from this chunk, if anything. */
  pending(host: ReactiveElement): Promise<unknown> | undefined {
    return this.#waiting.get(host);
  }
}
