/**
 * The gallery's defect detectors, run in the page on rendered cards (shadow DOM walked):
 * - overflow: an element whose content is wider than its box (scrollWidth > clientWidth), or a box or a
 *   word that sticks out of the card's frame;
 * - mid-word: a word (a run of letters and digits) whose rendered text sits on two lines;
 * - duplicate-alert: two live regions (role=alert/status) of one card saying the same thing, or two about the
 *   same condition of the connection (a connection status and a condition alert), however worded;
 * - missing-glyph: a symbol no font on this machine can draw (it shows as an empty box: the same pixels as
 *   a private-use character).
 * axe runs in the test itself (`expect(card).to.be.accessible()`).
 */
import { CONDITION_CODES } from '../../src/domain/conditions.js';
import type { ErrorCode } from '../../src/domain/model.js';

export type Check = 'overflow' | 'mid-word' | 'duplicate-alert' | 'missing-glyph' | 'axe';

export interface Finding {
  readonly check: Check;
  /** Where: the element's tag and part (`cti-phone [part="remote"]`). */
  readonly where: string;
  readonly text: string;
}

/** Every element under `root`, crossing into open shadow roots. */
export function* elements(root: Element | ShadowRoot): Generator<Element> {
  for (const child of Array.from(root.children)) {
    yield child;
    if (child.shadowRoot) yield* elements(child.shadowRoot);
    yield* elements(child);
  }
}

function* textNodes(root: Element): Generator<Text> {
  for (const el of [root, ...elements(root)]) {
    const parent = el.shadowRoot ? [el, el.shadowRoot] : [el];
    for (const p of parent) for (const n of Array.from(p.childNodes)) if (n.nodeType === Node.TEXT_NODE) yield n as Text;
  }
}

/** `cti-phone › li[part="call"]`: the host and the element, for reports. */
export function describe(el: Element): string {
  const root = el.getRootNode();
  const host = root instanceof ShadowRoot ? root.host.localName : '';
  const part = el.getAttribute('part');
  const label = `${el.localName}${part ? `[part="${part}"]` : el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`;
  return host ? `${host} › ${label}` : label;
}

const short = (s: string): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
};

/** A box that is there but not meant to be seen (visually hidden live regions, sr-only text). */
function visuallyHidden(el: Element, style: CSSStyleDeclaration): boolean {
  return style.clip !== 'auto' && style.clip !== '' ? true : style.clipPath !== 'none' || (el as HTMLElement).offsetWidth <= 1;
}

function hidden(el: Element): boolean {
  for (let node: Element | null = el; node; node = parentOf(node)) {
    const s = getComputedStyle(node);
    if (visuallyHidden(node, s) && s.position === 'absolute') return true;
  }
  return false;
}

const SCROLLING = new Set(['auto', 'scroll']);
const FIELDS = new Set(['input', 'textarea', 'select', 'option']);

export function overflowFindings(frame: HTMLElement): Finding[] {
  const out: Finding[] = [];
  const box = frame.getBoundingClientRect();
  for (const el of elements(frame)) {
    if (FIELDS.has(el.localName) || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.display === 'contents' || hidden(el)) continue;
    const rect = el.getBoundingClientRect();
    if (rect.right > box.right + 1 || rect.left < box.left - 1) {
      out.push({ check: 'overflow', where: describe(el), text: `box ${Math.round(rect.left - box.left)}..${Math.round(rect.right - box.left)} px in a ${Math.round(box.width)} px card: ${short(el.textContent ?? '')}` });
      continue;
    }
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      const how = SCROLLING.has(style.overflowX) ? 'scrolls sideways' : style.overflowX === 'visible' ? 'content spills out' : 'content clipped';
      out.push({ check: 'overflow', where: describe(el), text: `${how} (${el.scrollWidth} > ${el.clientWidth} px): ${short(el.textContent ?? '')}` });
    }
  }
  return out;
}

/**
 * A word: a run of letters and digits — or digit groups joined by `-`, `.` or `/` (a phone number's
 * `98765-4321`, a CPF, a date), which a reader takes as one thing. Lines may break between words and after
 * the hyphen of a hyphenated word ("Pós-|Venda"), never inside one.
 */
const WORD = /\p{N}+(?:[-./]\p{N}+)+|[\p{L}\p{N}]{2,}/gu;

/** Words rendered on two lines, and words drawn outside the frame. */
export function wordFindings(frame: HTMLElement): Finding[] {
  const out: Finding[] = [];
  const box = frame.getBoundingClientRect();
  const range = document.createRange();
  for (const node of textNodes(frame)) {
    const parent = node.parentElement ?? ((node.parentNode as ShadowRoot | null)?.host as Element | undefined);
    if (!parent || parent.getClientRects().length === 0 || FIELDS.has(parent.localName) || parent.localName === 'style' || hidden(parent)) continue;
    for (const m of node.data.matchAll(WORD)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (rects.length === 0) continue;
      const first = rects[0]!;
      if (rects.some((r) => Math.abs(r.top - first.top) > first.height / 2)) {
        out.push({ check: 'mid-word', where: describe(parent), text: `"${m[0]}" broken across lines` });
      } else if (rects.some((r) => r.right > box.right + 1)) {
        out.push({ check: 'overflow', where: describe(parent), text: `"${m[0]}" drawn past the card's edge` });
      }
    }
  }
  return out;
}

