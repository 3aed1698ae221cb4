import type { Party } from '../domain/model.js';

export interface CtiIncomingCallDetail {
  readonly callId: string;
  /** The caller (number and, when known, name). Server text: render as text. */
  readonly from: Party;
  /** Service / queue / campaign the call came through. */
  readonly service?: string;
  /** Associated data for a screen-pop (CRM keys...). Server text. */
  readonly data: Readonly<Record<string, string>>;
  readonly lineId?: string;
  /** The agent must answer it from the UI. */
  readonly mustAccept: boolean;
  /**
   * True in exactly one tab of the browser per call (the tab the hub elected: the most recently focused visible
   * one when the call appeared): pop the customer record when `primary` is true, and the CRM opens it once.
   */
  readonly primary: boolean;
  /**
   * Present when the call was never seen ringing: it arrived already connected (a queue or dialer call
   * put straight through). `cti-call-answered` follows at once.
   */
  readonly connected?: true;
}

/** A call is ringing for the agent, or arrived already connected (`detail.connected`). Dispatched by `<cti-provider>`. */
export class CtiIncomingCallEvent extends Event {
  readonly detail: CtiIncomingCallDetail;
  constructor(detail: CtiIncomingCallDetail) {
    super('cti-incoming-call', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-incoming-call': CtiIncomingCallEvent;
  }
}
