export interface CtiDialRequestDetail {
  /** The number about to be dialled. */
  readonly number: string;
  /** Who asked: the phone's dial button / keypad, or the host page through `dial()`. */
  readonly source: 'phone' | 'api';
  /** The service / campaign it is dialled with (vendors whose dialing takes one: `capabilities.dialService`). */
  readonly service?: string;
}

/**
 * The agent or the host page is about to dial. Cancelable: `preventDefault()` vetoes the call
 * (e.g. a CRM that forbids calling a blocked contact).
 */
export class CtiDialRequestEvent extends Event {
  readonly detail: CtiDialRequestDetail;
  constructor(detail: CtiDialRequestDetail) {
    super('cti-dial-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-dial-request': CtiDialRequestEvent;
  }
}
