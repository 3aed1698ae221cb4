/**
 * Which parent frames the Zendesk app trusts. The ZAF SDK takes the `origin` query parameter of the app's
 * iframe URL as the parent's origin (it posts every message to it and accepts messages only from it), so the
 * app checks that parameter BEFORE `ZAFClient.init`: an https origin of one Zendesk subdomain
 * (`https://<subdomain>.zendesk.com`, no port), or an origin written, exactly, in the page's allow-list
 * (`<meta name="cti-zendesk-origins" content="…">`, space-separated; filled at build time from
 * `CTI_ZENDESK_ALLOWED_ORIGINS` or edited in the package before upload).
 *
 * The allow-list cannot be an app setting: settings arrive from the parent after the handshake, so a page that
 * frames the app with `origin=<itself>` would write its own allow-list.
 */

const ZENDESK_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.zendesk\.com$/;

/** The origin as the browser would serialize it, or undefined when it is not a plain http(s) origin. */
export function parseOrigin(value: string | null | undefined): string | undefined {
  if (!value || value.length > 300) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // An origin, nothing else: no path, query, fragment or credentials.
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  if (value.replace(/\/$/, '').toLowerCase() !== url.origin) return undefined;
  return url.origin;
}

/** The allow-list of a page: the `content` of `<meta name="cti-zendesk-origins">`, parsed (invalid entries dropped). */
export function allowListFrom(doc: Document): string[] {
  const content = doc.querySelector('meta[name="cti-zendesk-origins"]')?.getAttribute('content') ?? '';
  return content
    .split(/\s+/)
    .map((entry) => parseOrigin(entry))
    .filter((o): o is string => !!o);
}

/** Whether `origin` may be the Zendesk parent frame. */
export function isTrustedZendeskOrigin(origin: string | null | undefined, allowList: readonly string[] = []): boolean {
  const parsed = parseOrigin(origin);
  if (!parsed) return false;
  if (allowList.includes(parsed)) return true;
  const url = new URL(parsed);
  return url.protocol === 'https:' && url.port === '' && ZENDESK_HOST.test(url.hostname);
}
