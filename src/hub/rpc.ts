/**
 * Timeouts for hub calls. comlink (and our BroadcastChannel protocol) never rejects a pending
 * call when the other side is gone, so every call from a tab goes through `withTimeout`.
 */
import type { HubApi } from './contract.js';
import type { CtiError, ErrorCode } from '../domain/model.js';

/** A plain, structured-cloneable `CtiError`. */
export function ctiError(code: ErrorCode, operation?: string, detail?: string): CtiError {
  const error: { -readonly [K in keyof CtiError]: CtiError[K] } = { code, at: Date.now() };
  if (operation !== undefined) error.operation = operation;
  if (detail !== undefined) error.detail = detail;
  return error;
}

/** Reject with `hub-unavailable` when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(ctiError('hub-unavailable', operation, `no answer from the hub in ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export interface HubTimeouts {
  /** Default per-call timeout (ms). */
  readonly callMs: number;
  /** `attach` may load an adapter module and open a connection (ms). */
  readonly attachMs: number;
  /** `command` waits for the vendor's answer (ms). */
  readonly commandMs: number;
}

export const defaultTimeouts: HubTimeouts = { callMs: 4000, attachMs: 15000, commandMs: 15000 };

/** Wrap every method of a (remote) `HubApi` with a timeout. Calls that throw synchronously become rejections. */
export function hubApiWithTimeouts(api: HubApi, timeouts: HubTimeouts = defaultTimeouts): HubApi {
  const call = <T>(op: string, ms: number, fn: () => Promise<T>): Promise<T> => {
    let p: Promise<T>;
    try {
      p = Promise.resolve(fn());
    } catch (err) {
      p = Promise.reject(err);
    }
    return withTimeout(p, ms, op);
  };
  return {
    hello: (tabId, lockName) => call('hello', timeouts.callMs, () => api.hello(tabId, lockName)),
    attach: (tabId, config, listener, secret) => call('attach', timeouts.attachMs, () => api.attach(tabId, config, listener, secret)),
    detach: (tabId, key) => call('detach', timeouts.callMs, () => api.detach(tabId, key)),
    command: (tabId, key, command, secret) => call('command', timeouts.commandMs, () => api.command(tabId, key, command, secret)),
    diagnostics: (tabId, key, secret) => call('diagnostics', timeouts.callMs, () => api.diagnostics(tabId, key, secret)),
    goodbye: (tabId) => call('goodbye', timeouts.callMs, () => api.goodbye(tabId)),
    tabFocus: (tabId, focus) => call('tabFocus', timeouts.callMs, () => api.tabFocus(tabId, focus)),
    ping: () => call('ping', timeouts.callMs, () => api.ping()),
    stats: () => call('stats', timeouts.callMs, () => api.stats()),
  };
}
