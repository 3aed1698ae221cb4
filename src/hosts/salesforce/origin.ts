/**
 * Which Salesforce origin the softphone page trusts. Salesforce opens the call center's adapter URL (the
 * softphone page) in an iframe and names its own origin in the query (`sfdcIframeOrigin`); the page loads
 * `opencti_min.js` from that origin, so the origin decides which code runs in the widget's origin. Accepted:
 * an https origin (default port) on a Salesforce domain (`*.force.com`, `*.salesforce.com`, which includes
 * `*.my.salesforce.com` and `*.lightning.force.com`), or an origin written exactly in the page's
 * `<meta name="cti-salesforce-allowed-origins">` (https, or http on a loopback host for development).
 */

/** The query parameter Salesforce adds to the adapter URL. Read case-insensitively (`sfdcIFrameOrigin` is seen too). */
export const ORIGIN_PARAM = 'sfdcIframeOrigin';

const SALESFORCE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:force|salesforce)\.com$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `value` as an origin (`scheme://host[:port]`), or undefined when it is not exactly one. */
function asOrigin(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (url.pathname !== '/' || !/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(value)) return undefined;
  return url;
}

/** The exact origins of the allow-list meta (invalid entries are dropped). */
export function allowListFrom(content: string | null | undefined): string[] {
  const out: string[] = [];
  for (const entry of (content ?? '').split(/\s+/)) {
    const url = entry ? asOrigin(entry) : undefined;
    if (!url) continue;
    if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) out.push(url.origin);
  }
  return out;
}

export type OriginVerdict = { readonly ok: true; readonly origin: string } | { readonly ok: false; readonly reason: 'missing' | 'not-an-origin' | 'not-salesforce' | 'ambiguous' };

/** Judge the origin Salesforce named. */
export function checkSalesforceOrigin(value: string | null | undefined, allowList: readonly string[]): OriginVerdict {
  if (!value) return { ok: false, reason: 'missing' };
  const url = asOrigin(value);
  if (!url) return { ok: false, reason: 'not-an-origin' };
  if (allowList.includes(url.origin)) return { ok: true, origin: url.origin };
  if (url.protocol === 'https:' && url.port === '' && SALESFORCE_HOST.test(url.hostname)) return { ok: true, origin: url.origin };
  return { ok: false, reason: 'not-salesforce' };
}

/** The `sfdcIframeOrigin` value of a query string, whatever its spelling; `ambiguous` when two differ. */
export function originParam(search: string): string | null | { ambiguous: true } {
  const values = new Set<string>();
  for (const [key, value] of new URLSearchParams(search)) if (key.toLowerCase() === ORIGIN_PARAM.toLowerCase()) values.add(value);
  if (values.size > 1) return { ambiguous: true };
  return values.size ? [...values][0]! : null;
}
