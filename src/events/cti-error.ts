import type { CtiError } from '../domain/model.js';

/** A new typed error (the snapshot's `lastError` changed). `detail` is the `CtiError`. */
export class CtiErrorEvent extends Event {
  readonly detail: CtiError;
  constructor(detail: CtiError) {
    super('cti-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-error': CtiErrorEvent;
  }
}
