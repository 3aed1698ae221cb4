/**
 * Translations and formatting for the elements.
 *
 * - `t(key, params?, locale?)` looks a message up (pt-BR by default) and fills `{name}` placeholders.
 *   The result is plain text: Lit renders it as a text node, so params (server text) are never HTML.
 * - Only part of pt-BR is in the initial bundle (`pt-BR.ts`: what shows at rest and on a first ring). The rest
 *   of pt-BR (`pt-BR-more.ts`: errors, vendor specifics, prompts), `en` and `es` are separate chunks, loaded
 *   with a dynamic `import()` the first time they are needed (`loadLocale`, or a `t()` in that locale: the
 *   elements' first render asks for their locale). Until one arrives `t()` answers in pt-BR as far as loaded
 *   (a key of the missing part: empty text); `onLocaleLoaded` tells when it is there (the elements re-render).
 * - `resolveLocale(el, fallback?)` picks the locale for an element: its own `lang`, the provider's
 *   `locale`, the closest `[lang]` ancestor (crossing shadow roots), then pt-BR.
 * - `formatDuration`, `formatNumber`, `formatClock` go through `Intl`.
 */
import type { CtiError, ErrorCode, VendorId } from '../domain/model.js';
import { ptBR, type Catalog, type MessageKey } from './pt-BR.js';

export type { Catalog, MessageKey } from './pt-BR.js';

/** Locales with a catalog. */
export const SUPPORTED_LOCALES = ['pt-BR', 'en', 'es'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = 'pt-BR';

/** The catalogs loaded so far (pt-BR once both its parts are here). */
const catalogs: Partial<Record<SupportedLocale, Catalog>> = {};
/** pt-BR as far as loaded: the fallback of every lookup. */
let ptBRLoaded: Partial<Catalog> = ptBR;

/** How each catalog is fetched: its own chunk (pt-BR: its second part), next to the bundle that imports this module. */
const catalogImports: Readonly<Record<SupportedLocale, () => Promise<Catalog>>> = {
  'pt-BR': async () => (ptBRLoaded = { ...ptBR, ...(await import('./pt-BR-more.js')).ptBRMore }) as Catalog,
  en: async () => (await import('./en.js')).en,
  es: async () => (await import('./es.js')).es,
};

/**
 * One load per locale; a failed one stays failed for the page's life (no retry storm: en / es answer in pt-BR, a
 * pt-BR message of the missing part is empty).
 */
const loads = new Map<SupportedLocale, Promise<SupportedLocale>>();
const loadedListeners = new Set<(locale: SupportedLocale) => void>();

/** Whether `t()` already answers every key in the locale of `tag` (pt-BR: once its second part is here). */
export function isLocaleLoaded(tag: string | null | undefined): boolean {
  return catalogs[matchLocale(tag)] !== undefined;
}

/**
 * Load the catalog for `tag` (matched like `matchLocale`). Resolves with the matched locale once
 * `t()` answers in it, at once for a catalog already loaded; rejects if its chunk cannot be
 * loaded (then `t()` keeps answering in pt-BR). Idempotent.
 */
export function loadLocale(tag: string | null | undefined): Promise<SupportedLocale> {
  const locale = matchLocale(tag);
  if (catalogs[locale]) return Promise.resolve(locale);
  let load = loads.get(locale);
  if (!load) {
    load = catalogImports[locale]().then((catalog) => {
      catalogs[locale] = catalog;
      for (const listener of [...loadedListeners]) {
        try {
          listener(locale);
        } catch (e) {
          // One listener's failure must not keep the others stale; still surface it.
          reportError(e);
        }
      }
      return locale;
    });
    loads.set(locale, load);
  }
  return load;
}

/** Call `listener` each time a catalog arrives (after `t()` answers in it). Returns the unsubscribe. */
export function onLocaleLoaded(listener: (locale: SupportedLocale) => void): () => void {
  loadedListeners.add(listener);
  return () => {
    loadedListeners.delete(listener);
  };
}

export type MessageParams = Readonly<Record<string, string | number>>;

/** Map any BCP 47 tag to a locale we have (`en-US` → `en`, `pt`/`pt-PT` → `pt-BR`); unknown → pt-BR. */
export function matchLocale(tag: string | null | undefined): SupportedLocale {
  const lower = (tag ?? '').trim().toLowerCase();
  if (lower === '') return DEFAULT_LOCALE;
  const base = lower.split(/[-_]/)[0];
  if (base === 'en') return 'en';
  if (base === 'es') return 'es';
  return DEFAULT_LOCALE;
}

/**
 * Translate `key` into `locale` (default pt-BR), replacing `{name}` with `params.name`. Synchronous:
 * while the locale's catalog is not loaded yet this starts loading it and answers in pt-BR as far as loaded
 * (empty for a key of pt-BR's second part before it arrives: never the key itself on screen).
 */
export function t(key: MessageKey, params?: MessageParams, locale: string = DEFAULT_LOCALE): string {
  const matched = matchLocale(locale);
  const catalog = catalogs[matched];
  if (!catalog) loadLocale(matched).catch(() => {});
  const template = catalog?.[key] ?? ptBRLoaded[key] ?? (catalogs['pt-BR'] ? key : '');
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** A `t` bound to one locale. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;
export function translator(locale: string): Translate {
  const matched = matchLocale(locale);
  return (key, params) => t(key, params, matched);
}

/**
 * The translated message for an error. Given a `CtiError` with a `vendorCode` and the `vendor` it came
 * from, a vendor-specific message `error.<vendor>.<vendorCode>` (e.g. `error.neon.601`) wins; else the
 * message of its `code`; an unknown code reads as `error.internal`. A bare `ErrorCode` still works. While the
 * locale's messages are not loaded (pt-BR's second part holds them) it is empty, and the catalog is on its way.
 */
export function errorMessage(
  error: ErrorCode | Pick<CtiError, 'code' | 'vendorCode'>,
  locale: string = DEFAULT_LOCALE,
  vendor?: VendorId,
): string {
  const { code, vendorCode } = typeof error === 'string' ? { code: error, vendorCode: undefined } : error;
  if (vendor !== undefined && vendorCode !== undefined && vendorCode !== '') {
    const vendorKey = `error.${vendor}.${vendorCode}`;
    if (isMessageKey(vendorKey, locale)) return t(vendorKey, undefined, locale);
  }
  const key = `error.${code}`;
  return isMessageKey(key, locale) ? t(key, undefined, locale) : t('error.internal', undefined, locale);
}

/** Whether `key` is a message of `locale`'s catalog (pt-BR as far as loaded while that catalog is not here). */
function isMessageKey(key: string, locale: string = DEFAULT_LOCALE): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogs[matchLocale(locale)] ?? ptBRLoaded, key);
}

