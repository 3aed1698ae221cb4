/**
 * Click-to-dial in the host page (`<cti-provider scan-tel-links>`), loaded only when the attribute is set.
 *
 * One click listener and one keydown listener on the document, in the capture phase, shared by every
 * scanning provider of the page: content the page adds later is covered with no observer, and so are links
 * inside open shadow roots (the event's composed path is read; closed shadow roots stay invisible, by design
 * of the platform). What dials:
 * - `<a href="tel:…">` / `<area href="tel:…">`: Enter on a focused link is a click, so the keyboard works too;
 * - any element with `data-cti-dial`: its value is the number, or, empty, the element's text. On an element that
 *   is not a link or a button, Enter (and Space on `role="button"`) while it has focus dials.
 * `data-cti-service` on the same element gives the service / campaign for vendors whose dialing takes one.
 *
 * A click with Ctrl, ⌘, Shift or Alt, or not with the main button, is left alone (the agent's way to reach the
 * operating system's handler), and so is a click the page already cancelled, a link inside `[data-cti-no-dial]`,
 * or a `tel:` link whose number we cannot read (letters, nothing to dial). Otherwise the default is cancelled at once (no OS handler) and the
 * provider fires the cancelable `cti-dial-request` `{ number, source: 'link', service?, extension? }` (the element
 * is `event.element`);
 * a veto means no dial and no navigation either (a do-not-call decision must not fall through to another phone).
 */
import { CtiDialRequestEvent } from '../events/cti-dial-request.js';
import type { Command } from '../domain/commands.js';

/** What the scanner needs from `<cti-provider>`. */
export interface TelScanTarget extends EventTarget {
  readonly isConnected: boolean;
  execute(command: Command): Promise<void>;
}

/** A number read from a `tel:` URI or a page's text. */
export interface DialString {
  /** Digits, `*`, `#`, with a leading `+` when it had one. */
  readonly number: string;
  /** Digits after a pause (`,`, `;`) or `;ext=`: not dialled (the agent sends them as DTMF when asked). */
  readonly extension?: string;
}

const SEPARATORS = /[\s().\-/\u00a0]/g;

/**
 * `tel:+55-48-3333-4444;ext=12` → `{ number: '+554833334444', extension: '12' }`. Visual separators go, an
 * RFC 3966 parameter other than `ext` is ignored, a `,`/`;` pause starts the extension. `undefined` when
 * there is nothing to dial or the number has characters a phone number has not (vanity letters).
 */
export function parseTelUri(value: string): DialString | undefined {
  let s = value.trim().replace(/^tel:(\/\/)?/i, '');
  try {
    s = decodeURIComponent(s);
  } catch {
    return undefined;
  }
  const cut = s.search(/[,;]/);
  const main = (cut < 0 ? s : s.slice(0, cut)).replace(SEPARATORS, '');
  const rest = cut < 0 ? '' : s.slice(cut);
  if (!/^\+?[0-9*#]{1,32}$/.test(main)) return undefined;
  const extension = (/^;ext=([0-9*#]+)/i.exec(rest) ?? /^[,;]+([0-9*#]+)/.exec(rest))?.[1];
  return extension ? { number: main, extension } : { number: main };
}

/** The first phone number in a text (`Tel.: (48) 3333-4444` → `4833334444`), or `undefined`. */
export function parseDialText(text: string): DialString | undefined {
  const run = /\+?[\d(][\d\s().\-/\u00a0*#]*/.exec(text)?.[0] ?? '';
  const number = (run.startsWith('+') ? '+' : '') + run.replace(/[^0-9*#]/g, '');
  return /^\+?[0-9*#]{1,32}$/.test(number) ? { number } : undefined;
}

const DIAL_SELECTOR = '[data-cti-dial], a[href], area[href]';

/** The dialable element on the event's path (open shadow roots included) and what it dials. */
function dialTarget(event: Event): { element: Element; dial: DialString } | undefined {
  for (const node of event.composedPath()) {
    if (!(node instanceof Element) || !node.matches(DIAL_SELECTOR)) continue;
    const marked = node.getAttribute('data-cti-dial');
    if (marked !== null) {
      const dial = marked.trim() ? parseTelUri(marked) : parseDialText(node.textContent ?? '');
      return dial ? { element: node, dial } : undefined;
    }
    const href = node.getAttribute('href')?.trim() ?? '';
    if (/^tel:/i.test(href)) {
      const dial = parseTelUri(href);
      return dial ? { element: node, dial } : undefined;
    }
    return undefined; // the nearest link is not a phone link
  }
  return undefined;
}

/** Elements whose Enter key already makes a click (handled by the click listener). */
function activatesOnEnter(element: Element): boolean {
  return element.matches('a[href], area[href], button, input, select, textarea, summary, [contenteditable=""], [contenteditable="true"]');
}

const targets: TelScanTarget[] = [];

/** The provider that dials: the first connected scanning one in document order. */
function dialer(): TelScanTarget | undefined {
  const connected = targets.filter((t) => t.isConnected);
  const before = (a: TelScanTarget, b: TelScanTarget) =>
    a instanceof Node && b instanceof Node && a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING ? 1 : -1;
  return connected.sort(before)[0];
}

function dial(event: Event): void {
  const provider = dialer();
  if (!provider || event.defaultPrevented) return;
  const found = dialTarget(event);
  if (!found || found.element.closest('[data-cti-no-dial]')) return;
  event.preventDefault(); // no operating-system handler, vetoed or not
  const { element, dial: what } = found;
  const service = element.getAttribute('data-cti-service')?.trim();
  const request = new CtiDialRequestEvent(
    { number: what.number, source: 'link', ...(service ? { service } : {}), ...(what.extension ? { extension: what.extension } : {}) },
    element,
  );
  provider.dispatchEvent(request);
  if (request.defaultPrevented) return;
  // A refusal reaches the page as `cti-error` (the provider fires it); nothing is left unhandled here.
  provider.execute({ type: 'dial', to: what.number, ...(service ? { service } : {}) }).catch(() => undefined);
}

function onClick(event: MouseEvent): void {
  if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  dial(event);
}

function onKeydown(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.repeat) return;
  const focused = event.composedPath()[0];
  if (!(focused instanceof Element) || !focused.hasAttribute('data-cti-dial') || activatesOnEnter(focused)) return;
  if (event.key === 'Enter' || (event.key === ' ' && focused.getAttribute('role') === 'button')) dial(event);
}

/**
 * Start dialing the page's phone links through `provider`; returns the function that stops it. Several
 * providers may scan: the listeners are added once, and the first connected scanning provider in document
 * order dials (once per click).
 */
export function scanTelLinks(provider: TelScanTarget): () => void {
  const doc = document;
  if (!targets.includes(provider)) targets.push(provider);
  if (targets.length === 1) {
    doc.addEventListener('click', onClick, { capture: true });
    doc.addEventListener('keydown', onKeydown, { capture: true });
  }
  return () => {
    const i = targets.indexOf(provider);
    if (i < 0) return;
    targets.splice(i, 1);
    if (targets.length === 0) {
      doc.removeEventListener('click', onClick, { capture: true });
      doc.removeEventListener('keydown', onKeydown, { capture: true });
    }
  };
}

/** How many providers scan now (tests check that nothing is left behind). */
export function scanningProviders(): number {
  return targets.length;
}
