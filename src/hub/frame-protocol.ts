/**
 * The messages between a page and the cross-origin hub frame (`hub-frame.html`). Both sides send
 * with an exact `targetOrigin`, check `event.origin` and `event.source`, and validate the shape.
 *
 *   page  → frame   { cti: 'hub-connect', v: 1, tabId, name }
 *   frame → page    { cti: 'hub-port',    v: 1, tabId }          + the SharedWorker's MessagePort
 *   frame → page    { cti: 'hub-error',   v: 1, tabId, detail }  (the frame could not start the worker)
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

/** Whether a parent origin passes the frame's allow-list (absent list: any origin). */
export function originAllowed(origin: string, allowList: string | undefined): boolean {
  if (!allowList) return true;
  return allowList
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((pattern) => {
      if (pattern === '*') return true;
      if (pattern === origin) return true;
      const wild = /^(https?:\/\/)\*\.(.+)$/.exec(pattern);
      if (!wild) return false;
      return origin.startsWith(wild[1]!) && origin.slice(wild[1]!.length).endsWith(`.${wild[2]}`);
    });
}
