/**
 * Errors are of two kinds (issue #11 §1):
 *
 * - a **condition** of the connection (the network, the vendor's server, the softphone, the relay, the
 *   hub): it holds until the connection is back, is shown once per provider and clears by itself. The
 *   store keeps it as `SessionSnapshot.condition` and removes it when the connection is `connected`.
 * - a **command failure**: a command was refused. The element that sent it shows it next to the control
 *   that failed and clears it on the next success, on dismiss, or when what it referred to is gone.
 *
 * Pure: no DOM.
 */
import type { CtiError, ErrorCode, SessionSnapshot } from './model.js';

/** The error codes that name a condition of the connection, not a refused command. */
export const CONDITION_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'network',
  'server-unavailable',
  'connection-lost',
  'softphone-unavailable',
  'relay-unavailable',
  'vendor-unreachable',
  'keep-alive-lost',
  'hub-unavailable',
  'session-denied',
]);

/** The commands an element or the host page sends (`Command['type']`): an error with one as `operation` is a command failure. */
const COMMAND_TYPES: ReadonlySet<string> = new Set([
  'login', 'logout', 'ready', 'pause', 'end-after-call', 'classify', 'dial', 'answer', 'reject', 'hangup', 'hold',
  'retrieve', 'consult', 'transfer', 'conference', 'drop-party', 'dtmf', 'associate-data', 'select-line', 'redial',
  'dialer-outcome', 'schedule-callback', 'dismiss-notice', 'show-softphone', 'refresh',
]);

export function isCondition(error: Pick<CtiError, 'code'> | undefined): boolean {
  return error !== undefined && CONDITION_CODES.has(error.code);
}

/** A refused command (its `operation` is a command type), not a condition. */
export function isCommandFailure(error: Pick<CtiError, 'code' | 'operation'> | undefined): boolean {
  return error !== undefined && !isCondition(error) && error.operation !== undefined && COMMAND_TYPES.has(error.operation);
}

/**
 * The condition that holds now, if any: the store's `condition` (or, in a snapshot the page made itself
 * — the hub could not start — a condition `lastError`), while the connection is not `connected`.
 */
export function currentCondition(snapshot: SessionSnapshot | undefined): CtiError | undefined {
  if (!snapshot || snapshot.connection.status === 'connected') return undefined;
  const error = snapshot.condition ?? snapshot.lastError;
  return isCondition(error) ? error : undefined;
}
