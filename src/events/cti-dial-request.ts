export interface CtiDialRequestDetail {
  /** The number about to be dialled. */
  readonly number: string;
  /**
   * Who asked: the phone's dial button / keypad, the host page through `dial()`, or a phone link of the page
   * (`<cti-provider scan-tel-links>`).
   */
  readonly source: 'phone' | 'api' | 'link';
  /** The service / campaign it is dialled with (vendors whose dialing takes one: `capabilities.dialService`). */
  readonly service?: string;
  /** `source: 'link'`: digits after a pause or `;ext=` in the link. Not dialled: the agent sends them as DTMF. */
  readonly extension?: string;
  /** `source: 'link'`: the `tel:` link or `data-cti-dial` element that was activated. */
  readonly element?: Element;
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
