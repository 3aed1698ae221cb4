/**
 * Renders gallery cards: one state of one vendor, at one width, in one theme and language, with the
 * real elements on a FakeSession (no provider, no hub, no simulator). Used by the gallery page, its
 * browser test (test/gallery) and the screenshots (scripts/screenshots.mjs).
 */
import { CtiAgentStatus } from '../../src/elements/cti-agent-status/cti-agent-status.js';
import { CtiPhone } from '../../src/elements/cti-phone/cti-phone.js';
import { CtiQueue } from '../../src/elements/cti-queue/cti-queue.js';
import type { CtiElement } from '../../src/elements/shared/cti-element.js';
import type { VendorId } from '../../src/domain/model.js';
import { FakeSession } from '../../src/elements/test-support/fake-session.js';
import { ALL_ELEMENTS, GALLERY, VENDOR_NAMES, type GalleryState } from './states/index.js';

export const WIDTHS = [280, 1280] as const;
export const THEMES = ['light', 'dark'] as const;
export const LANGS = ['pt-BR', 'en'] as const;
export type Width = (typeof WIDTHS)[number];
export type Theme = (typeof THEMES)[number];
export type Lang = (typeof LANGS)[number];

export interface CardSpec {
  readonly vendor: VendorId;
  readonly state: GalleryState;
  readonly width: Width;
  readonly theme: Theme;
  readonly lang: Lang;
}

/** `interact/ringing@280/dark/en`: names a card in the test's reports and knownDefects. */
export function cardKey(spec: Pick<CardSpec, 'vendor' | 'width' | 'theme' | 'lang'> & { state: { id: string } }): string {
  return `${spec.vendor}/${spec.state.id}@${spec.width}/${spec.theme}/${spec.lang}`;
}

/** Every card of the matrix, filtered. */
export function cards(filter: { vendors?: readonly VendorId[]; widths?: readonly Width[]; themes?: readonly Theme[]; langs?: readonly Lang[] } = {}): CardSpec[] {
  const out: CardSpec[] = [];
  for (const vendor of filter.vendors ?? (Object.keys(GALLERY) as VendorId[]))
    for (const state of GALLERY[vendor])
      for (const lang of filter.langs ?? LANGS)
        for (const width of filter.widths ?? WIDTHS)
          for (const theme of filter.themes ?? THEMES) out.push({ vendor, state, width, theme, lang });
  return out;
}

/** The element classes (imported for their definitions: package.json marks src/ free of side effects). */
export const ELEMENT_CLASSES = [CtiAgentStatus, CtiPhone, CtiQueue] as const;

let nextId = 0;

/** One card: a heading (the gallery's own, in English) and a frame of exactly `width` px with the elements. */
export function renderCard(spec: CardSpec): HTMLElement {
  const { vendor, state, width, theme, lang } = spec;
  const card = document.createElement('section');
  card.className = 'g-card';
  Object.assign(card.dataset, { vendor, state: state.id, width: String(width), theme, lang, key: cardKey(spec) });
  const title = document.createElement('h3');
  title.className = 'g-title';
  title.id = `g-card-${++nextId}`;
  title.textContent = `${VENDOR_NAMES[vendor]} · ${state.title}`;
  const meta = document.createElement('span');
  meta.className = 'g-meta';
  meta.textContent = `${width} px · ${theme} · ${lang}`;
  title.append(' ', meta);
  card.setAttribute('aria-labelledby', title.id);
  const frame = document.createElement('div');
  frame.className = 'g-frame';
  frame.dataset['theme'] = theme;
  frame.style.width = `${width}px`;
  if (!ELEMENT_CLASSES.every((c) => customElements.get(c === CtiPhone ? 'cti-phone' : c === CtiQueue ? 'cti-queue' : 'cti-agent-status') === c)) {
    throw new Error('cti-elements are not defined');
  }
  for (const tag of state.elements ?? ALL_ELEMENTS) {
    const el = document.createElement(tag) as CtiElement;
    el.setAttribute('theme', theme);
    el.setAttribute('lang', lang);
    // One session per card, shared by its elements, as under one <cti-provider>.
    el.session = sessionFor(card, state);
    frame.append(el);
  }
  card.append(title, frame);
  return card;
}

const sessions = new WeakMap<HTMLElement, FakeSession>();
function sessionFor(card: HTMLElement, state: GalleryState): FakeSession {
  let session = sessions.get(card);
  if (!session) sessions.set(card, (session = new FakeSession(state.snapshot, { vendor: state.snapshot.vendor, ...state.config })));
  return session;
}

const pressed = new WeakSet<HTMLElement>();

/**
 * `elements` rendered, and every element they render in their shadow roots (some are defined by a lazy chunk, e.g. the
 * diagnostics button or the team table: wait for the definition, bounded), until no new one appears.
 */
async function renderedDeep(elements: readonly HTMLElement[]): Promise<void> {
  const done = new Set<Element>();
  let round: readonly HTMLElement[] = elements;
  while (round.length) {
    await Promise.all(
      round.map(async (el) => {
        done.add(el);
        const defined = customElements.whenDefined(el.localName);
        await Promise.race([defined, new Promise((r) => setTimeout(r, 3000))]);
        await (el as Partial<CtiElement>).updateComplete;
      }),
    );
    round = round
      .flatMap((el) => [...(el.shadowRoot?.querySelectorAll<HTMLElement>('*') ?? [])])
      .filter((el) => el.localName.includes('-') && !done.has(el));
  }
}

/** The card's elements, rendered (the `en` catalog loaded), and its `press` list done once. */
export async function settle(card: HTMLElement): Promise<void> {
  const all = [...card.querySelectorAll<CtiElement>('cti-agent-status, cti-phone, cti-queue')];
  const rendered = () => renderedDeep(all);
  await rendered();
  const session = sessions.get(card);
  const state = GALLERY[card.dataset['vendor'] as VendorId]?.find((s) => s.id === card.dataset['state']);
  if (!session || !state?.press || pressed.has(card)) return;
  pressed.add(card);
  for (const { element, selector, error } of state.press) {
    const control = card.querySelector(element)?.shadowRoot?.querySelector<HTMLElement>(selector);
    if (!control) throw new Error(`gallery ${card.dataset['key']}: nothing matches ${selector} in <${element}>`);
    session.rejectWith = error ? { ...error, at: Date.now() } : undefined;
    control.click();
    await new Promise((r) => setTimeout(r, 0));
    session.rejectWith = undefined;
    await rendered();
  }
}
