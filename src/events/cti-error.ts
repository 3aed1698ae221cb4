import type { CtiError } from '../domain/model.js';

/**
 * A failure an element shows: a new `lastError` in the snapshot (connection, frames, vendor errors), or
 * a command this tab sent that was rejected (`command` is its type: a refused sign-in, a dial while
 * disconnected, a vendor error code). One event per occurrence. `detail` is the `CtiError`.
 */
export class CtiErrorEvent extends Event {
  readonly detail: CtiError;
  /** The type of the rejected command (`dial`, `login`, `hold`…); absent for a snapshot error. */
  readonly command: string | undefined;
  constructor(detail: CtiError, command?: string) {
    super('cti-error', { bubbles: true, composed: true });
    this.detail = detail;
    this.command = command;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-error': CtiErrorEvent;
  }
}
