/**
 * A fake `CtiSessionHandle` for element tests: holds a snapshot, records executed commands,
 * can reject the next commands with a `CtiError`. `update()` publishes a new immutable snapshot
 * synchronously (the real handle coalesces per animation frame).
 */
import type { CtiSessionHandle } from '../../client/types.js';
import type { Command } from '../../domain/commands.js';
import { capabilitiesFor } from '../../vendors/capabilities.js';
import { computeActions } from '../../domain/call-machine.js';
import { initialSnapshot } from '../../domain/session-store.js';
import type { Call, Capabilities, CtiError, HubMode, SessionSnapshot, VendorId } from '../../domain/model.js';
import type { SessionConfig } from '../../vendors/adapter.js';

export const NOW = () => Date.now();

export function makeSnapshot(overrides: Partial<SessionSnapshot> = {}, vendor: VendorId = 'interact'): SessionSnapshot {
  const capabilities = overrides.capabilities ?? capabilitiesFor(vendor);
  const snapshot: SessionSnapshot = {
    ...initialSnapshot(`${capabilities.vendor}|http://cti.test|1001`, capabilities, NOW()),
    version: 1,
    connection: { status: 'connected', since: NOW() - 60_000 },
    agent: { phase: 'logged-out', since: NOW() - 5_000, detail: 'not_logged_in' },
    tabs: 1,
    ...overrides,
  };
  return Object.freeze(snapshot);
}

export function makeCall(caps: Capabilities, overrides: Partial<Call> & { id: string; state: Call['state'] }): Call {
  const mustAccept = overrides.mustAccept ?? caps.answer === 'always';
  return Object.freeze({
    direction: 'inbound',
    remote: [{ number: '4832001000', name: 'Maria Souza' }],
    startedAt: NOW() - 30_000,
    data: {},
    detail: overrides.state,
    mustAccept,
    // The real action rules, so element tests see exactly what the hub would publish.
    actions: computeActions({ state: overrides.state, mustAccept, ...(overrides.permissions ? { permissions: overrides.permissions } : {}) }, caps),
    ...overrides,
  });
}

export class FakeSession implements CtiSessionHandle {
  readonly config: SessionConfig;
  snapshot: SessionSnapshot | undefined;
  hubMode: HubMode | undefined = 'in-page';
  readonly commands: Command[] = [];
  disposed = false;
  /** When set, every `execute` rejects with this error. */
  rejectWith: CtiError | undefined;
  /** When set, every `execute` rejects with this non-CtiError value (contract breach, must still be caught). */
  rejectWithRaw: unknown;
  readonly #listeners = new Set<(snapshot: SessionSnapshot) => void>();

  constructor(snapshot: SessionSnapshot | undefined = makeSnapshot(), config?: Partial<SessionConfig>) {
    this.snapshot = snapshot;
    this.config = { vendor: snapshot?.vendor ?? 'interact', server: 'http://cti.test', agent: '1001', extension: '2001', ...config };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  execute(command: Command): Promise<void> {
    this.commands.push(command);
    if (this.rejectWith) return Promise.reject(this.rejectWith);
    if (this.rejectWithRaw !== undefined) return Promise.reject(this.rejectWithRaw);
    return Promise.resolve();
  }

  dispose(): void {
    this.disposed = true;
  }

  /** Publish a new snapshot (a patch on the current one, version bumped). */
  update(patch: Partial<SessionSnapshot>): SessionSnapshot {
    const prev = this.snapshot ?? makeSnapshot();
    const next = Object.freeze({ ...prev, ...patch, version: prev.version + 1 });
    this.snapshot = next;
    for (const l of this.#listeners) l(next);
    return next;
  }
}
