/**
 * INTERFACE ONLY for now: implemented by the domain work (agent/call machines).
 * Folds DomainEvents into immutable SessionSnapshots. Pure: no DOM, no Lit, no comlink.
 */
import type { Clock } from './clock.js';
import type { DomainEvent } from './events.js';
import type { Capabilities, ErrorCode, LogLevel, SessionSnapshot } from './model.js';

export interface SessionStoreOptions {
  readonly key: string;
  readonly capabilities: Capabilities;
  readonly clock: Clock;
  /** Called when the snapshot changes on its own (a timer removing an ended call, for example). */
  readonly onChange?: (snapshot: SessionSnapshot) => void;
  /** How long an ended call stays visible (ms). Default 4000. */
  readonly endedCallLingerMs?: number;
  /** Log entries kept (default 50). */
  readonly logLimit?: number;
}

export interface SessionStore {
  readonly snapshot: SessionSnapshot;
  /** Apply an event; returns the new snapshot (the same object when nothing changed). */
  apply(event: DomainEvent): SessionSnapshot;
  setTabs(tabs: number): SessionSnapshot;
  log(level: LogLevel, message: string, code?: ErrorCode): SessionSnapshot;
  /** Stop timers. */
  dispose(): void;
}
