/**
 * The page-side view of one session, as elements and the host page use it.
 * Implemented by `session.ts` (through the hub); elements get it from `<cti-provider>` via
 * @lit/context, and tests give them a fake.
 */
import type { Command } from '../domain/commands.js';
import type { ConnectionChange, HubMode, LogEntry, SessionSnapshot } from '../domain/model.js';
import type { SessionConfig } from '../vendors/adapter.js';

export interface CtiSessionHandle {
  readonly config: SessionConfig;
  /** The latest snapshot, once the hub has answered. */
  readonly snapshot: SessionSnapshot | undefined;
  /** How this tab reaches the connection, once known. */
  readonly hubMode: HubMode | undefined;
  /**
   * Called with every new snapshot, in a microtask (the latest of one task; the hub coalesces per frame interval).
   * Returns the unsubscribe function.
   */
  subscribe(listener: (snapshot: SessionSnapshot) => void): () => void;
  /** Send a command. Rejects with a `CtiError` (never a bare Error). */
  execute(command: Command): Promise<void>;
  /**
   * The session's log and connection history, asked of the hub (they are not in the snapshots a tab gets).
   * Absent on a handle without a hub (tests): the diagnostics then use what the snapshot has.
   */
  hubDiagnostics?(): Promise<{ readonly log: readonly LogEntry[]; readonly connectionHistory: readonly ConnectionChange[] }>;
  /** Detach from the hub; the connection closes when no tab is attached. */
  dispose(): void;
}
