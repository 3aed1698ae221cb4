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
}

/**
 * The agent or the host page is about to dial. Cancelable: `preventDefault()` vetoes the call
 * (e.g. a CRM that forbids calling a blocked contact). `detail` is plain data (it can be posted to another
 * window); the page element a `source: 'link'` dial came from is `event.element`.
 */
export class CtiDialRequestEvent extends Event {
  readonly detail: CtiDialRequestDetail;
  /** `source: 'link'`: the `tel:` link or `data-cti-dial` element that was activated; otherwise `undefined`. */
  readonly element: Element | undefined;
  constructor(detail: CtiDialRequestDetail, element?: Element) {
    super('cti-dial-request', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
    this.element = element;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-dial-request': CtiDialRequestEvent;
  }
}