/**
 * The message for a key made at run time (`outcome.<wire value>`), or `undefined` when the catalog has none (or
 * not yet: a key of pt-BR's second part before it arrives).
 */
export function maybeT(key: string, locale: string = DEFAULT_LOCALE, params?: MessageParams): string | undefined {
  return isMessageKey(key, locale) ? t(key, params, locale) : undefined;
}

/** The label for a vendor detail state, when the catalog knows it. */
export function detailLabel(detail: string, locale: string = DEFAULT_LOCALE): string | undefined {
  return maybeT(`detail.${detail}`, locale);
}

/** The closest `lang` from `el` upwards, crossing shadow roots. */
export function closestLang(el: Element): string | undefined {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return undefined;
}

/**
 * The locale an element renders in: its own `lang`, else the provider's locale (explicit widget
 * configuration beats the page's `<html lang>`), else the closest `[lang]` above it, else pt-BR.
 */
export function resolveLocale(el: Element, providerLocale?: string): SupportedLocale {
  return matchLocale(el.getAttribute('lang') || providerLocale || closestLang(el));
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** A count, formatted for the locale. */
export function formatNumber(value: number, locale: string = DEFAULT_LOCALE): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(matchLocale(locale));
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

const two = new Intl.NumberFormat('en', { minimumIntegerDigits: 2, useGrouping: false });
/** A duration as `m:ss` (`2:05`, no leading zero) / `h:mm:ss` (`1:02:05`); negative durations count as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${two.format(m)}:${two.format(s)}` : `${m}:${two.format(s)}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withDate}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(matchLocale(locale), withDate ? { dateStyle: 'short', timeStyle: 'short' } : { timeStyle: 'medium' });
    dateFormats.set(key, format);
  }
  return format;
}

/** A time of day (`14:05:09`) for the locale. */
export function formatClock(at: number, locale: string = DEFAULT_LOCALE): string {
  return dateFormat(locale, false).format(at);
}

/** A date and time of day (`14/05/2026, 14:30`) for the locale. */
export function formatDateTime(at: number, locale: string = DEFAULT_LOCALE): string {
  return dateFormat(locale, true).format(at);
}