const LIVE_ROLES = new Set(['alert', 'status', 'log']);

/**
 * What a live region is about when that is the connection's condition: a connection status other than
 * connected (`data-status`), or an error whose `data-code` names a condition (`domain/conditions.ts`).
 */
function aboutCondition(el: Element): boolean {
  const status = el.getAttribute('data-status');
  const code = el.getAttribute('data-code');
  return (status !== null && status !== 'connected' && status !== 'none') || (code !== null && CONDITION_CODES.has(code as ErrorCode));
}

/**
 * Two live regions (role=alert/status/log, aria-live polite/assertive) in one card with the same text, or
 * two about the same condition of the connection, however worded ("Reconectando…" in the status and "the
 * keep-alive was lost" in an alert: one condition, two messages).
 */
export function duplicateAlertFindings(card: HTMLElement): Finding[] {
  const seen = new Map<string, Element>();
  let condition: Element | undefined;
  const out: Finding[] = [];
  for (const el of elements(card)) {
    const live = el.getAttribute('aria-live');
    if (!LIVE_ROLES.has(el.getAttribute('role') ?? '') && live !== 'polite' && live !== 'assertive') continue;
    // A region inside another one is read as part of it: the outer one counts.
    if (hasLiveAncestor(el, card)) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').replace(/\s*×\s*$/, '').trim();
    if (!text) continue;
    const other = seen.get(text);
    if (other) out.push({ check: 'duplicate-alert', where: `${describe(other)} and ${describe(el)}`, text: short(text) });
    else seen.set(text, el);
    if (other || !aboutCondition(el)) continue;
    if (condition) {
      const first = (condition.textContent ?? '').replace(/\s+/g, ' ').trim();
      out.push({ check: 'duplicate-alert', where: `${describe(condition)} and ${describe(el)}`, text: short(`one condition, two messages: "${first}" / "${text}"`) });
    } else condition = el;
  }
  return out;
}

function hasLiveAncestor(el: Element, card: Element): boolean {
  for (let node = parentOf(el); node && node !== card; node = parentOf(node)) {
    const live = node.getAttribute('aria-live');
    if (LIVE_ROLES.has(node.getAttribute('role') ?? '') || live === 'polite' || live === 'assertive') return true;
  }
  return false;
}

function parentOf(el: Element): Element | null {
  return el.parentElement ?? ((el.getRootNode() as ShadowRoot).host ?? null);
}

const glyphCache = new Map<string, boolean>();
let canvas: CanvasRenderingContext2D | undefined;

/** Whether `char` in `family` draws the same pixels as an unassigned private-use character (the "tofu" box). */
function tofu(char: string, family: string): boolean {
  const key = `${family}|${char}`;
  let result = glyphCache.get(key);
  if (result === undefined) {
    canvas ??= Object.assign(document.createElement('canvas'), { width: 40, height: 40 }).getContext('2d', { willReadFrequently: true })!;
    const draw = (c: string): string => {
      canvas!.clearRect(0, 0, 40, 40);
      canvas!.font = `24px ${family}`;
      canvas!.fillText(c, 4, 30);
      return canvas!.getImageData(0, 0, 40, 40).data.join(',');
    };
    result = draw(char) === draw('\u{E000}');
    glyphCache.set(key, result);
  }
  return result;
}

/** Symbols (and private-use characters) drawn as an empty box. */
export function glyphFindings(frame: HTMLElement): Finding[] {
  const out: Finding[] = [];
  for (const node of textNodes(frame)) {
    const parent = node.parentElement ?? ((node.parentNode as ShadowRoot | null)?.host as Element | undefined);
    if (!parent || parent.localName === 'style' || parent.getClientRects().length === 0) continue;
    for (const [char] of node.data.matchAll(/[\p{S}\p{Co}]/gu)) {
      if (char!.charCodeAt(0) < 0x80) continue;
      if (tofu(char!, getComputedStyle(parent).fontFamily)) out.push({ check: 'missing-glyph', where: describe(parent), text: `"${char}" (U+${char!.codePointAt(0)!.toString(16).toUpperCase()}) has no glyph in any font here` });
    }
  }
  return out;
}

/** The layout checks of one card (the `.g-frame` holds the elements). */
export function layoutFindings(card: HTMLElement): Finding[] {
  const frame = card.querySelector<HTMLElement>('.g-frame') ?? card;
  return [...overflowFindings(frame), ...wordFindings(frame), ...duplicateAlertFindings(card), ...glyphFindings(frame)];
}
