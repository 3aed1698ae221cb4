import type { Notice } from '../domain/model.js';

/**
 * The vendor announced something that is not a call yet (a new entry in the snapshot's `notices`:
 * Catix scheduled calls). `detail` is the `Notice` `{ id, kind, at, dueAt?, data }`; `data` is server text.
 * Dispatched by `<cti-provider>`.
 */
export class CtiNoticeEvent extends Event {
  readonly detail: Notice;
  constructor(detail: Notice) {
    super('cti-notice', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-notice': CtiNoticeEvent;
  }
}
