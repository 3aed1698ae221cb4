/**
 * The gallery page (`npm run gallery`, also linked from the demo): the cards of demo/gallery/render.ts,
 * chosen with the form's query parameters (`?vendor=catix&width=280&theme=dark&lang=en`, `&states=ringing,paused`).
 */
import type { VendorId } from '../../src/domain/model.js';
import { cards, LANGS, renderCard, settle, THEMES, WIDTHS, type Lang, type Theme, type Width } from './render.js';
import { GALLERY, VENDOR_NAMES } from './states/index.js';

const params = new URLSearchParams(location.search);
const pick = <T extends string | number>(name: string, all: readonly T[], fallback: readonly T[]): readonly T[] => {
  const value = params.get(name);
  if (value === 'both' || value === 'all') return all;
  const match = all.find((v) => String(v) === value);
  return match !== undefined ? [match] : fallback;
};
const vendors = pick('vendor', Object.keys(GALLERY) as VendorId[], Object.keys(GALLERY) as VendorId[]);
const widths = pick<Width>('width', WIDTHS, [280]);
const themes = pick<Theme>('theme', THEMES, THEMES);
const langs = pick<Lang>('lang', LANGS, ['pt-BR']);
/** `?states=ringing,paused`: only these states (the screenshots' key cards). */
const only = params.get('states')?.split(',');

const form = document.getElementById('g-filter') as HTMLFormElement;
for (const [name, value] of params) {
  const select = form.elements.namedItem(name);
  if (select instanceof HTMLSelectElement) select.value = value;
}

const main = document.getElementById('g-main')!;
for (const vendor of vendors) {
  const section = document.createElement('section');
  section.className = 'g-vendor';
  section.dataset['vendor'] = vendor;
  const heading = document.createElement('h2');
  heading.textContent = VENDOR_NAMES[vendor];
  const grid = document.createElement('div');
  grid.className = 'g-grid';
  for (const spec of cards({ vendors: [vendor], widths, themes, langs })) if (!only || only.includes(spec.state.id)) grid.append(renderCard(spec));
  if (!grid.children.length) continue;
  section.append(heading, grid);
  main.append(section);
}
// Screenshots wait for this: every element rendered, the en catalog loaded.
await Promise.all([...main.querySelectorAll<HTMLElement>('.g-card')].map(settle));
document.documentElement.dataset['ready'] = 'true';
