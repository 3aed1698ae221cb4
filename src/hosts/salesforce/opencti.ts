/**
 * Open CTI for Lightning Experience (`sforce.opencti`, loaded from the org's own
 * `/support/api/<version>/lightning/opencti_min.js`) as a `HostApi`. Every method takes one object
 * argument with an optional `callback`, called with `{ success, returnValue, errors }`, where `errors`
 * is an array of `{ code, description, details? }`. A method that throws, answers `success: false`, or
 * never answers (`timeoutMs`) becomes `{ ok: false, error }`; nothing here throws.
 */
import type { ClickToDial, HostApi, HostRecord, HostResult } from './host-api.js';

interface OpenCtiError {
  readonly code?: unknown;
  readonly description?: unknown;
}
interface OpenCtiResponse {
  readonly success?: unknown;
  readonly returnValue?: unknown;
  readonly errors?: unknown;
}
type OpenCtiMethod = (args: Record<string, unknown>) => unknown;
export interface OpenCtiLike {
  readonly [method: string]: unknown;
  readonly CALL_TYPE?: { readonly INBOUND?: string; readonly OUTBOUND?: string };
}

const MAX_ERROR = 300;

function errorText(errors: unknown): string {
  const list = Array.isArray(errors) ? (errors as OpenCtiError[]) : [];
  const text = list
    .map((e) => [e?.code, e?.description].filter((p) => typeof p === 'string' && p).join(': '))
    .filter(Boolean)
    .join('; ');
  return (text || 'success: false').slice(0, MAX_ERROR);
}

function fromResponse<T>(response: unknown): HostResult<T> {
  const r = (response ?? {}) as OpenCtiResponse;
  if (r.success === true) return { ok: true, value: r.returnValue as T };
  return { ok: false, error: errorText(r.errors) };
}

/** Call `sforce.opencti[method](args)` with a callback; settles once, never rejects. */
export function callOpenCti<T = unknown>(api: OpenCtiLike, method: string, args: Record<string, unknown>, timeoutMs = 15000): Promise<HostResult<T>> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: HostResult<T>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `${method}: no answer in ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
    try {
      const fn = api[method];
      if (typeof fn !== 'function') {
        finish({ ok: false, error: `${method}: not in this Open CTI` });
        return;
      }
      const returned = (fn as OpenCtiMethod).call(api, { ...args, callback: (response: unknown) => finish(fromResponse<T>(response)) });
      // Some API versions also return a promise: whichever answers first counts.
      if (returned && typeof (returned as PromiseLike<unknown>).then === 'function') {
        (returned as PromiseLike<unknown>).then(
          (response) => finish(fromResponse<T>(response)),
          (e: unknown) => finish({ ok: false, error: `${method}: ${String((e as Error)?.message ?? e).slice(0, MAX_ERROR)}` }),
        );
      }
    } catch (e) {
      finish({ ok: false, error: `${method}: ${String((e as Error)?.message ?? e).slice(0, MAX_ERROR)}` });
    }
  });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;
}

function record(p: Record<string, unknown>): HostRecord {
  const out: Record<string, string> = {};
  for (const key of ['recordId', 'recordName', 'objectType', 'accountId', 'contactId'] as const) {
    const v = str(p[key]);
    if (v) out[key] = v;
  }
  return out;
}

/** A listener registration: `sforce.opencti[method]({ listener })` (no callback, no answer). */
function register(api: OpenCtiLike, method: string, listener: (payload: Record<string, unknown>) => void, onError: (error: string) => void): void {
  try {
    const fn = api[method];
    if (typeof fn !== 'function') throw new Error('not in this Open CTI');
    (fn as OpenCtiMethod).call(api, { listener: (payload: unknown) => listener((payload ?? {}) as Record<string, unknown>) });
  } catch (e) {
    onError(`${method}: ${String((e as Error)?.message ?? e).slice(0, MAX_ERROR)}`);
  }
}

/** The settings of the user's call center (getCallCenterSettings: a flat `{ "/section/item": value }`). */
export function getCallCenterSettings(api: OpenCtiLike): Promise<HostResult<Record<string, unknown>>> {
  return callOpenCti<Record<string, unknown>>(api, 'getCallCenterSettings', {});
}

/**
 * The integration's credentials from an Apex method (`Class.method`, see settings.ts): `runApex` answers
 * `{ runApex: "<the method's string>" }`, here the JSON `{ "user", "password" }`. The error never quotes the value.
 */
export async function credentialsFromApex(api: OpenCtiLike, apex: string): Promise<HostResult<{ user: string; password: string }>> {
  const [apexClass, methodName] = apex.split('.');
  const result = await callOpenCti<{ runApex?: unknown }>(api, 'runApex', { apexClass, methodName, methodParams: '' });
  if (!result.ok) return result;
  try {
    const raw = result.value?.runApex;
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { user?: unknown; password?: unknown } | null;
    if (parsed && typeof parsed.user === 'string' && parsed.user && typeof parsed.password === 'string') return { ok: true, value: { user: parsed.user, password: parsed.password } };
  } catch {
    /* below */
  }
  return { ok: false, error: 'runApex: the answer is not { "user": string, "password": string }' };
}

export function openCtiHost(api: OpenCtiLike, onRegisterError: (error: string) => void): HostApi {
  const callType = (direction: 'inbound' | 'outbound') =>
    direction === 'inbound' ? (api.CALL_TYPE?.INBOUND ?? 'inbound') : (api.CALL_TYPE?.OUTBOUND ?? 'outbound');
  return {
    showPanel: () => callOpenCti(api, 'setSoftphonePanelVisibility', { visible: true }),
    screenPop: ({ number, data, direction }) =>
      callOpenCti(api, 'searchAndScreenPop', {
        searchParams: number,
        // Passed to the URL only when the softphone layout pops to a Visualforce page.
        queryParams: new URLSearchParams(data).toString(),
        callType: callType(direction),
        // When the layout pops a new record on no match: its phone filled in.
        defaultFieldValues: { Phone: number },
        deferred: false,
      }),
    saveRecord: async (fields) => {
      const result = await callOpenCti<unknown>(api, 'saveLog', { value: { ...fields } });
      return result.ok ? { ok: true, value: str(result.value) } : result;
    },
    enableClickToDial: () => callOpenCti(api, 'enableClickToDial', {}),
    onClickToDial: (listener: (click: ClickToDial) => void) =>
      register(api, 'onClickToDial', (p) => {
        const number = str(p['number']);
        if (number) listener({ ...record(p), number });
      }, onRegisterError),
    onNavigationChange: (listener) =>
      register(api, 'onNavigationChange', (p) => {
        const url = str(p['url']);
        listener({ ...record(p), ...(url ? { url } : {}) });
      }, onRegisterError),
  };
}
