/**
 * A fake `CtiSessionHandle` for element tests: holds a snapshot, records executed commands,
 * can reject the next commands with a `CtiError`. `update()` publishes a new immutable snapshot
 * synchronously (the real handle coalesces per animation frame).
 */
import type { CtiSessionHandle } from '../../client/types.js';
import type { Command } from '../../domain/commands.js';
import { capabilitiesFor, NO_ACTIONS } from '../../domain/capabilities.js';
import type { Call, CallActions, Capabilities, CtiError, HubMode, SessionSnapshot, VendorId } from '../../domain/model.js';
import type { SessionConfig } from '../../vendors/adapter.js';

export const NOW = () => Date.now();

export function makeSnapshot(overrides: Partial<SessionSnapshot> = {}, vendor: VendorId = 'interact'): SessionSnapshot {
  const capabilities = overrides.capabilities ?? capabilitiesFor(vendor);
  const snapshot: SessionSnapshot = {
    key: `${capabilities.vendor}|http://cti.test|1001`,
    vendor: capabilities.vendor,
    version: 1,
    connection: { status: 'connected', since: NOW() - 60_000 },
    capabilities,
    agent: { phase: 'logged-out', since: NOW() - 5_000, detail: 'not_logged_in' },
    calls: [],
    lines: [],
    queues: [],
    pauseReasons: [],
    classifications: [],
    log: [],
    tabs: 1,
    ...overrides,
  };
  return Object.freeze(snapshot);
}

/** Actions a call in `state` allows under `caps` (a rough mirror of the call machine). */
export function actionsFor(caps: Capabilities, state: Call['state'], mustAccept = caps.answer === 'always'): CallActions {
  const live = state === 'active' || state === 'conference';
  return {
    ...NO_ACTIONS,
    answer: state === 'ringing' && caps.answer !== 'never' && mustAccept,
    reject: state === 'ringing' && caps.reject,
    hangup: caps.hangup && (live || state === 'dialing' || state === 'held'),
    hold: caps.hold && state === 'active',
    retrieve: caps.hold && state === 'held',
    consult: caps.consult && state === 'active',
    transfer: caps.transfer && state === 'active',
    conference: caps.conference && state === 'active',
    dtmf: caps.dtmf && live,
    associateData: caps.associateData && live,
  };
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
    actions: actionsFor(caps, overrides.state, mustAccept),
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
