/**
 * The messages between a page and the cross-origin hub frame (`hub-frame.html`). Both sides send
 * with an exact `targetOrigin`, check `event.origin` and `event.source`, and validate the shape.
 *
 *   page  → frame   { cti: 'hub-connect', v: 1, tabId, name }
 *   frame → page    { cti: 'hub-port',    v: 1, tabId }          + the SharedWorker's MessagePort
 *   frame → page    { cti: 'hub-error',   v: 1, tabId, detail }  (the frame could not start the worker,
 *                                                                    or it does not serve the page's origin)
 */
export const FRAME_PROTOCOL_VERSION = 1;

export interface FrameConnect {
  readonly cti: 'hub-connect';
  readonly v: 1;
  readonly tabId: string;
  readonly name: string;
}

export interface FramePort {
  readonly cti: 'hub-port';
  readonly v: 1;
  readonly tabId: string;
}

export interface FrameError {
  readonly cti: 'hub-error';
  readonly v: 1;
  readonly tabId: string;
  readonly detail: string;
}

const TAB_ID = /^[A-Za-z0-9-]{8,64}$/;
const NAME = /^[\w.:-]{1,100}$/;

export function isValidTabId(value: unknown): value is string {
  return typeof value === 'string' && TAB_ID.test(value);
}

export function isValidHubName(value: unknown): value is string {
  return typeof value === 'string' && NAME.test(value);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

export function isFrameConnect(value: unknown): value is FrameConnect {
  const m = record(value);
  return !!m && m.cti === 'hub-connect' && m.v === FRAME_PROTOCOL_VERSION && isValidTabId(m.tabId) && isValidHubName(m.name);
}

export function isFrameReply(value: unknown): value is FramePort | FrameError {
  const m = record(value);
  if (!m || m.v !== FRAME_PROTOCOL_VERSION || !isValidTabId(m.tabId)) return false;
  return m.cti === 'hub-port' || (m.cti === 'hub-error' && typeof m.detail === 'string');
}

/**
 * The frame's allow-list: the exact origins (`https://crm.example`, `http://localhost:8080`) in `content`,
 * space or comma separated. Anything that is not an exact origin (a path, a trailing slash, `*`, a wildcard
 * host, `null`) is left out and reported in `ignored`: the list never allows more than it names.
 */
export function parseAllowList(content: string | undefined): { readonly origins: ReadonlySet<string>; readonly ignored: readonly string[] } {
  const origins = new Set<string>();
  const ignored: string[] = [];
  for (const entry of (content ?? '').split(/[\s,]+/).filter(Boolean)) {
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (origin && origin !== 'null' && origin === entry && /^https?:$/.test(new URL(entry).protocol)) origins.add(origin);
    else ignored.push(entry);
  }
  return { origins, ignored };
}

/**
 * Whether the hub frame serves a parent of `origin`: closed by default. Its own origin (the widget's,
 * which could start the worker itself) and the origins of its allow-list, compared exactly.
 */
export function originAllowed(origin: string, allowList: ReadonlySet<string>, ownOrigin: string): boolean {
  return origin !== 'null' && (origin === ownOrigin || allowList.has(origin));
}
