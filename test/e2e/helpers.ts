/** Helpers for end-to-end tests: the real hub worker, real EventSource/fetch, the vendor simulators. */
import { createCtiSession } from '../../src/client/session.js';
import type { CtiSessionHandle } from '../../src/client/types.js';
import type { CtiError, SessionSnapshot } from '../../src/domain/model.js';
import type { SessionConfig } from '../../src/vendors/adapter.js';
import { startSimulator, type SimulatorHandle } from '../support/simulators.js';

export type { SimulatorHandle };
export { startSimulator };

let counter = 0;
export function uniqueHubName(prefix = 'e2e'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 8000, everyMs = 5): Promise<NonNullable<T>> {
  const start = performance.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A session through the real SharedWorker hub (unique hub name: test pages share one browser context). */
export function openSession(config: SessionConfig, hubName = uniqueHubName()): CtiSessionHandle {
  return createCtiSession(config, { hub: { name: hubName, pingIntervalMs: 0 } });
}

export async function until(session: CtiSessionHandle, predicate: (s: SessionSnapshot) => boolean, what: string, timeoutMs = 8000): Promise<SessionSnapshot> {
  return waitFor(() => (session.snapshot && predicate(session.snapshot) ? session.snapshot : undefined), what, timeoutMs);
}

export async function control(sim: SimulatorHandle, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.control}/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator control ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export interface SimState {
  openChannels: number;
  channels: { id: number; subscriptions?: unknown[] }[];
  agents: { name: string; state: string; loggedIn: boolean }[];
  calls: { call_id: string }[];
  requests: Record<string, number>;
}

/** A websockify relay started by the test server (`/__sim/relay`), one token per target. */
export interface Relay {
  id: string;
  url: string;
}

export async function startRelay(targets: Record<string, string>): Promise<Relay> {
  const res = await fetch('/__sim/relay', { method: 'POST', body: JSON.stringify({ targets }) });
  if (!res.ok) throw new Error(`relay: ${res.status} ${await res.text()}`);
  return (await res.json()) as Relay;
}

export function simState(sim: SimulatorHandle): Promise<SimState> {
  return control(sim, 'state');
}

/** The `CtiError` a command rejected with (fails the test when it resolved). */
export async function rejection(p: Promise<unknown>): Promise<CtiError> {
  try {
    await p;
  } catch (e) {
    return e as CtiError;
  }
  throw new Error('expected the command to be rejected');
}
